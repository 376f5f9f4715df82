import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ConfigFiles, readConfigFromDisk } from '../../server/src/config/config-files';
import { IgnoreRules } from '../../server/src/workspace/ignore-rules';
import { walkAsync, walkSync } from '../../server/src/workspace/walk';
import { removeTree, tempTree } from '../cli/cli-process';

const made: string[] = [];
after(() => made.forEach(removeTree));

const rulesFor = (root: string) => new IgnoreRules([root], { configs: new ConfigFiles(readConfigFromDisk) });

test('the command line and the server walk one way: same files, same problems', async () => {
  const root = tempTree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': 'generated/\n',
    '.graceful.yaml': 'ignore: ["**/pdb.yaml"]\n',
    'app/deploy.yaml': 'a: 1\n',
    'app/pdb.yaml': 'a: 1\n',
    'app/Dockerfile': 'FROM alpine\n',
    'app/notes.txt': 'x\n',
    'generated/x.yaml': 'a: 1\n',
    'node_modules/m/x.yaml': 'a: 1\n',
    'nested/.git/HEAD': 'ref: refs/heads/main\n',
    'nested/generated/y.yaml': 'a: 1\n',
  });
  made.push(root);
  symlinkSync('..', join(root, 'app/up'));
  symlinkSync('missing.yaml', join(root, 'app/gone.yaml'));
  const sync = walkSync(['.'], root, rulesFor(root));
  const async = await walkAsync([root], rulesFor(root));
  assert.deepEqual(sync.files, [`${root}/app/Dockerfile`, `${root}/app/deploy.yaml`, `${root}/nested/generated/y.yaml`]);
  assert.deepEqual(sync.problems, [{ path: `${root}/app/gone.yaml`, message: 'broken symbolic link' }]);
  assert.deepEqual(async, sync);
});

test('a folder reached through a link and by its own path is walked once, its subfolders too, whichever comes first', async () => {
  const root = tempTree({ 'z/sub/x.yaml': 'a: 1\n', 'z/y.yaml': 'a: 1\n', 'real/w.yaml': 'a: 1\n' });
  made.push(root);
  symlinkSync('z', join(root, 'b-link'));
  symlinkSync('../sub', join(root, 'z/sub/again'));
  symlinkSync('real', join(root, 'top'));
  // The link sorts before its target: the target's files are found under the link's path, once.
  const sync = walkSync(['.', 'top'], root, rulesFor(root));
  assert.deepEqual(sync.files, [`${root}/b-link/sub/x.yaml`, `${root}/b-link/y.yaml`, `${root}/real/w.yaml`]);
  assert.deepEqual(await walkAsync([root, `${root}/top`], rulesFor(root)), sync);
});
