import type { Rule } from './rule';

// PLACEHOLDER: replaced by the rule's real implementation.
export const rule: Rule = {
  meta: {
    id: 'missing-min-ready-seconds',
    defaultSeverity: 'warning',
    title: 'missing-min-ready-seconds',
    summary: 'missing-min-ready-seconds',
    docs: '',
    fixable: false,
    needsCompleteObject: true,
  },
};
