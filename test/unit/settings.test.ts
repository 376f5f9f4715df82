import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../shared/src/settings';
import { mergeSettings, parseConfigText } from '../../server/src/config/settings';

test('a valid config file', () => {
  const { settings, errors } = parseConfigText(
    'rules:\n  missing-pdb: off\npreStopSeconds: 10\nkubernetesVersion: "1.29"\nignore: ["charts/**"]\n',
    '.graceful.yaml',
  );
  assert.deepEqual(errors, []);
  const merged = mergeSettings(DEFAULT_SETTINGS, settings);
  assert.equal(merged.rules['missing-pdb'], 'off');
  assert.equal(merged.preStopSeconds, 10);
  assert.equal(merged.kubernetesVersion, '1.29');
  assert.equal(merged.drainSeconds, DEFAULT_SETTINGS.drainSeconds);
});

test('errors name the file, key and line', () => {
  const { errors } = parseConfigText(
    'preStopSeconds: 10\nrules:\n  missing-pdbb: off\n  missing-prestop: loud\ndrainSeconds: -1\nbogus: 1\n',
    '/repo/.graceful.yaml',
  );
  const keys = errors.map((e) => e.key);
  assert.deepEqual(keys.sort(), ['bogus', 'drainSeconds', 'rules.missing-pdbb', 'rules.missing-prestop']);
  assert.ok(errors.every((e) => e.source === '/repo/.graceful.yaml'));
  assert.equal(errors.find((e) => e.key === 'drainSeconds')!.line, 5);
});

test('an error in a rule entry points at the entry, not at `rules:`', () => {
  const text = 'rules:\n  missing-pdb: off\n  no-such-rule: warning\n  missing-prestop: loud\nignore: [a]\n';
  const { errors } = parseConfigText(text, '.graceful.yaml');
  assert.equal(errors.find((e) => e.key === 'rules.no-such-rule')!.line, 3);
  assert.equal(errors.find((e) => e.key === 'rules.missing-prestop')!.line, 4);
});

test('a syntax error is one clear error with a line', () => {
  const { errors } = parseConfigText('rules: [\n', 'x.yaml');
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.key, '(syntax)');
  assert.ok(errors[0]!.line! >= 1);
});

test('unquoted version numbers are read as written', () => {
  assert.equal(parseConfigText('kubernetesVersion: 1.30\n', 'x').settings.kubernetesVersion, '1.30');
  assert.equal(parseConfigText('kubernetesVersion: 1.29\n', 'x').settings.kubernetesVersion, '1.29');
});
