import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anchorText, findings, fixOnce, type Files } from '../helpers/workspace';

const PATH = '/w/Dockerfile';
const files = (text: string): Files => ({ [PATH]: text });
const found = (text: string) => findings(files(text), PATH, 'shell-form-entrypoint');

test('fires on a final-stage shell-form ENTRYPOINT, anchored on the instruction', () => {
  const text = 'FROM debian:12\nCOPY server /usr/local/bin/\nENTRYPOINT server --port 80\n';
  const [finding, ...rest] = found(text);
  assert.equal(rest.length, 0);
  assert.equal(anchorText(text, finding!), 'ENTRYPOINT server --port 80');
  assert.match(finding!.message, /PID 1 is `\/bin\/sh -c`.*`server`.*`docker run` arguments are ignored/);
});

test('without a CMD, exec form is the preferred fix', () => {
  const text = 'FROM debian:12\nENTRYPOINT server --port 80\n';
  assert.equal(fixOnce(files(text), PATH, 'shell-form-entrypoint'), 'FROM debian:12\nENTRYPOINT ["server", "--port", "80"]\n');
});

test('with a CMD, the message names it, related information points at it, and the wrapper is preferred', () => {
  const text = 'FROM debian:12\nENTRYPOINT server --port 80\nCMD ["--verbose"]\n';
  const [finding] = found(text);
  assert.match(finding!.message, /CMD and `docker run` arguments are ignored/);
  assert.equal(anchorText(text, { ...finding!, range: finding!.related![0]!.range }), 'CMD ["--verbose"]');
  // The wrapper keeps today's behaviour exactly (CMD stays unused); exec form would start passing it.
  assert.equal(
    fixOnce(files(text), PATH, 'shell-form-entrypoint'),
    'FROM debian:12\nENTRYPOINT ["/bin/sh", "-c", "exec server --port 80"]\nCMD ["--verbose"]\n',
  );
  const execForm = finding!.fixes!.find((f) => f.title.includes('CMD then becomes its arguments'));
  assert.ok(execForm && !execForm.preferred);
});

test('shell syntax keeps the shell and execs the last command, with the SHELL in effect', () => {
  const text = 'FROM debian:12\nSHELL ["/bin/sh", "-eu", "-c"]\nENTRYPOINT ulimit -n 65536 && ./server\n';
  assert.equal(
    fixOnce(files(text), PATH, 'shell-form-entrypoint'),
    'FROM debian:12\nSHELL ["/bin/sh", "-eu", "-c"]\nENTRYPOINT ["/bin/sh", "-eu", "-c", "ulimit -n 65536 && exec ./server"]\n',
  );
  assert.deepEqual(found('FROM debian:12\nSHELL ["/bin/bash", "-c"]\nENTRYPOINT ulimit -n 65536 && ./server\n'), [], 'bash 5.2 execs ./server itself');
});

test('silent where the shell does not stay PID 1 (an ignored CMD alone is not a shutdown problem), and on Alpine', () => {
  assert.deepEqual(found('FROM debian:12\nENTRYPOINT exec ./server\nCMD ["--port", "80"]\n'), []);
  assert.deepEqual(found('FROM debian:12\nENTRYPOINT exec ./server\n'), []);
  assert.deepEqual(found('FROM node:20-alpine\nENTRYPOINT ./migrate && node server.js\n'), []);
});

test('CRLF and escape directives are kept outside the rewritten arguments', () => {
  const text = '# escape=`\r\nFROM debian:12\r\nENTRYPOINT ./migrate && `\r\n  ./server\r\n';
  assert.equal(
    fixOnce(files(text), PATH, 'shell-form-entrypoint'),
    '# escape=`\r\nFROM debian:12\r\nENTRYPOINT ["/bin/sh", "-c", "./migrate &&   exec ./server"]\r\n',
  );
});

test('invalid JSON ENTRYPOINT is shell form', () => {
  const text = 'FROM debian:12\nENTRYPOINT [./server, --port, 80]\n';
  assert.equal(fixOnce(files(text), PATH, 'shell-form-entrypoint'), 'FROM debian:12\nENTRYPOINT ["./server", "--port", "80"]\n');
});

test('silent: exec form, earlier stages, trap, no ENTRYPOINT', () => {
  for (const text of [
    'FROM debian:12\nENTRYPOINT ["./server"]\n',
    'FROM debian:12 AS base\nENTRYPOINT ./server\nFROM debian:12\nENTRYPOINT ["./server"]\n',
    'FROM debian:12 AS base\nENTRYPOINT ./server\nFROM alpine:3\nCMD ["./server"]\n',
    "FROM debian:12\nENTRYPOINT trap 'kill 0' TERM; ./server & wait\n",
    'FROM debian:12\nCMD ["./server"]\n',
  ]) {
    assert.deepEqual(found(text), [], text);
  }
});

test('a stage built FROM a stage with a shell-form ENTRYPOINT is not flagged there (the rule looks at the final stage only)', () => {
  assert.deepEqual(found('FROM debian:12 AS base\nENTRYPOINT ./server && true\nFROM base\nRUN true\n'), []);
});
