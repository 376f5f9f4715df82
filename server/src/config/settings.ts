import { isScalar, parseDocument } from 'yaml';
import { keyPathKeys } from '../parse/key-path';
import { LineIndex } from '../parse/line-index';
import { isRuleId, type RuleId } from '../../../shared/src/rule-ids';
import { isSeverityName, SETTING_KINDS, type AnalysisSettings, type SeverityName } from '../../../shared/src/settings';

export type PartialSettings = { -readonly [K in keyof AnalysisSettings]?: AnalysisSettings[K] };

/** A problem in a configuration source, naming where and which key. */
export interface ConfigError {
  readonly source: string;
  readonly key: string;
  readonly message: string;
  /** One-based line in a config file, when known. */
  readonly line?: number;
}

/**
 * Validates settings from any source (a parsed `.graceful.yaml`, VS Code's
 * `graceful.*`, the CLI): keeps what is valid, reports the rest by key.
 */
export function validateSettings(
  raw: unknown,
  source: string,
  /** The line of a key path (`rules.missing-pdb`), or of its nearest written parent. */
  lineOf: (key: string) => number | undefined = () => undefined,
): { settings: PartialSettings; errors: ConfigError[] } {
  const settings: PartialSettings = {};
  const errors: ConfigError[] = [];
  const fail = (key: string, message: string) => {
    const line = lineOf(key);
    errors.push(line === undefined ? { source, key, message } : { source, key, message, line });
  };
  if (raw === null || raw === undefined) return { settings, errors };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    errors.push({ source, key: '(root)', message: 'expected a mapping of settings' });
    return { settings, errors };
  }
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!(key in SETTING_KINDS)) {
      fail(key, `unknown setting; expected one of ${Object.keys(SETTING_KINDS).join(', ')}`);
      continue;
    }
    const kind = SETTING_KINDS[key as keyof typeof SETTING_KINDS];
    if (kind === 'rules') {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        fail(key, 'expected a mapping of rule id to off|hint|info|warning|error');
        continue;
      }
      const rules: Partial<Record<RuleId, SeverityName>> = {};
      for (const [id, severity] of Object.entries(value as Record<string, unknown>)) {
        if (!isRuleId(id)) fail(`rules.${id}`, 'unknown rule id (run `graceful rules` for the list)');
        else if (!isSeverityName(severity)) fail(`rules.${id}`, `invalid severity ${JSON.stringify(severity)}; expected off, hint, info, warning or error`);
        else rules[id] = severity;
      }
      settings.rules = rules;
    } else if (kind === 'seconds') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 86400)
        fail(key, `expected whole seconds from 0 to 86400, got ${JSON.stringify(value)}`);
      else (settings as Record<string, unknown>)[key] = value;
    } else if (kind === 'version') {
      const text = typeof value === 'number' ? String(value) : value;
      if (typeof text !== 'string' || !/^1\.\d{1,2}$/.test(text)) fail(key, `expected a Kubernetes minor version such as "1.30", got ${JSON.stringify(value)}`);
      else settings.kubernetesVersion = text;
    } else if (kind === 'path') {
      if (typeof value !== 'string' || !value.startsWith('/')) fail(key, `expected an HTTP path starting with "/", got ${JSON.stringify(value)}`);
      else (settings as Record<string, unknown>)[key] = value;
    } else {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) fail(key, 'expected a list of glob strings');
      else settings.ignore = value;
    }
  }
  return { settings, errors };
}

/** Parses the text of a `.graceful.yaml`. */
export function parseConfigText(
  text: string,
  source: string,
): { settings: PartialSettings; errors: ConfigError[]; helm?: { value: unknown; line: number | undefined } } {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const [e] = doc.errors;
  if (e) {
    const line = text.slice(0, e.pos[0]).split('\n').length;
    return { settings: {}, errors: [{ source, key: '(syntax)', message: e.message.split('\n', 1)[0] ?? '', line }] };
  }
  const lines = new LineIndex(text);
  const lineOf = (key: string): number | undefined => {
    // The deepest written key of the path (`rules` when `rules.x` is not a written key).
    const offset = keyPathKeys(doc.contents, key.split('.')).at(-1)?.range?.[0];
    return offset === undefined ? undefined : lines.positionAt(offset).line + 1;
  };
  const raw = doc.toJS({ maxAliasCount: 100 }) as unknown;
  // `kubernetesVersion: 1.30` unquoted is the number 1.3 in YAML: keep the digits as written.
  const version = doc.get('kubernetesVersion', true);
  if (isScalar(version) && typeof version.value === 'number' && version.source && raw && typeof raw === 'object') {
    (raw as Record<string, unknown>).kubernetesVersion = version.source;
  }
  // `helm` is not an analysis setting: config-files.ts hands it to helm/helm-config.ts.
  if (raw && typeof raw === 'object' && 'helm' in raw) {
    const { helm, ...rest } = raw as Record<string, unknown>;
    return { ...validateSettings(rest, source, lineOf), helm: { value: helm, line: lineOf('helm') } };
  }
  return validateSettings(raw, source, lineOf);
}

/** Later sources win key by key; `rules` merge rule by rule. */
export function mergeSettings(base: AnalysisSettings, ...layers: readonly PartialSettings[]): AnalysisSettings {
  let out: AnalysisSettings = base;
  for (const layer of layers) out = { ...out, ...layer, rules: { ...out.rules, ...(layer.rules ?? {}) } };
  return out;
}
