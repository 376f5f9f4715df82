import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandSnippet, snippetChoices } from './snippet-syntax';

test('tab stops and the final cursor insert nothing', () => {
  assert.equal(expandSnippet('a$1b${2}c$0'), 'abc');
});

test('placeholders insert their default and mirrors repeat it, wherever the placeholder is', () => {
  assert.equal(expandSnippet('name: ${1:web}, app: $1'), 'name: web, app: web');
  assert.equal(expandSnippet('app: $1, name: ${1:web}'), 'app: web, name: web');
});

test('nested placeholders and a placeholder defaulting to another tab stop', () => {
  assert.equal(expandSnippet('${1:port ${2:8080}} / $2'), 'port 8080 / 8080');
  assert.equal(expandSnippet('${1:web} ${2:$1-pdb}'), 'web web-pdb');
});

test('choices take the first option unless told otherwise', () => {
  assert.equal(expandSnippet('${1|a,b\\,c|}'), 'a');
  assert.equal(expandSnippet('${1|a,b\\,c|} $1', { choose: (_, options) => options[1]! }), 'b,c b,c');
  assert.deepEqual([...snippetChoices('x ${1:${2|p,q|}}')], [[2, ['p', 'q']]]);
});

test('escapes produce the literal characters', () => {
  assert.equal(expandSnippet('\\$HOME \\} \\\\ ${1:a\\}b}'), '$HOME } \\ a}b');
  assert.equal(expandSnippet('cost: 5$'), 'cost: 5$');
  // Outside a placeholder a brace is plain text, as in VS Code.
  assert.equal(expandSnippet('a: {b}'), 'a: {b}');
});

test('malformed snippets and variables are rejected, not guessed', () => {
  assert.throws(() => expandSnippet('${1:open'), /expected "}"/);
  assert.throws(() => expandSnippet('${1|a,b'), /unterminated choice/);
  assert.throws(() => expandSnippet('$TM_FILENAME'), /variables are not supported/);
});
