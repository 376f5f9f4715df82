import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anchorText, findings, workspace, type Files } from '../helpers/workspace';

const RULE = 'entrypoint-script-without-exec';
const PATH = '/w/app/Dockerfile';
const found = (files: Files) => findings(files, PATH, RULE);

const NO_EXEC = '#!/bin/sh\nset -e\npython manage.py migrate\n"$@"\n';
const WITH_EXEC = '#!/bin/sh\nset -e\npython manage.py migrate\nexec "$@"\n';

test('fires on a copied script whose last command is not exec-ed; related information points at that command', () => {
  const dockerfile = 'FROM python:3.12\nCOPY docker/entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\nCMD ["gunicorn", "app:wsgi"]\n';
  const files = { [PATH]: dockerfile, '/w/app/docker/entrypoint.sh': NO_EXEC };
  const [finding, ...rest] = found(files);
  assert.equal(rest.length, 0);
  assert.equal(anchorText(dockerfile, finding!), 'ENTRYPOINT ["/entrypoint.sh"]');
  assert.match(finding!.message, /runs `\/entrypoint.sh`, whose last command `"\$@"` is not `exec`ed/);
  const [related] = finding!.related!;
  assert.equal(related!.path, '/w/app/docker/entrypoint.sh');
  assert.equal(NO_EXEC.slice(related!.range.start, related!.range.end), '"$@"');
  assert.deepEqual(finding!.fixes ?? [], []);
});

test('follows folder copies, WORKDIR-relative paths and bare names on PATH', () => {
  const cases: Array<[string, Files]> = [
    ['FROM node:20\nWORKDIR /srv\nCOPY . .\nENTRYPOINT ["./bin/start.sh"]\n', { '/w/app/bin/start.sh': NO_EXEC }],
    ['FROM node:20\nCOPY scripts/ /usr/local/bin/\nENTRYPOINT ["start.sh"]\n', { '/w/app/scripts/start.sh': NO_EXEC }],
    ['FROM node:20\nCOPY start.sh /usr/local/bin\nENTRYPOINT ["start.sh"]\n', { '/w/app/start.sh': NO_EXEC }],
    ['FROM node:20\nADD --chmod=755 start.sh /opt/\nCMD ["/opt/start.sh"]\n', { '/w/app/start.sh': NO_EXEC }],
    ['FROM node:20\nCOPY ["start.sh", "/start.sh"]\nENTRYPOINT ["tini", "--", "/start.sh"]\n', { '/w/app/start.sh': NO_EXEC }],
    ['FROM node:20\nCOPY start /start\nCMD ["sh", "/start"]\n', { '/w/app/start': 'npm run migrate\nnode server.js\n' }],
  ];
  for (const [dockerfile, extra] of cases) {
    assert.equal(found({ [PATH]: dockerfile, ...extra }).length, 1, dockerfile);
  }
});

test('reads scripts with bash and env shebangs, and CRLF line endings', () => {
  const dockerfile = 'FROM debian:12\r\nCOPY run.sh /run.sh\r\nENTRYPOINT ["/run.sh"]\r\n';
  assert.equal(found({ [PATH]: dockerfile, '/w/app/run.sh': '#!/usr/bin/env bash\r\n./migrate\r\n./server\r\n' }).length, 1);
});

test('silent when the script execs, traps, or cannot be read surely', () => {
  const dockerfile = 'FROM python:3.12\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n';
  for (const script of [
    WITH_EXEC,
    '#!/bin/sh\n./migrate\nexec gunicorn app:wsgi\n',
    "#!/bin/sh\ntrap 'kill -TERM $child' TERM\n./server & child=$!\nwait $child\n",
    '#!/bin/sh\nmain() {\n  exec ./server\n}\nmain "$@"\n',
    '#!/bin/sh\ncase "$1" in\n  web) exec ./server ;;\nesac\n',
    '#!/bin/sh\ncase "$1" in\n  web) exec ./server ;;\n  *) ./other ;;\nesac\n',
    '#!/bin/sh\n./migrate\nexit 0\n',
    '#!/bin/sh\nif [ "$1" = web ]; then\n  exec ./server\nfi\n',
    '#!/bin/sh\necho "unclosed\n',
    '#!/bin/sh\nif [ "$1" = web ]; then\n  exec ./server\nelse\n  exec "$@"\nfi\n',
    '#!/usr/bin/env python3\nimport os\n',
    'no shebang\n./server\n',
  ]) {
    assert.deepEqual(found({ [PATH]: dockerfile, '/w/app/entrypoint.sh': script }), [], script);
  }
});

test('silent when the script is not in the build context', () => {
  for (const dockerfile of [
    'FROM python:3.12\nENTRYPOINT ["/docker-entrypoint.sh"]\n',
    'FROM python:3.12 AS build\nCOPY entrypoint.sh /entrypoint.sh\nFROM python:3.12\nCOPY --from=build /entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n',
    'FROM python:3.12\nCOPY *.sh /\nENTRYPOINT ["/entrypoint.sh"]\n',
    'FROM python:3.12\nARG DIR=/opt\nCOPY entrypoint.sh $DIR/\nENTRYPOINT ["/opt/entrypoint.sh"]\n',
    'FROM python:3.12\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/other.sh"]\n',
  ]) {
    assert.deepEqual(found({ [PATH]: dockerfile, '/w/app/entrypoint.sh': NO_EXEC }), [], dockerfile);
  }
});

test('silent on earlier stages and when the final stage runs something else', () => {
  const script = { '/w/app/entrypoint.sh': NO_EXEC };
  assert.deepEqual(
    found({ [PATH]: 'FROM alpine:3 AS tools\nCOPY entrypoint.sh /e.sh\nENTRYPOINT ["/e.sh"]\nFROM alpine:3\nCMD ["./server"]\n', ...script }),
    [],
  );
  assert.deepEqual(found({ [PATH]: 'FROM alpine:3\nCOPY entrypoint.sh /e.sh\nRUN /e.sh\nCMD ["./server"]\n', ...script }), []);
});

test('a final stage built FROM an earlier stage inherits its copies and ENTRYPOINT, flagged only if written in the final stage', () => {
  const script = { '/w/app/entrypoint.sh': NO_EXEC };
  const inherited = 'FROM alpine:3 AS base\nCOPY entrypoint.sh /e.sh\nENTRYPOINT ["/e.sh"]\nFROM base\nRUN true\n';
  assert.deepEqual(found({ [PATH]: inherited, ...script }), []);
  const own = 'FROM alpine:3 AS base\nCOPY entrypoint.sh /e.sh\nFROM base\nENTRYPOINT ["/e.sh"]\n';
  assert.equal(found({ [PATH]: own, ...script }).length, 1);
});

test('the shell-form-cmd finding follows through an exec "$@" script, and this rule stays silent', () => {
  const dockerfile = 'FROM python:3.12\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\nCMD gunicorn app:wsgi && true\n';
  const all = findings({ [PATH]: dockerfile, '/w/app/entrypoint.sh': WITH_EXEC }, PATH);
  assert.deepEqual(
    all.map((f) => f.ruleId),
    ['shell-form-cmd'],
  );
});

test('only the last top-level command counts: functions, case, loops and here-strings elsewhere do not hide it', () => {
  const dockerfile = 'FROM debian:12\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\nCMD ["./server"]\n';
  const script = [
    '#!/bin/bash',
    'set -e',
    'file_env() {',
    '  local var="$1"; export "$var"="$(< "${var}_FILE")"',
    '}',
    'case "$1" in',
    '  -*) set -- ./server "$@" ;;',
    'esac',
    'for f in /init.d/*; do . "$f"; done',
    'psql <<<"SELECT 1"',
    'cat <<-EOF',
    '\tready',
    '\tEOF',
    '"$@"',
    '',
  ].join('\n');
  const [finding] = found({ [PATH]: dockerfile, '/w/app/entrypoint.sh': script });
  assert.match(finding!.message, /whose last command `"\$@"` is not `exec`ed/);
  assert.deepEqual(found({ [PATH]: dockerfile, '/w/app/entrypoint.sh': script.replace('\n"$@"', '\nexec "$@"') }), []);
});

test('a function the script calls last is followed into (as official images end in `_main "$@"`)', () => {
  const dockerfile = 'FROM debian:12\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\nCMD ["./server"]\n';
  const main = (last: string) =>
    `#!/bin/bash\n_is_sourced() { [ "\${FUNCNAME[1]}" = source ]; }\n_main() {\n  ./migrate\n  ${last}\n}\nif ! _is_sourced; then\n  _main "$@"\nfi\n`;
  assert.deepEqual(found({ [PATH]: dockerfile, '/w/app/entrypoint.sh': main('exec "$@"') }), []);
  const [finding] = found({ [PATH]: dockerfile, '/w/app/entrypoint.sh': main('"$@"') });
  assert.match(finding!.message, /whose last command `"\$@"`/);
});

test('under an init the message names the init as PID 1', () => {
  const dockerfile = 'FROM debian:12\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["tini", "--", "/entrypoint.sh"]\n';
  const [finding] = found({ [PATH]: dockerfile, '/w/app/entrypoint.sh': NO_EXEC });
  assert.match(finding!.message, /PID 1 is `tini`, which forwards SIGTERM to the script's shell; that shell stays the parent of its last command/);
});

test('scripts are found in the build context that compose or skaffold give, also outside the Dockerfile folder', () => {
  const dockerfile = 'FROM debian:12\nCOPY src/api/entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n';
  const path = '/w/src/api/Dockerfile';
  const base = { [path]: dockerfile, '/w/src/api/entrypoint.sh': NO_EXEC };
  assert.deepEqual(findings(base, path, RULE), [], 'without a build definition the context is the Dockerfile folder');
  const compose = 'services:\n  api:\n    image: shop/api\n    build:\n      context: ./\n      dockerfile: src/api/Dockerfile\n';
  assert.equal(findings({ ...base, '/w/docker-compose.yml': compose }, path, RULE).length, 1);
  const skaffold =
    'apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n    - image: shop/api\n      context: .\n      docker:\n        dockerfile: src/api/Dockerfile\n';
  assert.equal(findings({ ...base, '/w/skaffold.yaml': skaffold }, path, RULE).length, 1);
});

test('the build context follows the compose file as it changes (the Dockerfile facts are re-derived)', () => {
  const path = '/w/src/api/Dockerfile';
  const analyzer = workspace({
    [path]: 'FROM debian:12\nCOPY src/api/entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n',
    '/w/src/api/entrypoint.sh': NO_EXEC,
  });
  assert.equal(analyzer.index.dockerfile(path)!.signalProblem, undefined);
  assert.equal(analyzer.setFile('/w/compose.yaml', 'services:\n  api:\n    image: shop/api\n    build: {context: ., dockerfile: src/api/Dockerfile}\n'), true);
  assert.equal(analyzer.index.dockerfile(path)!.signalProblem?.ruleId, RULE);
  analyzer.removeFile('/w/compose.yaml');
  assert.equal(analyzer.index.dockerfile(path)!.signalProblem, undefined);
});
