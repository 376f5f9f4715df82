import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseShells, isWindowsShell, shellOfProgram } from '../../server/src/model/image-shell';
import { readScript, shellStays } from '../../server/src/model/script-run';
import { parseShellTree } from '../../server/src/parse/shell-tree';

const program = (script: string) => readScript(script).waitsOn?.words[0]?.value;

test('readScript: how a script ends', () => {
  assert.equal(readScript('cd /app && exec python app.py').ending, 'exec');
  assert.equal(readScript('if [ -n "$X" ]; then exec a; else exec b; fi').ending, 'exec');
  assert.equal(readScript('if [ -n "$X" ]; then exec a; else b; fi').ending, 'unreadable', 'branches that disagree');
  assert.equal(readScript('').ending, 'unreadable');
  assert.equal(readScript('./server &').ending, 'unreadable', 'nothing waited on');
  assert.equal(readScript('echo "open').ending, 'unreadable');
  assert.equal(readScript("trap 'kill $!' TERM; ./a & wait").traps, true);
  assert.equal(readScript("trap '' INT; ./a").traps, false, 'ignoring a signal runs no code');
});

test('readScript: the program the shell waits on', () => {
  assert.equal(program('cd /app && java -jar app.jar | tee log'), 'java');
  assert.equal(program('./server && echo bye'), './server');
  assert.equal(program('./server || echo failed'), './server');
  assert.equal(program('./server & ./worker & wait'), './worker');
  assert.equal(program('sleep infinity'), 'sleep', 'a script of trivial commands waits on its last one');
  assert.equal(program('f() { ./migrate; ./server; }\nf "$@"'), './server');
});

test('readScript: where exec can go, and where it cannot', () => {
  const at = (script: string) => readScript(script).execAt;
  assert.equal(at('cd /app && python app.py'), 11);
  assert.equal(at('./migrate\n  ./server'), 12);
  assert.equal(at('2>&1 ./server'), 5);
  for (const script of [
    './a | ./b',
    './a & ./b',
    './a || ./b',
    'PORT=1 ./a',
    './a; wait',
    'while true; do ./a; done',
    'exec >log',
    './a && echo done',
    'if x; then ./a; fi',
    'f() { ./a; }; f',
  ]) {
    assert.equal(at(script), undefined, script);
  }
  assert.equal(readScript('python app.py').plain, true);
  assert.equal(readScript('python app.py > log').plain, false);
  assert.equal(readScript('a; b').plain, false);
});

test('shellStays: dash always, bash and BusyBox only when something must run after the app', () => {
  const stays = (script: string) => (['dash', 'bash', 'old-bash', 'ash'] as const).map((k) => shellStays(readScript(script), k));
  assert.deepEqual(stays('python app.py'), [true, false, false, false]);
  assert.deepEqual(stays('cd /app && python app.py'), [true, false, true, false]);
  assert.deepEqual(stays('./server > /log'), [true, true, true, false]);
  assert.deepEqual(stays('if true; then ./server; fi'), [true, true, true, false]);
  assert.deepEqual(stays('./server | tee log'), [true, true, true, true]);
  assert.deepEqual(stays('./a\n./server\n'), [true, false, true, true], 'BusyBox keeps waiting when a newline follows');
  assert.deepEqual(stays('./a\n./server\n\n'), [true, true, true, true], 'bash too when two do');
  assert.deepEqual(stays('exec ./server'), [false, false, false, false]);
  assert.equal(shellStays(readScript('echo "open'), 'dash'), undefined);
});

test('the tree reader: compound commands, functions, here-documents; unbalanced input is unreadable', () => {
  const tree = parseShellTree('f() {\n  case "$1" in a|b) x ;; *) y ;; esac\n}\nwhile read -r l; do :; done < <(ls)\ncat <<-EOF\n\tbody (\n\tEOF\nf "$@"\n')!;
  assert.deepEqual(
    tree.items.map((i) => i.node.type),
    ['function', 'loop', 'simple', 'simple'],
  );
  for (const script of ['if true; then x', 'case x in', '{ x', '(x', 'x )', 'fi', 'done']) assert.equal(parseShellTree(script), undefined, script);
});

test('odd scripts never throw', () => {
  const parts = [
    'if',
    'then',
    'fi',
    'case',
    'esac',
    'in',
    ')',
    '(',
    ';;',
    ';',
    '&',
    '&&',
    '||',
    '|',
    '!',
    '{',
    '}',
    'do',
    'done',
    'while',
    'x',
    'exec',
    'f()',
    '\n',
    '<<EOF',
    'EOF',
    '<<<',
    '"',
    "'",
    '`',
    '$(',
    '[[',
    ']]',
    '((',
    '>',
    'trap',
  ];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 3000; i++) {
    const script = Array.from({ length: 1 + Math.floor(next() * 10) }, () => parts[Math.floor(next() * parts.length)]).join(next() < 0.5 ? ' ' : '');
    assert.doesNotThrow(() => (['dash', 'bash', 'old-bash', 'ash'] as const).forEach((k) => shellStays(readScript(script), k)), script);
  }
});

test('baseShells: which /bin/sh an image has', () => {
  const sh = (image: string | undefined) => baseShells(image).sh;
  for (const image of [
    'python:3.12',
    'python:3.12-slim',
    'node:20-bookworm',
    'debian:12',
    'ubuntu:24.04',
    'eclipse-temurin:21-jre',
    'example/web:1',
    undefined,
  ])
    assert.equal(sh(image), 'dash', String(image));
  for (const image of [
    'alpine',
    'alpine:3.20',
    'python:3.12-alpine',
    'node:20-alpine3.19',
    'busybox:1.36',
    'nginxinc/nginx-unprivileged:alpine',
    'docker.io/library/redis:7-alpine',
  ])
    assert.equal(sh(image), 'ash', image);
  for (const image of [
    'registry.access.redhat.com/ubi9/ubi-minimal',
    'redhat/ubi9',
    'fedora:40',
    'rockylinux:9',
    'almalinux:9',
    'amazonlinux:2023',
    'eclipse-temurin:21-ubi9-minimal',
    'quay.io/centos/centos:stream9',
  ])
    assert.equal(sh(image), 'bash', image);
  for (const image of ['centos:7', 'registry.access.redhat.com/ubi8/ubi', 'amazonlinux:2', 'rockylinux:8', 'amazoncorretto:17'])
    assert.equal(sh(image), 'old-bash', image);
  assert.equal(baseShells('debian:10').bash, 'old-bash');
  assert.equal(baseShells('ubuntu:20.04').bash, 'old-bash');
  assert.equal(baseShells('debian:"${DEBIAN_RELEASE}"').sh, 'dash', 'a variable tag still names Debian');
  for (const image of [
    'mcr.microsoft.com/windows/servercore:ltsc2022',
    'mcr.microsoft.com/windows/servercore:"${WINDOWS_VERSION}"',
    'mcr.microsoft.com/windows/nanoserver:1809',
    'mcr.microsoft.com/dotnet/framework/runtime:4.8',
  ])
    assert.equal(baseShells(image).windows, true, image);
  assert.equal(baseShells('mcr.microsoft.com/powershell:lts-ubuntu-22.04').windows, false);
  assert.equal(isWindowsShell('powershell'), true);
  assert.equal(isWindowsShell('C:\\Windows\\System32\\cmd.exe'.replace(/\\/g, '/')), true);
  assert.equal(shellOfProgram('/bin/sh', baseShells('alpine:3')), 'ash');
  assert.equal(shellOfProgram('bash', baseShells('centos:7')), 'old-bash');
  assert.equal(shellOfProgram('zsh', baseShells('alpine:3')), undefined);
});
