import type { Dockerfile } from 'dockerfile-ast';
import type { RuleId } from '../../../shared/src/rule-ids';

/** Our rules that BuildKit's `JSONArgsRecommended` check (shown by Docker's VS Code extension) duplicates. */
const DUPLICATED_BY_DOCKER: ReadonlySet<RuleId> = new Set(['shell-form-cmd', 'shell-form-entrypoint']);

/**
 * Whether Docker's own `JSONArgsRecommended` warning already marks this finding's
 * line. BuildKit skips that check when the final stage sets `SHELL` (shell form is
 * then deliberate) or when a `# check=skip=` directive names it or `all`; Graceful
 * still flags those, so they are not duplicates.
 */
export function duplicatedByDockerExtension(ruleId: RuleId, dockerfile: Dockerfile): boolean {
  if (!DUPLICATED_BY_DOCKER.has(ruleId)) return false;
  const check = dockerfile.getDirectives().find((d) => d.getName().toLowerCase() === 'check');
  const skipped =
    /(?:^|;)\s*skip\s*=\s*([^;]*)/i
      .exec(check?.getValue() ?? '')?.[1]
      ?.split(',')
      .map((s) => s.trim()) ?? [];
  if (skipped.includes('all') || skipped.includes('JSONArgsRecommended')) return false;
  const froms = dockerfile.getFROMs();
  const finalFrom = froms[froms.length - 1];
  const finalStart = finalFrom ? finalFrom.getRange().start.line : 0;
  return !dockerfile.getInstructions().some((i) => i.getKeyword() === 'SHELL' && i.getRange().start.line > finalStart);
}
