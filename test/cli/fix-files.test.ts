import assert from 'node:assert/strict';
import { chmodSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeFileAtomic } from '../../server/src/cli/write-file-atomic';
import { removeTree, tempTree } from './cli-process';

test('writeFileAtomic writes only over the content the run read, keeping the mode', () => {
  const root = tempTree({ 'a.yaml': 'old\n' });
  try {
    const path = join(root, 'a.yaml');
    chmodSync(path, 0o600);
    assert.equal(writeFileAtomic(path, Buffer.from('older\n'), Buffer.from('new\n')), 'changed on disk during the run');
    assert.equal(readFileSync(path, 'utf8'), 'old\n');
    assert.equal(writeFileAtomic(path, Buffer.from('old\n'), Buffer.from('new\n')), undefined);
    assert.equal(readFileSync(path, 'utf8'), 'new\n');
    assert.equal(statSync(path).mode & 0o7777, 0o600);
    assert.equal(writeFileAtomic(join(root, 'gone.yaml'), Buffer.from(''), Buffer.from('x')), 'no such file or directory');
  } finally {
    removeTree(root);
  }
});
