import type { Analyzer } from '../analyzer';
import { analyzePid1, type Pid1Analysis } from '../model/pid1';
import { dirname, type WorkspaceFs } from '../model/workspace-fs';
import type { OffsetRange } from '../types';
import { touches } from './object-at';

const VERDICT: Record<Pid1Analysis['reaches'], string> = {
  yes: 'yes',
  no: 'no: the app is killed without a chance to drain',
  unknown: 'Graceful cannot tell',
};

/** The effective CMD, ENTRYPOINT and STOPSIGNAL of the final stage: the instructions that decide PID 1. */
function decidingRanges(analysis: Pid1Analysis): OffsetRange[] {
  return [analysis.entrypoint?.range, analysis.cmd?.range, analysis.stopSignalRange].filter((r): r is OffsetRange => r !== undefined);
}

/**
 * On a Dockerfile's effective CMD, ENTRYPOINT or STOPSIGNAL: what PID 1 will be,
 * which signal `docker stop` and the kubelet send it, and whether it reaches the app.
 * `fs` reads the entrypoint scripts the image copies in from its build contexts.
 */
export function pid1Hover(analyzer: Analyzer, path: string, offset: number, fs: WorkspaceFs): { markdown: string; range: OffsetRange } | undefined {
  const dockerfile = analyzer.dockerfile(path);
  const text = analyzer.text(path);
  if (!dockerfile || text === undefined) return undefined;
  const contexts = analyzer.index.buildContextsFor(path);
  const analysis = analyzePid1(path, dockerfile, text, fs, contexts.length > 0 ? contexts : [dirname(path)]);
  const range = decidingRanges(analysis).find((r) => touches(r, offset));
  if (!range) return undefined;
  const facts = [
    analysis.pid1 && `- PID 1: \`${analysis.pid1}\`${analysis.init ? ' (an init)' : ''}`,
    analysis.app && `- app: \`${analysis.app}\``,
    `- stop signal: ${analysis.stopSignal}`,
    analysis.command === 'inherited' || analysis.command === 'unknown' ? undefined : `- reaches the app: ${VERDICT[analysis.reaches]}`,
  ].filter((line): line is string => Boolean(line));
  return { markdown: ['**PID 1 of this image**', '', analysis.summary, '', ...facts].join('\n'), range };
}
