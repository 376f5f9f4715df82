import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import type { RuleId } from '../../shared/src/rule-ids';
import { lint } from '../helpers/workspace';
import { expandSnippet, snippetChoices } from './snippet-syntax';

interface Snippet {
  readonly prefix: string;
  readonly body: readonly string[];
  readonly description: string;
}

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { snippets: { language: string; path: string }[] } };
const snippetFiles = manifest.contributes.snippets.map(({ language, path }) => ({
  language,
  snippets: Object.values(JSON.parse(readFileSync(join(root, path), 'utf8')) as Record<string, Snippet>),
}));
const snippetsOf = (language: string) => snippetFiles.filter((f) => f.language === language).flatMap((f) => f.snippets);

/** Inserts a snippet the way VS Code does at a cursor after `indent`: later lines get the same indentation. */
function insertAt(indent: string, expanded: string): string {
  return expanded
    .split('\n')
    .map((line) => indent + line)
    .join('\n');
}

/** Every way a user can fill the snippet's choices (each with its other placeholders at their defaults). */
function expansions(snippet: Snippet): string[] {
  const body = snippet.body.join('\n');
  let picks: Map<number, string>[] = [new Map()];
  for (const [index, options] of snippetChoices(body)) picks = picks.flatMap((pick) => options.map((o) => new Map(pick).set(index, o)));
  return picks.map((pick) => expandSnippet(body, { choose: (index, options) => pick.get(index) ?? options[0]! }));
}

const CONTAINER_INDENT = ' '.repeat(10);
const PRESTOP = `lifecycle:
  preStop:
    sleep:
      seconds: 15`;
const PROBES = `readinessProbe:
  httpGet:
    path: /readyz
    port: http
livenessProbe:
  httpGet:
    path: /livez
    port: http`;
const PDB = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: my-app
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: my-app`;

/**
 * A replicated Deployment that is graceful in every respect, built from parts so a test can
 * leave one part out (the rule for it must fire) or replace it with a snippet (nothing may fire).
 */
function deployment(parts: { lifecycle?: string; probes?: string; pdb?: string } = {}): string {
  const containerFields = [parts.lifecycle ?? PRESTOP, parts.probes ?? PROBES].filter(Boolean).map((f) => insertAt(CONTAINER_INDENT, f));
  return (
    [
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-app
spec:
  replicas: 3
  minReadySeconds: 10
  strategy:
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: my-app
  template:
    metadata:
      labels:
        app.kubernetes.io/name: my-app
    spec:
      terminationGracePeriodSeconds: 45
      containers:
        - name: my-app
          image: registry.example.com/my-app:1.0.0
          ports:
            - name: http
              containerPort: 8080`,
      ...containerFields,
      ...(parts.pdb === '' ? [] : ['---', parts.pdb ?? PDB]),
    ].join('\n') + '\n'
  );
}

const DOCKERFILE_HOST = 'FROM debian:bookworm-slim\n';

/** How each snippet is placed in a host file, and the rule that fires when the host lacks it. */
const HOSTS: Record<string, { place: (expanded: string) => string; without: string; firesWithout: RuleId; path: string }> = {
  'graceful-deployment': { place: (s) => s, without: deployment({ lifecycle: '', pdb: '' }), firesWithout: 'missing-prestop', path: '/w/deploy.yaml' },
  'graceful-pdb': { place: (s) => deployment({ pdb: s }), without: deployment({ pdb: '' }), firesWithout: 'missing-pdb', path: '/w/deploy.yaml' },
  'graceful-probes': {
    place: (s) => deployment({ probes: s }),
    without: deployment({ probes: '' }),
    firesWithout: 'missing-readiness-probe',
    path: '/w/deploy.yaml',
  },
  'graceful-prestop': {
    place: (s) => deployment({ lifecycle: s }),
    without: deployment({ lifecycle: '' }),
    firesWithout: 'missing-prestop',
    path: '/w/deploy.yaml',
  },
  'graceful-prestop-exec': {
    place: (s) => deployment({ lifecycle: s }),
    without: deployment({ lifecycle: '' }),
    firesWithout: 'missing-prestop',
    path: '/w/deploy.yaml',
  },
  'graceful-dockerfile-cmd': {
    place: (s) => DOCKERFILE_HOST + s + '\n',
    without: DOCKERFILE_HOST + 'CMD /usr/local/bin/app --serve\n',
    firesWithout: 'shell-form-cmd',
    path: '/w/Dockerfile',
  },
  'graceful-tini': {
    place: (s) => DOCKERFILE_HOST + s + '\n',
    without: DOCKERFILE_HOST + 'CMD /usr/local/bin/app\n',
    firesWithout: 'shell-form-cmd',
    path: '/w/Dockerfile',
  },
};

test('the manifest contributes the Kubernetes and Dockerfile snippet files, each snippet prefixed graceful-', () => {
  assert.deepEqual(snippetFiles.map((f) => f.language).sort(), ['dockerfile', 'yaml']);
  const prefixes = snippetFiles.flatMap((f) => f.snippets.map((s) => s.prefix));
  assert.deepEqual([...prefixes].sort(), Object.keys(HOSTS).sort(), 'every snippet needs a host below, and every host a snippet');
  for (const file of snippetFiles) for (const s of file.snippets) assert.ok(s.description.length > 20, `${s.prefix} needs a description`);
});

test('the hosts are graceful apart from the part a snippet fills in', () => {
  for (const [prefix, host] of Object.entries(HOSTS)) {
    const found = lint(host.without, undefined, { path: host.path });
    assert.ok(
      found.some((f) => f.ruleId === host.firesWithout),
      `${prefix}: the host without the snippet should trigger ${host.firesWithout}, got ${JSON.stringify(found.map((f) => f.ruleId))}`,
    );
  }
  assert.deepEqual(
    lint(deployment(), undefined, { path: '/w/deploy.yaml' }).map((f) => `${f.ruleId}: ${f.message}`),
    [],
  );
});

for (const [language, kind] of [
  ['yaml', 'Kubernetes'],
  ['dockerfile', 'Dockerfile'],
] as const) {
  for (const snippet of snippetsOf(language)) {
    test(`${kind} snippet ${snippet.prefix} expands to text Graceful finds nothing in`, () => {
      const host = HOSTS[snippet.prefix]!;
      for (const expanded of expansions(snippet)) {
        const text = host.place(expanded);
        if (language === 'yaml') {
          for (const doc of parseAllDocuments(text))
            assert.deepEqual(
              doc.errors.map((e) => e.message),
              [],
              text,
            );
        }
        assert.deepEqual(
          lint(text, undefined, { path: host.path }).map((f) => `${f.ruleId}: ${f.message}`),
          [],
          text,
        );
      }
    });
  }
}

test('the Deployment snippet ties its names together and shuts down within its grace period', () => {
  const [text] = expansions(snippetsOf('yaml').find((s) => s.prefix === 'graceful-deployment')!);
  const [deploy, pdb] = parseAllDocuments(text!).map((d) => d.toJS());
  assert.equal(deploy.spec.template.spec.containers[0].name, 'my-app');
  assert.deepEqual(pdb.spec.selector.matchLabels, deploy.spec.template.metadata.labels);
  assert.deepEqual(deploy.spec.selector.matchLabels, deploy.spec.template.metadata.labels);
  const container = deploy.spec.template.spec.containers[0];
  assert.ok(deploy.spec.template.spec.terminationGracePeriodSeconds > container.lifecycle.preStop.sleep.seconds);
  assert.notEqual(container.readinessProbe.httpGet.path, container.livenessProbe.httpGet.path);
  assert.equal(deploy.spec.strategy.rollingUpdate.maxUnavailable, 0);
});
