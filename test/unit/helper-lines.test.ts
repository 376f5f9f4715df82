import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chartDefines, helperLineOf, isHelperFile } from '../../server/src/helm/helper-lines';
import { templateAnatomy } from '../../server/src/helm/template-lines';

const HELPERS = `{{/* Shared pod parts. */}}
{{- define "app.preStop" -}}
preStop:
  exec:
    command: ["sleep", "20"]
{{- end }}

{{- define "app.probes" -}}
{{- if .Values.probes }}
livenessProbe:
  tcpSocket:
    port: {{ .Values.port }}
{{- end }}
readinessProbe:
  tcpSocket:
    port: 8080
{{- end }}
{{- block "app.extra" . }}
terminationGracePeriodSeconds: 60
{{- end }}
outside: true
`;
const OTHER = `{{- define "other.ports" }}
readinessProbe:
  tcpSocket:
    port: 9090
{{- end }}
`;

const defines = chartDefines([
  ['/c/templates/_helpers.tpl', templateAnatomy(HELPERS)],
  ['/c/templates/_other.tpl', templateAnatomy(OTHER)],
]);
const lineOf = (helper: string, rendered: string) => {
  const at = helperLineOf(defines, helper, rendered);
  return at && { path: at.path, text: (at.path.endsWith('_other.tpl') ? OTHER : HELPERS).slice(at.range.start, at.range.end), message: at.message };
};

describe('lines that helpers write', () => {
  it('points at the one line of the included define written as the rendered text, whatever the indentation', () => {
    assert.deepEqual(lineOf('app.preStop', '            preStop:'), {
      path: '/c/templates/_helpers.tpl',
      text: 'preStop:',
      message: '`include "app.preStop"` writes this line',
    });
    assert.equal(lineOf('app.preStop', '  command: ["sleep", "20"]')?.text, 'command: ["sleep", "20"]');
    assert.equal(lineOf('app.probes', 'livenessProbe:')?.text, 'livenessProbe:');
    assert.equal(lineOf('app.extra', 'terminationGracePeriodSeconds: 60')?.text, 'terminationGracePeriodSeconds: 60');
  });

  it('is silent where that is not sure: text another define also writes, lines holding actions, text outside the define, blank lines', () => {
    assert.equal(lineOf('app.probes', 'readinessProbe:'), undefined);
    assert.equal(lineOf('app.probes', 'tcpSocket:'), undefined);
    assert.equal(lineOf('app.probes', 'port: 80'), undefined);
    assert.equal(lineOf('app.probes', 'port: 8080')?.text, 'port: 8080');
    assert.equal(lineOf('app.preStop', 'outside: true'), undefined);
    assert.equal(lineOf('app.preStop', 'livenessProbe:'), undefined);
    assert.equal(lineOf('app.preStop', '   '), undefined);
    assert.equal(lineOf('missing', 'preStop:'), undefined);
  });

  it('knows helper files from templates', () => {
    assert.ok(isHelperFile('templates/_helpers.tpl'));
    assert.ok(isHelperFile('charts/redis/templates/_lib/_names.tpl'));
    assert.ok(!isHelperFile('templates/deployment.yaml'));
    assert.ok(!isHelperFile('templates/helpers.tpl'));
    assert.ok(!isHelperFile('files/_helpers.tpl'));
  });
});
