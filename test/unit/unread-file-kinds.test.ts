import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../shared/src/settings';
import { Analyzer, syntaxErrorCount } from '../../server/src/analyzer';
import { deployment, pdb, service } from '../helpers/manifests';

const CRD = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n';
const ROLE = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reader\n';

test('unreadFileKinds: the kinds of a YAML text only when the analyzer would read nothing in it', () => {
  const analyzer = new Analyzer({ fs: { readText: () => undefined }, syntaxProblems: 'read' });
  const kinds = (text: string, path = '/w/a.yaml') => analyzer.unreadFileKinds(path, text);
  assert.deepEqual(kinds(`${CRD}---\n${ROLE}`), ['CustomResourceDefinition', 'Role']);
  assert.deepEqual(kinds(`# comment\n---\n${CRD}`), ['CustomResourceDefinition']);
  assert.equal(kinds(`${CRD}---\napiVersion: v1\nkind: Service\n`), undefined, 'a Service lends facts');
  assert.equal(kinds(`${CRD}---\napiVersion: v1\nkind: List\nitems: []\n`), undefined, 'a List may hold a read kind');
  assert.equal(kinds(`${CRD}---\nfoo: 1\n`), undefined, 'a document without a kind line is read');
  assert.equal(kinds(`${CRD}kind: Role\n`), undefined, 'two kind lines: not simple, parsed');
  assert.equal(kinds(`${CRD}\0`), undefined, 'a binary file is reported as such');
  assert.equal(kinds(CRD, '/w/Dockerfile'), undefined, 'not a YAML file');
  for (const syntaxProblems of [true, undefined]) {
    const all = new Analyzer({ fs: { readText: () => undefined }, ...(syntaxProblems === undefined ? {} : { syntaxProblems }) });
    assert.equal(all.unreadFileKinds('/w/a.yaml', CRD), undefined, 'every syntax error is wanted: every document is parsed');
  }
  assert.deepEqual(new Analyzer({ fs: { readText: () => undefined }, syntaxProblems: false }).unreadFileKinds('/w/a.yaml', CRD), ['CustomResourceDefinition']);
});

test('keepFactOnlyParses: false lets the parses of documents only the index reads go, and changes no finding, problem or fact', () => {
  const manifest = [deployment({ replicas: 2, app: 'web' }), service({ selector: { app: 'web' } }), pdb(), `${CRD}spec: [unclosed\n`].join('---\n');
  for (const syntaxProblems of [true, 'read'] as const) {
    const make = (keepFactOnlyParses: boolean) => {
      const analyzer = new Analyzer({ fs: { readText: () => undefined }, syntaxProblems, keepFactOnlyParses });
      analyzer.setFile('/w/app.yaml', manifest);
      analyzer.setFile('/w/svc.yaml', service({ name: 'other', selector: { app: 'api' } }));
      return analyzer;
    };
    const lean = make(false);
    const full = make(true);
    for (const path of ['/w/app.yaml', '/w/svc.yaml']) assert.deepEqual(lean.analyze(path, DEFAULT_SETTINGS), full.analyze(path, DEFAULT_SETTINGS), path);
    assert.deepEqual(lean.index.servicesSelecting(undefined, { app: 'web' }), full.index.servicesSelecting(undefined, { app: 'web' }));
    // A reader that comes later (--fix's guards count syntax errors) parses them again.
    assert.equal(syntaxErrorCount(lean.yamlFile('/w/app.yaml')), syntaxErrorCount(full.yamlFile('/w/app.yaml')));
    assert.ok(syntaxErrorCount(lean.yamlFile('/w/app.yaml')) > 0);
  }
});
