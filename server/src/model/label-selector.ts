/** A Kubernetes label selector (`matchLabels` and `matchExpressions`). */
export interface LabelSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly matchExpressions: readonly SelectorRequirement[];
}

export interface SelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values: readonly string[];
}

/** Whether `selector` selects pods carrying `labels`. An empty selector selects everything. */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels)) if (labels[key] !== value) return false;
  for (const { key, operator, values } of selector.matchExpressions) {
    const value = Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : undefined;
    const has = value !== undefined;
    const ok = operator === 'In' ? has && values.includes(value) : operator === 'NotIn' ? !has || !values.includes(value) : operator === 'Exists' ? has : !has;
    if (!ok) return false;
  }
  return true;
}

/** A Service-style selector (a plain map): every key must be among the labels with the same value. */
export function mapSelectorMatches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return selectorMatches({ matchLabels: selector, matchExpressions: [] }, labels);
}
