import type { RuleId } from '../../shared/src/rule-ids';
import type { ShellKind } from '../../server/src/model/image-shell';
import { findings } from './workspace';

/**
 * `-c` scripts whose fate differs between shells, shared by the rule test that checks each
 * rule's verdict per shell (test/rules/shell-per-shell.test.ts) and by the test that runs
 * them under the real dash, bash and BusyBox (test/real-shells/real-shells.test.ts).
 * Program names are stand-ins there: each is a tiny script, the app sleeps.
 */
export const SHELL_SCRIPTS: readonly string[] = [
  'python app.py',
  'python "app.py" --port 80',
  'cd /app && python app.py',
  'cd /app && exec python app.py',
  './migrate && ./server',
  './migrate; ./server',
  './migrate\n./server --port 80',
  'python manage.py migrate && gunicorn app:wsgi',
  './setup; nginx -g "daemon off;"',
  'ulimit -c 0 && ./server',
  'set -e; ./migrate; ./server',
  'export MODE=web; ./server',
  'exec >/dev/null 2>&1; ./server',
  './server > /log',
  './migrate && ./server >> /log',
  './server 2>&1',
  'PORT=80 ./server',
  './server | tee /log',
  'cd /app && java -jar app.jar | tee log',
  './server && echo bye',
  './server || echo failed',
  './server; sleep 5',
  './server & ./worker & wait',
  'worker & python app.py',
  'python app.py; wait',
  '! ./server',
  'if true; then ./server; fi',
  'if [ -n "$HOME" ]; then ./a; fi; ./server > /log',
  './migrate\n./server\n',
  './migrate\n./server\n\n',
  './server # the app\n',
  'if true; then\n  ./server\nfi',
  'if true; then ./server; fi\n',
  'case x in x) ./server;; esac',
  '{ ./migrate; ./server; }',
  '(./server)',
  'while true; do ./server; done',
  'for i in 1; do ./server; done',
  'f() { ./server; }; f',
  "trap 'kill -TERM $child' TERM; ./server & child=$!; wait $child",
  "trap '' INT; ./server",
  'x=$(./probe); ./server',
];

/** What the shells of the real-shell test are in the model: Debian 12's dash, bash 5.2, BusyBox 1.35. */
export const MODELLED_SHELLS: Readonly<Record<'dash' | 'bash' | 'busybox', ShellKind>> = { dash: 'dash', bash: 'bash', busybox: 'ash' };

/** A Dockerfile whose final stage runs `script` under each shell, as the rules see it: shell form and an exec-form wrapper. */
const DOCKERFILES: Readonly<Record<keyof typeof MODELLED_SHELLS, (script: string) => Array<[string, RuleId]>>> = {
  dash: (s) => [
    [`FROM debian:12\nCMD ${s.replace(/\n/g, ' \\\n  ')}\n`, 'shell-form-cmd'],
    [`FROM debian:12\nCMD ["sh", "-c", ${JSON.stringify(s)}]\n`, 'shell-wrapper-without-exec'],
  ],
  bash: (s) => [
    [`FROM debian:12\nSHELL ["/bin/bash", "-c"]\nCMD ${s.replace(/\n/g, ' \\\n  ')}\n`, 'shell-form-cmd'],
    [`FROM debian:12\nCMD ["bash", "-c", ${JSON.stringify(s)}]\n`, 'shell-wrapper-without-exec'],
  ],
  busybox: (s) => [
    [`FROM alpine:3.20\nCMD ${s.replace(/\n/g, ' \\\n  ')}\n`, 'shell-form-cmd'],
    [`FROM alpine:3.20\nCMD ["sh", "-c", ${JSON.stringify(s)}]\n`, 'shell-wrapper-without-exec'],
  ],
};

/**
 * Whether the rules flag `script` run by `shell`: the exec-form wrapper's verdict
 * (shell-wrapper-without-exec). Shell form is checked to agree where Docker joins the script
 * onto one line without changing it (no newlines) and reads it as shell form (no leading `[`).
 */
export function ruleFires(script: string, shell: keyof typeof MODELLED_SHELLS): boolean {
  const [[shellForm, formRule], [wrapper, wrapperRule]] = DOCKERFILES[shell](script) as [[string, RuleId], [string, RuleId]];
  const wrapped = findings({ '/w/Dockerfile': wrapper }, '/w/Dockerfile', wrapperRule).length > 0;
  // Written as CMD, a script that starts with `[` is broken JSON, reported under every shell.
  if (!script.includes('\n') && !script.startsWith('[')) {
    const formed = findings({ '/w/Dockerfile': shellForm }, '/w/Dockerfile', formRule).length > 0;
    if (formed !== wrapped) throw new Error(`shell form and wrapper disagree under ${shell}: ${script}`);
  }
  return wrapped;
}
