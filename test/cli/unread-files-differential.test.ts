import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../shared/src/settings';
import { Analyzer } from '../../server/src/analyzer';
import { DiskWorkspace } from '../../server/src/cli/disk-workspace';
import { ConfigFiles } from '../../server/src/config/config-files';
import { IgnoreRules } from '../../server/src/workspace/ignore-rules';
import { readSourceText } from '../../server/src/workspace/source';
import { walkSync } from '../../server/src/workspace/walk';

const CORPORA = ['k8s', 'helm'].map((name) => resolve(__dirname, '../corpora', name));

/**
 * The CLI leaves out files whose every document is of a kind nothing reads (`unreadFileKinds`), texts and all.
 * Over the corpora (the CRD-heavy bench tree is made of the helm corpus's files), its report must be the
 * analysis of an analyzer that holds every file: the same findings, problems and skipped kinds, file by file.
 */
test('leaving out files of kinds nothing reads changes no finding, problem or skipped count', () => {
  for (const root of CORPORA) {
    const { files } = walkSync([root], root, new IgnoreRules([root], { configs: new ConfigFiles(() => undefined) }));
    const workspace = new DiskWorkspace(files, () => DEFAULT_SETTINGS, undefined, false);
    const everything = new Analyzer({ fs: { readText: readSourceText }, syntaxProblems: 'read' });
    for (const path of files) everything.setFile(path, readSourceText(path)!);
    const left = files.filter((path) => !workspace.analyzer.hasFile(path));
    assert.ok(left.length > 50, `${root}: the corpus has files of CRDs and other kinds nothing reads (${left.length})`);
    const expected = files.map((path) => {
      const analysis = everything.analyze(path, DEFAULT_SETTINGS)!;
      return { path, findings: analysis.findings, problems: analysis.problems, skippedKinds: everything.unreadKinds(path) };
    });
    assert.deepEqual(
      workspace.report().map(({ path, findings, problems, skippedKinds }) => ({ path, findings, problems, skippedKinds })),
      expected,
    );
  }
});
