import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint } from '../helpers/workspace';

test('non-Kubernetes YAML gets no findings', () => {
  assert.deepEqual(lint('on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n'), []);
});
