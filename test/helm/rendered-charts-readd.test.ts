import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Analyzer } from '../../server/src/analyzer';
import { RenderedCharts } from '../../server/src/helm/rendered-charts';
import type { ChartRender } from '../../server/src/helm/render-chart';
import { renderedPathOf } from '../../server/src/helm/rendered-output';
import { templateAnatomy } from '../../server/src/helm/template-lines';
import { DEFAULT_SETTINGS } from '../../shared/src/settings';

const CHART = '/ws/app';
const DEPLOYMENT = `${CHART}/templates/deployment.yaml`;
const PDB = `${CHART}/templates/pdb.yaml`;
const deployment = (replicas: number) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: ${replicas}\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx\n`;
const PDB_TEXT =
  'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app: web}\n';

/** A render of the chart: each template rendered as written, its lines untraced (the seam does not read them). */
function render(texts: Record<string, string>): ChartRender {
  const files = Object.entries(texts).map(([template, text]) => ({ path: renderedPathOf(template), template, text, lines: [], documents: 1 }));
  return {
    ok: true,
    files,
    templates: new Map(Object.entries(texts).map(([t, text]) => [t, templateAnatomy(text)])),
    archives: [],
    helpers: new Map(),
    overrides: { valuesFiles: [], set: [] },
  };
}

describe('a re-render in the analyser', () => {
  it('setting rendered files again with the same text changes neither the index nor the cached results of the others', () => {
    const analyzer = new Analyzer({ fs: { readText: () => undefined } });
    const charts = new RenderedCharts();
    charts.add(CHART, render({ [DEPLOYMENT]: deployment(2), [PDB]: PDB_TEXT }));
    charts.addTo(analyzer, CHART);
    const settings = DEFAULT_SETTINGS;
    const pdbAnalysis = analyzer.analyze(renderedPathOf(PDB), settings);
    const { revision, generation } = analyzer.index;

    charts.add(CHART, render({ [DEPLOYMENT]: deployment(2), [PDB]: PDB_TEXT }));
    charts.addTo(analyzer, CHART);
    assert.equal(analyzer.index.revision, revision);
    assert.equal(analyzer.index.generation, generation);
    assert.equal(analyzer.analyze(renderedPathOf(PDB), settings), pdbAnalysis, 'the memo still answers');

    // An edit that changes a fact (replicas) changes the generation; the PDB's text is the same, so its parse is kept.
    charts.add(CHART, render({ [DEPLOYMENT]: deployment(3), [PDB]: PDB_TEXT }));
    charts.addTo(analyzer, CHART);
    assert.notEqual(analyzer.index.generation, generation);
    assert.equal(analyzer.text(renderedPathOf(PDB)), PDB_TEXT);
  });
});
