import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDuration, parseShell, parseSleepDuration, programName, shellScriptIndex, tokenizeShell } from '../../server/src/parse/shell-words';

const words = (script: string) => parseShell(script).commands.map((c) => c.words.map((w) => w.value));

test('words lose their quotes and escapes, keep their offsets', () => {
  const script = `echo 'a b' "c \\"d\\"" e\\ f`;
  const [command] = parseShell(script).commands;
  assert.deepEqual(
    command!.words.map((w) => w.value),
    ['echo', 'a b', 'c "d"', 'e f'],
  );
  assert.deepEqual(
    command!.words.map((w) => script.slice(w.start, w.end)),
    ['echo', "'a b'", '"c \\"d\\""', 'e\\ f'],
  );
});

test('operators split commands and record how each was joined', () => {
  const script = parseShell('cd /app && ./migrate || true; ./a | ./b\n./c &\n./d');
  assert.deepEqual(
    script.commands.map((c) => c.words[0]!.value),
    ['cd', './migrate', 'true', './a', './b', './c', './d'],
  );
  assert.deepEqual(
    script.commands.map((c) => c.joinedBy),
    [undefined, '&&', '||', ';', '|', '\n', '\n'],
  );
  assert.deepEqual(
    script.commands.map((c) => c.piped),
    [false, false, false, true, true, false, false],
  );
  assert.equal(script.commands[5]!.background, true);
});

test('compound commands nest, and keywords are not words', () => {
  assert.deepEqual(words('if [ -f x ]; then a; fi; b'), [['[', '-f', 'x', ']'], ['a'], ['b']]);
  const script = parseShell('while true; do sleep 1; done');
  assert.ok(script.commands.every((c) => c.nested));
  assert.ok(parseShell('(a; b)').commands.every((c) => c.nested));
});

test('assignments, expansions and globs count as shell syntax', () => {
  const assigned = parseShell('PORT=80 ./server');
  assert.deepEqual(
    assigned.commands[0]!.assignments.map((a) => a.raw),
    ['PORT=80'],
  );
  assert.equal(assigned.usesShellSyntax, true);
  assert.equal(parseShell('echo $HOME').usesShellSyntax, true);
  assert.equal(parseShell('ls *.txt').usesShellSyntax, true);
  assert.equal(parseShell('echo "$(date +%s)" done').commands[0]!.words.length, 3);
  assert.equal(parseShell('python "app.py" --port 80').usesShellSyntax, false);
});

test('case, functions, unclosed quotes and here-documents make the flat reading complex', () => {
  for (const script of ['cat <<EOF\nx', 'case $1 in a) x;; esac', 'main() { x; }\nmain', 'echo "open', "echo 'open", 'if true; then x']) {
    assert.equal(parseShell(script).complex, true, script);
  }
  assert.equal(parseShell('a && b; c | d').complex, false);
});

test('here-document bodies, here-strings, arrays and process substitution are skipped as text', () => {
  assert.deepEqual(words('cat <<-EOF >&2\n\tif ( x\n\tEOF\nexec "$@"'), [['cat'], ['exec', '$@']]);
  assert.deepEqual(words('psql <<<\'SELECT 1;\'\nexec "$@"'), [['psql'], ['exec', '$@']]);
  assert.deepEqual(words('opts=( -a "b c" )\nexec java "${opts[@]}"'), [[], ['exec', 'java', '${opts[@]}']]);
  assert.deepEqual(words('while read -r x; do :; done < <(printf "a b")'), [['read', '-r', 'x'], [':']]);
  assert.equal(parseShell('cat <<EOF\nx\nEOF\nexec a').complex, false);
});

test('comments and line continuations are skipped', () => {
  assert.deepEqual(words('a \\\n  b # c d\ne'), [['a', 'b'], ['e']]);
  assert.equal(tokenizeShell('a#b').tokens.length, 1);
});

test('shellScriptIndex finds the -c script of sh, bash, ash and dash', () => {
  assert.equal(shellScriptIndex(['sh', '-c', 'x']), 2);
  assert.equal(shellScriptIndex(['/bin/bash', '-euo', 'pipefail', '-c', 'x']), 4);
  assert.equal(shellScriptIndex(['bash', '-lc', 'x', 'arg0']), 2);
  assert.equal(shellScriptIndex(['/usr/bin/dash', '-e', '-c', 'x']), 3);
  assert.equal(shellScriptIndex(['ash', '--login', '-c', 'x']), 3);
  assert.equal(shellScriptIndex(['sh', '-c', '--', 'x']), 3);
  assert.equal(shellScriptIndex(['sh', '--', 'x']), undefined);
  assert.equal(shellScriptIndex(['sh', '-c']), undefined);
  assert.equal(shellScriptIndex(['sh', 'script.sh']), undefined);
  assert.equal(shellScriptIndex(['zsh', '-c', 'x']), undefined);
  assert.equal(shellScriptIndex(['python', '-c', 'x']), undefined);
  assert.equal(shellScriptIndex([]), undefined);
});

test('programName, sleep and Go durations', () => {
  assert.equal(programName('/usr/bin/env'), 'env');
  assert.equal(programName('sh'), 'sh');
  assert.equal(parseSleepDuration('2m'), 120);
  assert.equal(parseSleepDuration('infinity'), undefined);
  assert.equal(parseDuration('1m30s'), 90);
  assert.equal(parseDuration('500ms'), 0.5);
  assert.equal(parseDuration('30x'), undefined);
});
