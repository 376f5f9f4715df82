import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anchorText, findings, type Files } from '../helpers/workspace';

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
  assert.deepEqual(found({ [PATH]: 'FROM alpine:3 AS tools\nCOPY entrypoint.sh /e.sh\nENTRYPOINT ["/e.sh"]\nFROM alpine:3\nCMD ["./server"]\n', ...script }), []);
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
  assert.deepEqual(all.map((f) => f.ruleId), ['shell-form-cmd']);
});
