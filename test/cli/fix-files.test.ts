import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeFileAtomic, writeFilesAtomic } from '../../server/src/cli/write-file-atomic';
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

test('writeFilesAtomic writes several files as one change: none when one changed or cannot be read', () => {
  const root = tempTree({ 'templates/a.yaml': 'a\n', 'values.yaml': 'v\n' });
  try {
    const a = join(root, 'templates/a.yaml');
    const values = join(root, 'values.yaml');
    const both = (expectedValues: string, valuesPath = values) => [
      { path: a, expected: Buffer.from('a\n'), content: Buffer.from('A\n') },
      { path: valuesPath, expected: Buffer.from(expectedValues), content: Buffer.from('V\n') },
    ];
    assert.equal(writeFilesAtomic(both('changed\n')), 'values.yaml changed on disk during the run');
    assert.equal(readFileSync(a, 'utf8'), 'a\n');
    // A folder where a file should be: nothing is written either.
    mkdirSync(join(root, 'dir.yaml'));
    assert.match(writeFilesAtomic(both('', join(root, 'dir.yaml'))) ?? '', /^dir\.yaml: /);
    assert.equal(readFileSync(a, 'utf8'), 'a\n');
    assert.equal(writeFilesAtomic(both('v\n')), undefined);
    assert.deepEqual([readFileSync(a, 'utf8'), readFileSync(values, 'utf8')], ['A\n', 'V\n']);
  } finally {
    removeTree(root);
  }
});
