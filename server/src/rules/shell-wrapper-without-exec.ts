import type { Rule } from './rule';

// PLACEHOLDER: replaced by the rule's real implementation.
export const rule: Rule = {
  meta: {
    id: 'shell-wrapper-without-exec',
    defaultSeverity: 'warning',
    title: 'shell-wrapper-without-exec',
    summary: 'shell-wrapper-without-exec',
    docs: '',
    fixable: false,
    needsCompleteObject: true,
  },
};
