import assert from 'node:assert/strict';
import { test } from 'node:test';
import { staleFiles } from '../../scripts/generated-files';

test('every generated file is up to date with the registry and docs/rules', () => {
  assert.deepEqual(
    staleFiles().map(({ file }) => file.path),
    [],
    'run npm run generate',
  );
});
