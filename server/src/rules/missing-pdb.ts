import type { Rule } from './rule';

// PLACEHOLDER: replaced by the rule's real implementation.
export const rule: Rule = {
  meta: {
    id: 'missing-pdb',
    defaultSeverity: 'warning',
    title: 'missing-pdb',
    summary: 'missing-pdb',
    docs: '',
    fixable: false,
    needsCompleteObject: true,
  },
};
