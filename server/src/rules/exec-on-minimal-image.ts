import type { Rule } from './rule';

// PLACEHOLDER: replaced by the rule's real implementation.
export const rule: Rule = {
  meta: {
    id: 'exec-on-minimal-image',
    defaultSeverity: 'warning',
    title: 'exec-on-minimal-image',
    summary: 'exec-on-minimal-image',
    docs: '',
    fixable: false,
    needsCompleteObject: true,
  },
};
