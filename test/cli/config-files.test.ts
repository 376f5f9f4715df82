import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigFiles, formatConfigError } from '../../server/src/config/config-files';

function files(map: Record<string, string | Error>) {
  const reads: string[] = [];
  const reader = (path: string) => {
    reads.push(path);
    const entry = map[path];
    if (entry instanceof Error) throw entry;
    return entry;
  };
  return { reads, reader };
}

test('the nearest .graceful.yaml at or above the folder applies, looked up once per folder', () => {
  const { reads, reader } = files({ '/repo/.graceful.yaml': 'drainSeconds: 20\n', '/repo/team/.graceful.yaml': 'preStopSeconds: 5\n' });
  const configs = new ConfigFiles(reader);
  assert.deepEqual(configs.forFile('/repo/team/app/x.yaml')?.settings, { preStopSeconds: 5 });
  assert.deepEqual(configs.forFile('/repo/other/x.yaml')?.settings, { drainSeconds: 20 });
  assert.equal(configs.forFile('/elsewhere/x.yaml'), undefined);
  const before = reads.length;
  configs.forFile('/repo/team/app/y.yaml');
  configs.forFile('/repo/other/z.yaml');
  assert.equal(reads.length, before, 'cached');
  assert.equal(new Set(reads).size, reads.length, 'each candidate read once');
});

test('an explicit file applies everywhere; a missing one is an error', () => {
  const { reader } = files({ '/cfg/ci.yaml': 'rules:\n  missing-pdb: "off"\n' });
  assert.deepEqual(new ConfigFiles(reader, '/cfg/ci.yaml').forFile('/repo/x.yaml')?.settings, { rules: { 'missing-pdb': 'off' } });
  const missing = new ConfigFiles(reader, '/cfg/none.yaml');
  missing.forFile('/repo/x.yaml');
  assert.deepEqual(missing.errors().map(formatConfigError), ['/cfg/none.yaml: (file): no such file']);
});

test('errors name the file, the line and the key; an unreadable file is an error too', () => {
  const { reader } = files({
    '/a/.graceful.yaml': '# settings\npreStopSeconds: soon\nrules:\n  missing-prestop: warning\n  not-a-rule: error\n',
    '/b/.graceful.yaml': new Error('not UTF-8 text'),
  });
  const configs = new ConfigFiles(reader);
  configs.forFile('/a/x.yaml');
  configs.forFile('/b/x.yaml');
  assert.deepEqual(configs.errors().map(formatConfigError), [
    '/a/.graceful.yaml:2: preStopSeconds: expected whole seconds from 0 to 86400, got "soon"',
    '/a/.graceful.yaml:5: rules.not-a-rule: unknown rule id (run `graceful rules` for the list)',
    '/b/.graceful.yaml: (file): cannot read: not UTF-8 text',
  ]);
});
