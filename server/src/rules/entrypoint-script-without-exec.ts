import type { Rule } from './rule';

// PLACEHOLDER: replaced by the rule's real implementation.
export const rule: Rule = {
  meta: {
    id: 'entrypoint-script-without-exec',
    defaultSeverity: 'warning',
    title: 'entrypoint-script-without-exec',
    summary: 'entrypoint-script-without-exec',
    docs: '',
    fixable: false,
    needsCompleteObject: true,
  },
};
