import type { Rule } from './rule';

// PLACEHOLDER: replaced by the rule's real implementation.
export const rule: Rule = {
  meta: {
    id: 'missing-startup-probe',
    defaultSeverity: 'warning',
    title: 'missing-startup-probe',
    summary: 'missing-startup-probe',
    docs: '',
    fixable: false,
    needsCompleteObject: true,
  },
};
