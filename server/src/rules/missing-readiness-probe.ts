import type { Rule } from './rule';

// PLACEHOLDER: replaced by the rule's real implementation.
export const rule: Rule = {
  meta: {
    id: 'missing-readiness-probe',
    defaultSeverity: 'warning',
    title: 'missing-readiness-probe',
    summary: 'missing-readiness-probe',
    docs: '',
    fixable: false,
    needsCompleteObject: true,
  },
};
