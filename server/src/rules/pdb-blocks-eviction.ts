import type { Rule } from './rule';

// PLACEHOLDER: replaced by the rule's real implementation.
export const rule: Rule = {
  meta: {
    id: 'pdb-blocks-eviction',
    defaultSeverity: 'warning',
    title: 'pdb-blocks-eviction',
    summary: 'pdb-blocks-eviction',
    docs: '',
    fixable: false,
    needsCompleteObject: true,
  },
};
