import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Analyzer } from '../../server/src/analyzer';

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
