import assert from 'node:assert/strict';
import { test } from 'node:test';
import { annotationSilenced, ignoreDirectiveIn, isSilenced, parseSuppressions } from '../../server/src/config/suppressions';

test('a comment line silences the next line; a trailing YAML comment its own line', () => {
  const s = parseSuppressions('# graceful-ignore missing-prestop\n- name: a\n  replicas: 3 # graceful-ignore missing-pdb -- managed elsewhere\n', 'yaml');
  assert.ok(isSilenced(s.lines.get(1), 'missing-prestop'));
  assert.ok(!isSilenced(s.lines.get(1), 'missing-pdb'));
  assert.ok(isSilenced(s.lines.get(2), 'missing-pdb'));
});

test('no ids silences all rules; lists take commas and spaces', () => {
  const s = parseSuppressions('# graceful-ignore\na: 1\n# graceful-ignore missing-pdb, pdb-blocks-eviction\nb: 2\n', 'yaml');
  assert.equal(s.lines.get(1), 'all');
  assert.ok(isSilenced(s.lines.get(3), 'pdb-blocks-eviction'));
});

test('file-level directives and Dockerfile comments', () => {
  const s = parseSuppressions('# syntax=docker/dockerfile:1\n# graceful-ignore-file shell-form-cmd\nFROM x\nCMD run # graceful-ignore\n', 'dockerfile');
  assert.ok(isSilenced(s.file, 'shell-form-cmd'));
  assert.equal(s.lines.size, 0, 'a Dockerfile has no trailing comments');
});

test('a lookalike word is not a directive', () => {
  const s = parseSuppressions('# graceful-ignored missing-pdb\na: 1\n', 'yaml');
  assert.equal(s.lines.size, 0);
});

test('the object annotation', () => {
  assert.ok(isSilenced(annotationSilenced({ 'graceful.dev/ignore': 'missing-pdb,missing-prestop' }), 'missing-prestop'));
  assert.equal(annotationSilenced({ 'graceful.dev/ignore': '' }), 'all');
  assert.equal(annotationSilenced({}), undefined);
});

test('comments in a CRLF file silence as in an LF file (the line break is not part of the last id)', () => {
  const s = parseSuppressions('# graceful-ignore missing-prestop\r\n- name: a\r\n# graceful-ignore-file missing-pdb\r\n', 'yaml');
  assert.ok(isSilenced(s.lines.get(1), 'missing-prestop'));
  assert.ok(isSilenced(s.file, 'missing-pdb'));
});

test('one grammar: the directive the analysis reads is the one the editor features extend', () => {
  const d = ignoreDirectiveIn('  # graceful-ignore missing-pdb, missing-prestop   -- managed by the platform team');
  assert.deepEqual(d && { ...d }, { at: 2, fileLevel: false, ids: ['missing-pdb', 'missing-prestop'], idsEnd: 48, wholeLine: true });
  assert.equal(ignoreDirectiveIn('replicas: 3 # graceful-ignore-file')?.wholeLine, false);
  assert.deepEqual(ignoreDirectiveIn('# graceful-ignore -- why')?.ids, []);
});
