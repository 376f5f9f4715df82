import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { buildServer, LspClient, positionOf, tempWorkspace } from '../lsp/lsp-client';
import { FIXTURES } from './chart-workspace';
import { findTestHelm } from './helm-tool';

const { helm, skip } = findTestHelm();

/** The `timeline` fixture chart under `timeline/`, rendered with a values file the user names in `.graceful.yaml`. */
function timelineFiles(): Record<string, string> {
  const files: Record<string, string> = {
    'timeline/.graceful.yaml': 'helm:\n  values: [prod.yaml]\n',
    'timeline/prod.yaml': '# production\nterminationGracePeriodSeconds: 60\n',
  };
  for (const name of ['Chart.yaml', 'values.yaml']) files[`timeline/${name}`] = readFileSync(`${FIXTURES}/timeline/${name}`, 'utf8');
  for (const name of readdirSync(`${FIXTURES}/timeline/templates`))
    files[`timeline/templates/${name}`] = readFileSync(`${FIXTURES}/timeline/templates/${name}`, 'utf8');
  return files;
}

describe('hover timelines on chart templates (real helm, over stdio)', { skip }, () => {
  const files = timelineFiles();
  let workspace: ReturnType<typeof tempWorkspace>;
  let client: LspClient;
  before(async () => {
    buildServer();
    workspace = tempWorkspace(files);
    client = await LspClient.start({ root: workspace.root, initializationOptions: { helm: { path: helm } } });
  });
  after(async () => {
    await client.stop();
    workspace.dispose();
  });

  const hover = async (name: string, needle: string) => {
    const uri = workspace.uri(`timeline/templates/${name}`);
    const hovered = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri },
      position: positionOf(files[`timeline/templates/${name}`]!, needle, 0, 2),
    });
    return hovered && (hovered.contents as MarkupContent).value;
  };

  it('on a literal key and on the directive that prints the hook: the rendered timeline and where each value came from, values files named by the user included', async () => {
    const uri = workspace.uri('timeline/templates/deployment.yaml');
    await client.open(uri, files['timeline/templates/deployment.yaml']!);
    // The chart renders once indexed; as written, nothing in the template says so: wait for a render to end.
    await client.waitFor('a render', () => (client.progress.some((p) => (p as { value?: { kind?: string } }).value?.kind === 'end') ? true : undefined));
    // prod.yaml (named in .graceful.yaml) raises G from values.yaml's 45 to 60.
    const grace = await hover('deployment.yaml', 'terminationGracePeriodSeconds');
    assert.ok(grace, 'a hover on the template');
    assert.match(grace, /\*\*Rendered `Deployment release-name-api`\*\*/);
    assert.match(grace, /\*\*t=60\*\* SIGKILL \(terminationGracePeriodSeconds 60\)/);
    assert.match(
      grace,
      /G = 60 s: `terminationGracePeriodSeconds` written at `templates\/deployment\.yaml:15`, from `\.Values\.terminationGracePeriodSeconds` \(set in `values\.yaml:2`, then `prod\.yaml:2`\)/,
    );
    assert.match(grace, /R = 40 s: gunicorn --graceful-timeout written at `templates\/deployment\.yaml:19`/);
    const hook = await hover('deployment.yaml', '{{- toYaml');
    assert.match(
      hook ?? '',
      /P = 10 s: preStop of `api` printed by `\{\{- toYaml \. \| nindent 12 \}\}` at `templates\/deployment\.yaml:24`, from `\.Values\.lifecycle` \(set in `values\.yaml:3`\)/,
    );
    assert.equal(await hover('deployment.yaml', 'image:'), null);
  });

  it('on a line a range prints once per object: one timeline naming both objects, after the finding the line carries', async () => {
    const uri = workspace.uri('timeline/templates/workers.yaml');
    await client.open(uri, files['timeline/templates/workers.yaml']!);
    await client.diagnostics(uri, (d) => d.filter((x) => x.code === 'grace-period-shortfall').length === 2);
    const value = await hover('workers.yaml', 'include');
    assert.ok(value);
    assert.match(value, /`grace-period-shortfall`, warning/);
    assert.match(value, /\*\*Rendered `Deployment worker-east`, `Deployment worker-west`\*\*/);
    assert.match(value, /G = 30 s: `terminationGracePeriodSeconds` is absent, the Kubernetes default/);
    assert.match(
      value,
      /P = 20 s: preStop of `worker` printed by `\{\{- include "timeline\.preStop" \$ \| nindent 12 \}\}` at `templates\/workers\.yaml:16`, from `include "timeline\.preStop"`, written at `templates\/_helpers\.tpl:2`/,
    );
  });
});
