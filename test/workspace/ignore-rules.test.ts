import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigFiles } from '../../server/src/config/config-files';
import { IgnoreRules, patternLayer } from '../../server/src/workspace/ignore-rules';

/** Ignore rules over in-memory files: `.graceful.yaml`, `.gitignore` and `.git` markers by path. */
function rules(files: Record<string, string>, roots: readonly string[] = ['/r'], exclude?: readonly string[]): IgnoreRules {
  return new IgnoreRules(roots, {
    configs: new ConfigFiles((path) => files[path]),
    readGitignore: (path) => files[path],
    isRepositoryRoot: (folder) => `${folder}/.git` in files,
    ...(exclude && { exclude: (path: string) => (path.startsWith('/r/') ? patternLayer('/r', exclude) : undefined) }),
  });
}

test('`ignore` globs: relative to the config folder, names at any depth, folders cover their content', () => {
  const ignored = rules({ '/r/.graceful.yaml': 'ignore: ["charts/**", "*.tmpl.yaml", "vendor/", "/top.yaml"]\n' });
  assert.ok(ignored.isIgnored('/r/charts/a/b.yaml'));
  assert.ok(ignored.isIgnored('/r/deep/x.tmpl.yaml'));
  assert.ok(ignored.isIgnored('/r/deep/vendor/x.yaml'));
  assert.ok(ignored.isIgnored('/r/top.yaml'));
  assert.ok(!ignored.isIgnored('/r/deep/top.yaml'));
  assert.ok(!ignored.isIgnored('/r/deep/charts/a.yaml'));
  assert.ok(!ignored.isIgnored('/r/x.yaml'));
  assert.ok(!ignored.isIgnored('/r/vendor'), 'a trailing slash matches folders only');
  assert.ok(ignored.isIgnored('/r/vendor', true));
});

test('a folder that `ignore` leaves out stays out, even under a nested .graceful.yaml that does not ignore it', () => {
  const ignored = rules({ '/r/.graceful.yaml': 'ignore: [team]\n', '/r/team/.graceful.yaml': 'rules: {}\n' });
  assert.ok(ignored.isIgnored('/r/team', true));
  assert.ok(ignored.isIgnored('/r/team/deploy.yaml'));
  assert.ok(ignored.isExcluded('/r/team/deploy.yaml'));
});

test('.gitignore: nested files, negations, the deepest match decides, an ignored folder cannot be re-included', () => {
  const ignored = rules({
    '/r/.git': '',
    '/r/.gitignore': 'generated/\n*.rendered.yaml\n',
    '/r/keep/.gitignore': '!*.rendered.yaml\n',
    '/r/generated/.gitignore': '!x.yaml\n',
  });
  assert.ok(ignored.isIgnored('/r/a.rendered.yaml'));
  assert.ok(!ignored.isIgnored('/r/keep/a.rendered.yaml'));
  assert.ok(ignored.isIgnored('/r/generated/x.yaml'));
  assert.ok(!ignored.isExcluded('/r/generated/x.yaml'), 'a named file is held to Graceful’s own patterns only');
  assert.ok(!ignored.isIgnored('/r/web.yaml'));
});

test('.gitignore files apply from the repository root; a nested repository takes none from above', () => {
  const files = { '/r/.git': '', '/r/.gitignore': '*.rendered.yaml\nvendored/\n', '/r/vendored/.git': '' };
  // Walking a subfolder of the repository still applies the root's .gitignore.
  assert.ok(rules(files, ['/r/sub']).isIgnored('/r/sub/a.rendered.yaml'));
  assert.ok(!rules(files, ['/r/vendored']).isIgnored('/r/vendored/x.rendered.yaml'));
  // Found inside a walk of the outer repository, it is one of its folders: the outer .gitignore leaves it out.
  assert.ok(rules(files, ['/r']).isIgnored('/r/vendored/x.yaml'));
  // Without a repository, .gitignore files apply from the walked folder down.
  const plain = { '/.gitignore': '*.yaml\n', '/w/.gitignore': 'gen/\n' };
  assert.ok(rules(plain, ['/w']).isIgnored('/w/gen/a.yaml'));
  assert.ok(!rules(plain, ['/w']).isIgnored('/w/a.yaml'));
});

test('`graceful.exclude` is compiled by the same matcher: a name matches at any depth, folders cover their content', () => {
  const ignored = rules({}, ['/r'], ['policies', 'other/**', '**/pdb.yaml']);
  assert.ok(ignored.isIgnored('/r/policies/pdb-a.yaml'));
  assert.ok(ignored.isIgnored('/r/a/policies/x.yaml'));
  assert.ok(ignored.isIgnored('/r/other/deploy.yaml'));
  assert.ok(ignored.isIgnored('/r/app/pdb.yaml'));
  assert.ok(!ignored.isIgnored('/r/app/deploy.yaml'));
  assert.ok(!ignored.isIgnored('/elsewhere/policies/x.yaml'));
});

test('verdicts are cached per folder until clear()', () => {
  const files: Record<string, string> = { '/r/.graceful.yaml': 'ignore: [a]\n' };
  const configs = new ConfigFiles((path) => files[path]);
  const ignoreRules = new IgnoreRules(['/r'], { configs, readGitignore: () => undefined, isRepositoryRoot: () => false });
  assert.ok(ignoreRules.isIgnored('/r/a/x.yaml'));
  files['/r/.graceful.yaml'] = 'ignore: [b]\n';
  configs.clear();
  ignoreRules.clear();
  assert.ok(!ignoreRules.isIgnored('/r/a/x.yaml'));
  assert.ok(ignoreRules.isIgnored('/r/b/x.yaml'));
});
