import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anchorText, findings, fixOnce, type Files } from '../helpers/workspace';

const PATH = '/w/Dockerfile';
const files = (text: string, extra: Files = {}): Files => ({ [PATH]: text, ...extra });
const found = (text: string, extra: Files = {}) => findings(files(text, extra), PATH, 'shell-form-cmd');

test('fires on a final-stage shell-form CMD, anchored on the instruction', () => {
  const text = 'FROM python:3.12\nWORKDIR /app\nCMD python app.py\n';
  const [finding, ...rest] = found(text);
  assert.equal(rest.length, 0);
  assert.equal(anchorText(text, finding!), 'CMD python app.py');
  assert.equal(
    finding!.message,
    'CMD is in shell form: PID 1 is `/bin/sh -c` (dash), which stays the parent of `python` and does not forward SIGTERM to it, so `python` is killed when the grace period ends instead of shutting down',
  );
});

test('silent where /bin/sh replaces itself with the app: BusyBox ash on Alpine, bash on UBI', () => {
  for (const base of ['python:3.12-alpine', 'alpine:3.20', 'busybox:1.36', 'registry.access.redhat.com/ubi9/ubi-minimal', 'rockylinux:9', 'fedora:40']) {
    assert.deepEqual(found(`FROM ${base}\nCMD cd /app && python app.py\n`), [], base);
  }
  assert.equal(found('FROM python:3.12-slim\nCMD cd /app && python app.py\n').length, 1);
  assert.equal(found('FROM alpine:3\nCMD python app.py | tee /log\n').length, 1, 'a pipeline keeps BusyBox ash waiting');
  assert.equal(found('FROM centos:7\nCMD cd /app && python app.py\n').length, 1, 'bash before 5.1 execs only a lone command');
});

test('the message names the init as PID 1 and the program the shell waits on; no exec fix for a pipeline', () => {
  const [finding] = found('FROM eclipse-temurin:21\nENTRYPOINT ["tini", "--"]\nCMD cd /app && java -jar app.jar | tee log\n');
  assert.equal(
    finding!.message,
    'CMD is in shell form: PID 1 is `tini`, which forwards SIGTERM to `/bin/sh -c` (dash); that shell stays the parent of `java` and exits on the signal at once, and the init exits with it, so `java` is killed before it can shut down',
  );
  assert.deepEqual(finding!.fixes, []);
});

test('no exec fix when the last command is not the app (`./server && echo bye`)', () => {
  const [finding] = found('FROM debian:12\nCMD ./server && echo bye\n');
  assert.match(finding!.message, /stays the parent of `server`/);
  assert.deepEqual(finding!.fixes, []);
});

test('a command without shell syntax becomes exec form (preferred)', () => {
  const text = 'FROM python:3.12\nCMD python "app.py" --port 80\n';
  assert.equal(fixOnce(files(text), PATH, 'shell-form-cmd'), 'FROM python:3.12\nCMD ["python", "app.py", "--port", "80"]\n');
});

test('the exec-ing wrapper is offered too for a lone command', () => {
  const text = 'FROM python:3.12\nCMD python app.py\n';
  assert.equal(fixOnce(files(text), PATH, 'shell-form-cmd', 'exec-ing'), 'FROM python:3.12\nCMD ["/bin/sh", "-c", "exec python app.py"]\n');
});

test('a command with && keeps the shell and execs the last command', () => {
  const text = 'FROM python:3.12\nCMD cd /app && python app.py\n';
  const [finding] = found(text);
  assert.equal(finding!.fixes!.length, 1);
  assert.equal(fixOnce(files(text), PATH, 'shell-form-cmd'), 'FROM python:3.12\nCMD ["/bin/sh", "-c", "cd /app && exec python app.py"]\n');
});

test('variables and quotes survive the wrapper, JSON-escaped', () => {
  const text = 'FROM node:20\nCMD node server.js --name "$APP_NAME" > /dev/stdout\n';
  assert.equal(
    fixOnce(files(text), PATH, 'shell-form-cmd'),
    'FROM node:20\nCMD ["/bin/sh", "-c", "exec node server.js --name \\"$APP_NAME\\" > /dev/stdout"]\n',
  );
});

test('SHELL names the shell: silent under bash 5.1+, and the fix uses that shell with its flags where it stays', () => {
  assert.deepEqual(found('FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nCMD ./migrate && ./server\n'), []);
  const text = 'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nCMD ./migrate && ./server > /log\n';
  const [finding] = found(text);
  assert.match(finding!.message, /PID 1 is `\/bin\/bash -o pipefail -c` \(bash\)/);
  assert.equal(
    fixOnce(files(text), PATH, 'shell-form-cmd'),
    'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nCMD ["/bin/bash", "-o", "pipefail", "-c", "./migrate && exec ./server > /log"]\n',
  );
});

test('a SHELL of a later stage or after the CMD does not apply', () => {
  const text = 'FROM debian:12\nCMD ./migrate && ./server\nSHELL ["/bin/bash", "-c"]\n';
  assert.match(found(text)[0]!.message, /`\/bin\/sh -c`/);
});

test('a SHELL Graceful does not model gets no finding; powershell, pwsh and cmd mean a Windows stage', () => {
  assert.deepEqual(found('FROM debian:12\nSHELL ["/bin/zsh", "-c"]\nCMD ./server; ./other\n'), []);
  assert.deepEqual(found('FROM mcr.microsoft.com/powershell:lts-ubuntu-22.04\nSHELL ["pwsh", "-Command"]\nCMD ./server; ./other\n'), []);
});

test('silent on templated Dockerfiles and Windows bases with a variable tag', () => {
  assert.deepEqual(found('FROM php:{{ env.phpVersion }}-fpm\nCMD php-fpm; true\n'), []);
  assert.deepEqual(found('FROM debian:12\nCMD {{ [ "apache2-foreground" ] | @json }}\n'), []);
  assert.deepEqual(found('ARG WINDOWS_VERSION\nFROM mcr.microsoft.com/windows/servercore:"${WINDOWS_VERSION}"\nCMD ping -t localhost; exit\n'), []);
});

test('invalid JSON is shell form as Docker reads it; the fix writes the JSON that was meant', () => {
  const text = 'FROM python:3.12\nCMD [python, app.py]\n';
  const [finding] = found(text);
  assert.match(finding!.message, /not a valid JSON array/);
  assert.equal(fixOnce(files(text), PATH, 'shell-form-cmd'), 'FROM python:3.12\nCMD ["python", "app.py"]\n');
  assert.equal(fixOnce(files("FROM python:3.12\nCMD ['python', 'app.py']\n"), PATH, 'shell-form-cmd'), 'FROM python:3.12\nCMD ["python", "app.py"]\n');
});

test('CRLF Dockerfiles with a continuation keep CRLF and become one line', () => {
  const text = 'FROM python:3.12\r\nCMD cd /app && \\\r\n    python app.py\r\nEXPOSE 80\r\n';
  assert.equal(fixOnce(files(text), PATH, 'shell-form-cmd'), 'FROM python:3.12\r\nCMD ["/bin/sh", "-c", "cd /app &&     exec python app.py"]\r\nEXPOSE 80\r\n');
});

test('# escape=` continuations are read', () => {
  const text = '# escape=`\nFROM python:3.12\nCMD cd C:\\app `\n  && python app.py\n';
  assert.equal(fixOnce(files(text), PATH, 'shell-form-cmd'), '# escape=`\nFROM python:3.12\nCMD ["/bin/sh", "-c", "cd C:\\\\app   && exec python app.py"]\n');
});

test('a comment line inside the continuation: flagged, but no fix that would drop it', () => {
  const text = 'FROM python:3.12\nCMD cd /app && \\\n# start the server\n  python app.py\n';
  const [finding] = found(text);
  assert.ok(finding);
  assert.deepEqual(finding.fixes, []);
});

test('fixes are withheld when exec cannot be placed safely', () => {
  for (const command of [
    'python app.py | tee log',
    'python app.py || echo failed',
    'worker & python app.py',
    'PORT=80 python app.py',
    'python app.py; wait',
    './server && echo bye',
    'sleep infinity',
  ]) {
    const [finding] = found(`FROM python:3.12\nCMD ${command}\n`);
    assert.ok(finding, command);
    assert.deepEqual(finding.fixes, [], command);
  }
});

test('silent when the script runs only builtins: nothing is left running', () => {
  assert.deepEqual(found('FROM debian:12\nCMD cd /app\n'), []);
});

test('silent: exec form, exec already present, trap, unreadable scripts', () => {
  for (const cmd of [
    'CMD ["python", "app.py"]',
    'CMD exec python app.py',
    'CMD cd /app && exec python app.py',
    "CMD trap 'kill -TERM $PID' TERM; python app.py & PID=$!; wait $PID",
    'CMD if [ -n "$X" ]; then exec a; else exec b; fi',
    'CMD if [ -n "$X" ]; then exec a; else b; fi',
    'CMD echo "open',
    'CMD ["a", 1]',
  ]) {
    assert.deepEqual(found(`FROM python:3.12\n${cmd}\n`), [], cmd);
  }
});

test('silent: only earlier stages have a shell-form CMD, or the final stage has none', () => {
  assert.deepEqual(found('FROM golang:1.22 AS build\nCMD go run .\nFROM gcr.io/distroless/static\nCOPY --from=build /app /app\nCMD ["/app"]\n'), []);
  assert.deepEqual(found('FROM golang:1.22 AS build\nCMD go run .\nFROM debian:12\nCOPY --from=build /app /app\n'), []);
  assert.deepEqual(found('FROM python:3.12\n'), []);
});

test('the last CMD wins; earlier ones in the stage are ignored by Docker', () => {
  assert.deepEqual(found('FROM python:3.12\nCMD python app.py\nCMD ["python", "app.py"]\n'), []);
  const text = 'FROM python:3.12\nCMD ["python", "app.py"]\nCMD python app.py\n';
  assert.equal(anchorText(text, found(text)[0]!), 'CMD python app.py');
});

test('silent when a shell-form ENTRYPOINT ignores the CMD (shell-form-entrypoint reports it)', () => {
  assert.deepEqual(found('FROM python:3.12\nENTRYPOINT python app.py\nCMD python other.py\n'), []);
});

test('fires when an ENTRYPOINT script execs its arguments, which then run in the shell', () => {
  const text = 'FROM python:3.12\nCOPY entrypoint.sh /usr/local/bin/\nENTRYPOINT ["entrypoint.sh"]\nCMD python app.py\n';
  const [finding] = found(text, { '/w/entrypoint.sh': '#!/bin/sh\nset -e\n./migrate\nexec "$@"\n' });
  assert.equal(anchorText(text, finding!), 'CMD python app.py');
});

test('fires when the ENTRYPOINT is a script Graceful cannot read (it usually execs "$@")', () => {
  assert.equal(found('FROM python:3.12\nENTRYPOINT ["/docker-entrypoint.sh"]\nCMD python app.py && true\n').length, 1);
});

test('silent when an exec-form ENTRYPOINT program takes the CMD as plain arguments', () => {
  assert.deepEqual(found('FROM python:3.12\nENTRYPOINT ["python"]\nCMD app.py --port 80\n'), []);
});

test('silent on Windows images and on heredoc CMDs that Docker does not build', () => {
  assert.deepEqual(found('# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD powershell -File C:\\app\\run.ps1\n'), []);
  assert.deepEqual(found('FROM alpine:3\nCMD <<EOF\necho hi\nEOF\n'), []);
});

test('a RUN heredoc in the final stage does not disturb the analysis', () => {
  const text = 'FROM debian:12\nRUN <<EOF\napt-get install curl\nEOF\nCMD ./server && true\n';
  assert.equal(anchorText(text, found(text)[0]!), 'CMD ./server && true');
});
