import type { Rule } from './rule';

// PLACEHOLDER: replaced by the rule's real implementation.
export const rule: Rule = {
  meta: {
    id: 'missing-prestop',
    defaultSeverity: 'warning',
    title: 'missing-prestop',
    summary: 'missing-prestop',
    docs: '',
    fixable: false,
    needsCompleteObject: true,
  },
};
