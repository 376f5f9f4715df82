import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CodeLens, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { rulePageSection } from '../../server/src/rules/rule-page';
import { containerPort, deployment, preStopSleep } from '../helpers/manifests';
import { buildServer, LspClient, positionOf, tempWorkspace } from './lsp-client';

const WORKLOADS = `${deployment({
  name: 'api',
  replicas: 1,
  app: 'api',
  podSpec: '      terminationGracePeriodSeconds: 60\n',
  fields: `          command: ["gunicorn", "--graceful-timeout", "30", "app:app"]
${containerPort(8000)}          readinessProbe:
            httpGet:
              path: /readyz
              port: 8000
          lifecycle:
            preStop:
              exec:
                command: ["sleep", "15"]
`,
})}---
${deployment({
  kind: 'StatefulSet',
  name: 'db',
  replicas: 1,
  app: 'db',
  podSpec: '      terminationGracePeriodSeconds: 20\n',
  fields: preStopSleep(15),
})}---
${deployment({ apiVersion: 'batch/v1', kind: 'Job', name: 'migrate', podSpec: '      restartPolicy: Never\n' })}`;

let workspace: ReturnType<typeof tempWorkspace>;
let client: LspClient;
let uri: string;

before(async () => {
  buildServer();
  workspace = tempWorkspace({ 'workloads.yaml': WORKLOADS });
  client = await LspClient.start({ root: workspace.root });
  uri = workspace.uri('workloads.yaml');
  await client.open(uri, WORKLOADS);
  await client.diagnostics(uri);
});

after(async () => {
  await client.stop();
  workspace.dispose();
});

const hoverAt = async (needle: string, occurrence = 0) => {
  const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(WORKLOADS, needle, occurrence, 2) });
  return hover && { value: (hover.contents as MarkupContent).value, range: hover.range };
};

test('hovering terminationGracePeriodSeconds shows the shutdown timeline', async () => {
  const hover = await hoverAt('terminationGracePeriodSeconds');
  assert.ok(hover);
  assert.match(hover.value, /\*\*t=0\*\* pod Terminating, endpoint removal starts/);
  assert.match(hover.value, /\*\*t=0\*\* preStop sleeps 15 s in `api`/);
  assert.match(hover.value, /\*\*t=15\*\* SIGTERM reaches PID 1 \(`gunicorn`, exec form\)/);
  assert.match(hover.value, /drain budget 30 s \(gunicorn --graceful-timeout\); 45 s left before SIGKILL/);
  assert.match(hover.value, /\*\*t=60\*\* SIGKILL \(terminationGracePeriodSeconds 60\)/);
  assert.doesNotMatch(hover.value, /⚠/);
  assert.deepEqual(hover.range?.start, positionOf(WORKLOADS, 'terminationGracePeriodSeconds'));
});

test('preStop, lifecycle and probes show the same timeline; the warning is inline where the arithmetic fails', async () => {
  for (const key of ['lifecycle', 'preStop', 'readinessProbe']) {
    const hover = await hoverAt(key);
    assert.match(hover?.value ?? '', /Shutdown timeline/, key);
  }
  const db = await hoverAt('preStop', 1);
  assert.ok(db);
  assert.match(db.value, /\*\*t=20\*\* SIGKILL/);
  assert.match(db.value, /⚠ only 5 s between SIGTERM and SIGKILL, but the app needs 15 s to drain/);
});

test('hovering a finding shows the rule, the message and its fixes, then the timeline', async () => {
  const hover = await hoverAt('terminationGracePeriodSeconds', 1);
  assert.ok(hover);
  assert.match(hover.value, /`grace-period-shortfall`, warning/);
  assert.match(hover.value, /Fixes:\n- .+\(preferred\)/);
  assert.match(hover.value, /\[Documentation\]\(https:\/\/.+grace-period-shortfall\.md\)/);
  const why = rulePageSection('grace-period-shortfall', 'Why it matters');
  assert.ok(why && hover.value.includes(why), "the rule page's 'Why it matters' section");
  assert.ok(hover.value.indexOf('grace-period-shortfall') < hover.value.indexOf('Shutdown timeline'));
});

test('no hover on plain fields, past the end, or in a Job', async () => {
  assert.equal(await hoverAt('image: example/api'), null);
  assert.equal(await hoverAt('restartPolicy'), null);
  assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 500, character: 0 } }), null);
});

test('a code lens above each long-running workload shows its timeline in one line', async () => {
  const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
  assert.deepEqual(
    lenses.map((l) => [l.range.start.line, l.command?.title]),
    [
      [positionOf(WORKLOADS, 'kind: Deployment').line, 'preStop 15s → SIGTERM → drain 45s → SIGKILL at 60s'],
      [positionOf(WORKLOADS, 'kind: StatefulSet').line, 'preStop 15s → SIGTERM → drain 5s (needs 15s) ⚠ → SIGKILL at 20s'],
    ],
  );
});

test('graceful.codeLens.enable: false turns the lenses off', async () => {
  client.settings = { codeLens: { enable: false } };
  await client.notifyServer('workspace/didChangeConfiguration', { settings: null });
  assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri } }), []);
  client.settings = {};
  await client.notifyServer('workspace/didChangeConfiguration', { settings: null });
  assert.equal((await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } })).length, 2);
});

test("hovering a Dockerfile's CMD, ENTRYPOINT or STOPSIGNAL tells what PID 1 is and whether the signal reaches the app", async () => {
  const dockerfile =
    'FROM python:3.12 AS build\nCMD ["python"]\nFROM python:3.12-slim\nSTOPSIGNAL SIGINT\nENTRYPOINT ["tini", "--"]\nCMD ["gunicorn", "app:app"]\n';
  const dockerUri = workspace.uri('Dockerfile');
  await client.open(dockerUri, dockerfile, 'dockerfile');
  const at = async (needle: string, occurrence = 0) => {
    const hover = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: dockerUri },
      position: positionOf(dockerfile, needle, occurrence, 1),
    });
    return hover && (hover.contents as MarkupContent).value;
  };
  for (const needle of ['ENTRYPOINT', 'STOPSIGNAL']) {
    const value = await at(needle);
    assert.match(value ?? '', /- PID 1: `tini` \(an init\)\n- app: `gunicorn`\n- stop signal: SIGINT\n- reaches the app: yes/, needle);
  }
  assert.match((await at('CMD', 1)) ?? '', /PID 1 of this image/);
  assert.equal(await at('CMD'), null, 'a CMD of an earlier stage decides nothing');
  assert.equal(await at('FROM'), null);
});
