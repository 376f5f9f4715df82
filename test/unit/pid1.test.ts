import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DockerfileParser } from 'dockerfile-ast';
import { analyzePid1, type Pid1Analysis } from '../../server/src/model/pid1';
import { ruleFlagging } from '../../server/src/rules/support/shell-verdict';
import { instructionArguments, parseJsonArguments } from '../../server/src/parse/dockerfile-args';
import { LineIndex } from '../../server/src/parse/line-index';
import { workspace, type Files } from '../helpers/workspace';

const PATH = '/w/Dockerfile';

/** The rules that flag the runs of an analysis, from PID 1 outwards. */
const flagged = (a: Pid1Analysis) => a.runs.map(ruleFlagging).filter((id) => id !== undefined);

function analyze(text: string, files: Files = {}) {
  return analyzePid1(PATH, DockerfileParser.parse(text), text, { readText: (p) => files[p] });
}

test('exec form: the app is PID 1 and gets the signal', () => {
  const a = analyze('FROM python:3.12\nCMD ["python", "app.py"]\n');
  assert.equal(a.cmd?.form, 'exec');
  assert.equal(a.command, 'base-entrypoint');
  assert.equal(a.pid1, 'python');
  assert.equal(a.app, 'python');
  assert.equal(a.reaches, 'yes');
  assert.equal(a.stopSignal, 'SIGTERM');
  assert.deepEqual(flagged(a), []);
  assert.match(a.summary, /^PID 1 is `python` itself: .* This assumes the base image sets no ENTRYPOINT\. Stop signal: SIGTERM\.$/);
});

test('shell form with &&: the shell is PID 1 and the signal does not reach the app', () => {
  const a = analyze('FROM python:3.12\nCMD cd /app && python app.py\n');
  assert.equal(a.cmd?.form, 'shell');
  assert.equal(a.pid1, '/bin/sh');
  assert.equal(a.app, 'python');
  assert.equal(a.reaches, 'no');
  assert.deepEqual(flagged(a), ['shell-form-cmd']);
});

test('a lone shell-form command: dash stays, BusyBox ash and bash replace themselves with it', () => {
  const dash = analyze('FROM python:3.12\nCMD python app.py\n');
  assert.equal(dash.reaches, 'no');
  assert.deepEqual(flagged(dash), ['shell-form-cmd']);
  const ash = analyze('FROM python:3.12-alpine\nCMD cd /app && python app.py\n');
  assert.equal(ash.reaches, 'yes');
  assert.equal(ash.pid1, 'python', 'BusyBox ash replaced itself with python');
  assert.match(ash.summary, /BusyBox ash.*replaces itself with `python`/);
  assert.deepEqual(flagged(ash), []);
  const ubi = analyze('FROM registry.access.redhat.com/ubi9/python-312\nCMD python app.py\n');
  assert.equal(ubi.reaches, 'yes');
  const ubi8 = analyze('FROM registry.access.redhat.com/ubi8/ubi\nCMD ./migrate && ./server\n');
  assert.deepEqual(flagged(ubi8), ['shell-form-cmd'], 'bash before 5.1 execs only a lone command');
});

test('the base is found through FROM <stage> chains and global ARG defaults; SHELL names the shell', () => {
  assert.equal(analyze('ARG BASE=python:3.12-alpine\nFROM $BASE AS base\nFROM base\nCMD ./a && ./b\n').shells.sh, 'ash');
  assert.deepEqual(flagged(analyze('FROM python:3.12\nSHELL ["/bin/bash", "-c"]\nCMD ./a && ./b\n')), []);
  assert.deepEqual(flagged(analyze('FROM alpine:3\nSHELL ["/bin/dash", "-c"]\nCMD ./a && ./b\n')), ['shell-form-cmd']);
});

test('STOPSIGNAL names the signal, with its range for hovers', () => {
  const text = 'FROM nginx:1\nSTOPSIGNAL sigquit\nCMD ["nginx", "-g", "daemon off;"]\n';
  const a = analyze(text);
  assert.equal(a.stopSignal, 'SIGQUIT');
  assert.equal(text.slice(a.stopSignalRange!.start, a.stopSignalRange!.end), 'STOPSIGNAL sigquit');
  assert.match(a.summary, /Stop signal: SIGQUIT/);
});

test('tini forwards to the app; to a shell wrapper it does not help', () => {
  const direct = analyze('FROM alpine:3\nENTRYPOINT ["/sbin/tini", "-g", "--"]\nCMD ["./server"]\n');
  assert.equal(direct.init, '/sbin/tini');
  assert.equal(direct.pid1, '/sbin/tini');
  assert.equal(direct.app, 'server');
  assert.equal(direct.reaches, 'yes');
  const wrapped = analyze('FROM debian:12\nENTRYPOINT ["dumb-init", "--"]\nCMD ["sh", "-c", "./migrate && ./server"]\n');
  assert.equal(wrapped.reaches, 'no');
  assert.deepEqual(flagged(wrapped), ['shell-wrapper-without-exec']);
});

test('ENTRYPOINT resets a CMD inherited from an earlier stage, keeps one of its own stage', () => {
  const reset = analyze('FROM alpine:3 AS base\nCMD ["./old"]\nFROM base\nENTRYPOINT ["./server"]\n');
  assert.equal(reset.cmd, undefined);
  assert.equal(reset.command, 'own');
  const kept = analyze('FROM alpine:3\nCMD ["--port", "80"]\nENTRYPOINT ["./server"]\n');
  assert.equal(kept.cmd?.form, 'exec');
});

test('a final stage FROM an earlier stage inherits its ENTRYPOINT and SHELL, which are not flagged there', () => {
  const a = analyze('FROM debian:12 AS base\nSHELL ["/bin/dash", "-c"]\nENTRYPOINT ./a && ./b\nFROM base\nRUN true\n');
  assert.equal(a.entrypoint?.inFinalStage, false);
  assert.equal(a.entrypoint?.shell?.[0], '/bin/dash');
  assert.equal(a.reaches, 'no');
  assert.deepEqual(flagged(a), []);
});

test('a shell-form ENTRYPOINT ignores CMD', () => {
  const a = analyze('FROM alpine:3\nENTRYPOINT exec ./server\nCMD ["--port", "80"]\n');
  assert.equal(a.cmdIgnored, true);
  assert.equal(a.reaches, 'yes');
  assert.match(a.summary, /CMD is ignored/);
  assert.deepEqual(flagged(a), []);
  assert.equal(a.ignoredCmd?.keyword, 'CMD');
});

test('nothing to say without CMD/ENTRYPOINT, on Windows images and on build errors', () => {
  assert.equal(analyze('FROM python:3.12\nRUN pip install x\n').command, 'inherited');
  assert.equal(analyze('FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCMD ping -t localhost\n').command, 'unknown');
  const invalid = analyze('FROM alpine:3\nCMD ["./server", 80]\n');
  assert.equal(invalid.cmd?.form, 'invalid');
  assert.deepEqual(flagged(invalid), []);
  assert.equal(analyze('').command, 'inherited');
});

test('an entrypoint script that execs "$@" hands over to CMD, which the walk follows', () => {
  const files = { '/w/entrypoint.sh': '#!/bin/sh\nset -e\n./migrate\nexec "$@"\n' };
  const a = analyze('FROM alpine:3\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\nCMD ["./server"]\n', files);
  assert.equal(a.reaches, 'yes');
  assert.equal(a.app, 'server');
  assert.equal(a.pid1, '/entrypoint.sh');
  assert.match(a.summary, /^PID 1 is the script `\/entrypoint.sh`, which `exec`s its arguments\. PID 1 is `\.\/server` itself: the signal reaches the app/);
});

test('behind tini, a script that execs "$@" still leaves tini as PID 1', () => {
  const files = { '/w/entrypoint.sh': '#!/bin/sh\nexec "$@"\n' };
  const a = analyze('FROM alpine:3\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["tini", "--", "/entrypoint.sh"]\nCMD ["./server"]\n', files);
  assert.equal(a.pid1, 'tini');
  assert.equal(a.app, 'server');
  assert.equal(a.reaches, 'yes');
  assert.doesNotMatch(a.summary, /PID 1 is `\.\/server`/);
});

test('an entrypoint script without exec keeps its shell as PID 1', () => {
  const files = { '/w/entrypoint.sh': '#!/bin/sh\n./migrate\n./server\n' };
  const a = analyze('FROM alpine:3\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n', files);
  assert.equal(a.reaches, 'no');
  assert.deepEqual(flagged(a), ['entrypoint-script-without-exec']);
  const run = a.runs[0]!;
  assert.equal(run.kind === 'script-file' && files['/w/entrypoint.sh'].slice(run.reading.last!.start, run.reading.last!.end), './server');
});

test('scripts are read from the build contexts given (compose, skaffold), not only the Dockerfile folder', () => {
  const text = 'FROM debian:12\nCOPY src/api/start.sh /start.sh\nENTRYPOINT ["/start.sh"]\n';
  const files = { '/repo/src/api/start.sh': '#!/bin/sh\n./server\n' };
  const dockerfile = DockerfileParser.parse(text);
  assert.deepEqual(flagged(analyzePid1('/repo/src/api/Dockerfile', dockerfile, text, { readText: (p) => files[p as keyof typeof files] })), []);
  assert.deepEqual(flagged(analyzePid1('/repo/src/api/Dockerfile', dockerfile, text, { readText: (p) => files[p as keyof typeof files] }, ['/repo'])), [
    'entrypoint-script-without-exec',
  ]);
});

test('Windows images and templated final stages are not judged', () => {
  for (const text of [
    'ARG WINDOWS_VERSION=ltsc2022\nFROM mcr.microsoft.com/windows/servercore:"${WINDOWS_VERSION}"\nCMD ping -t localhost\n',
    'FROM mcr.microsoft.com/powershell:lts-ubuntu-22.04\nSHELL ["pwsh", "-Command"]\nCMD ./server; ./other\n',
    'FROM php:{{ env.phpVersion }}-fpm\nCMD php-fpm && true\n',
    'FROM debian:12\nCMD {{ .Command }} && true\n',
  ]) {
    const a = analyze(text);
    assert.equal(a.command, 'unknown', text);
    assert.deepEqual(a.runs, [], text);
  }
});

test('odd inputs do not throw', () => {
  for (const text of [
    'CMD ["x"]\n',
    'FROM\nCMD\n',
    'FROM alpine:3\nCMD []\n',
    'FROM alpine:3\nENTRYPOINT []\nCMD []\n',
    'FROM alpine:3\nCMD ["unterminated\n',
    'FROM alpine:3\nCMD \\\n',
    'FROM alpine:3\nCOPY <<EOF /e.sh\n#!/bin/sh\nEOF\nENTRYPOINT ["/e.sh"]\n',
    '# escape=`\nFROM alpine:3\nCMD ["a", `\n  "b"]\n',
    'FROM $BASE\nSHELL not-json\nCMD a && b\n',
    'FROM a AS a\nFROM a AS b\nFROM b\nCMD ["x"]\n',
  ]) {
    assert.doesNotThrow(() => analyze(text), text);
  }
  assert.equal(analyze('FROM alpine:3\nCMD []\n').reaches, 'unknown');
  assert.equal(analyze('FROM $BASE\nSHELL not-json\nCMD a && b\n').cmd?.shell, undefined);
});

test('instruction arguments: continuations joined, offsets mapped back, JSON strings read like Docker', () => {
  const text = 'FROM alpine:3\nCMD ["sh", \\\n# a comment\n  "-c", "echo \\"a\\u0041\\""]\n';
  const dockerfile = DockerfileParser.parse(text);
  const cmd = dockerfile.getInstructions()[1]!;
  const args = instructionArguments(cmd, text, new LineIndex(text), '\\')!;
  assert.equal(args.value, '["sh",   "-c", "echo \\"a\\u0041\\""]');
  assert.equal(args.interleavedLines, true);
  const json = parseJsonArguments(args);
  assert.equal(json.kind, 'json');
  if (json.kind !== 'json') return;
  assert.deepEqual(
    json.strings.map((s) => s.value),
    ['sh', '-c', 'echo "aA"'],
  );
  const script = json.strings[2]!;
  assert.equal(text.slice(script.range.start, script.range.end), '"echo \\"a\\u0041\\""');
  assert.equal(text.slice(script.offsets[5]!, script.offsets[7]!), '\\"a');
  assert.equal(parseJsonArguments({ value: '[python, app.py]', offsets: [], range: { start: 0, end: 0 } }).kind, 'not-json');
  assert.equal(parseJsonArguments({ value: '["a", 1]', offsets: [], range: { start: 0, end: 0 } }).kind, 'invalid');
});

test('the workspace index carries the flagged instruction for image-runs-shell-form', () => {
  const text = 'FROM python:3.12\nWORKDIR /app\nCMD cd /app && python app.py\n';
  const analyzer = workspace({ [PATH]: text });
  assert.equal(analyzer.index.dockerfile(PATH)!.shells.sh, 'dash');
  const fact = analyzer.index.dockerfile(PATH)!;
  assert.equal(fact.signalProblem?.ruleId, 'shell-form-cmd');
  assert.equal(text.slice(fact.signalProblem!.range.start, fact.signalProblem!.range.end), 'CMD cd /app && python app.py');
  assert.equal(fact.signalProblem!.line, 'CMD cd /app && python app.py');
  assert.equal(workspace({ [PATH]: 'FROM python:3.12\nCMD ["python"]\n' }).index.dockerfile(PATH)!.signalProblem, undefined);
});
