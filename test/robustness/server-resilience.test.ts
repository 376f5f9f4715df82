import assert from 'node:assert/strict';
import { readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import * as k8s from '../helpers/manifests';
import { buildServer, LspClient, tempWorkspace } from '../lsp/lsp-client';

/**
 * The built language server under conditions an editor session produces over
 * hours: documents closed while being checked, workspaces with link loops and
 * files deleted behind its back, thousands of edits. (Malformed JSON-RPC and
 * requests for unknown documents are covered in test/lsp/diagnostics.test.ts.)
 */

before(buildServer);

/** A Deployment of `replicas` pods labelled `app: <name>`, serving on 8080. */
function deployment(name: string, replicas = 3): string {
  return k8s.deployment({ name, replicas, app: name, fields: k8s.containerPort(8080) });
}

const PDB = k8s.pdb();

const codes = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => String(d.code));

/** Whether the server still answers: a hover over an open document gets a reply (null or a hover). */
async function assertServing(client: LspClient, uri: string): Promise<void> {
  const reply = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
  assert.ok(reply === null || typeof reply === 'object');
  assert.equal(client.child.exitCode, null, `the server exited:\n${client.stderr.join('')}`);
}

test('a document closed right after an edit gets only an empty clear afterwards', async () => {
  const workspace = tempWorkspace({ 'app/other.yaml': deployment('other') });
  const client = await LspClient.start({ root: workspace.root });
  try {
    // Never saved: once closed, nothing on disk can stand in for it.
    const uri = workspace.uri('scratch/unsaved.yaml');
    await client.open(uri, deployment('web'));
    await client.diagnostics(uri, (d) => codes(d).includes('missing-prestop'));
    await client.change(uri, deployment('web', 5));
    await client.close(uri);
    // A round trip after the close: what the server sent before it read the close arrives before the
    // answer, so only later publications show what it does with a closed document.
    await client.request('textDocument/hover', { textDocument: { uri: workspace.uri('app/other.yaml') }, position: { line: 0, character: 0 } });
    const closedAt = client.published.length;
    // A later document's diagnostics order after anything the server still had queued for the closed one.
    const barrier = workspace.uri('app/barrier.yaml');
    await client.open(barrier, deployment('barrier'));
    await client.diagnostics(barrier, (d) => d.length > 0, { after: closedAt });
    const forClosed = client.published.filter((p) => p.uri === uri);
    assert.deepEqual(forClosed[forClosed.length - 1]?.diagnostics, [], 'the closed document was never cleared');
    const afterClose = client.published.slice(closedAt).filter((p) => p.uri === uri);
    assert.deepEqual(
      afterClose.map((p) => p.diagnostics),
      afterClose.map(() => []),
      'diagnostics published for a closed document',
    );
    await assertServing(client, barrier);
  } finally {
    await client.stop();
    workspace.dispose();
  }
});

test('a workspace with a link loop, and a file deleted after indexing, keeps being served', async () => {
  const workspace = tempWorkspace({ 'app/deploy.yaml': deployment('web'), 'app/pdb.yaml': PDB });
  symlinkSync('..', join(workspace.root, 'app/loop'));
  symlinkSync(join(workspace.root, 'app'), join(workspace.root, 'app/self'));
  const client = await LspClient.start({ root: workspace.root });
  try {
    const uri = workspace.uri('app/deploy.yaml');
    await client.open(uri, readFileSync(join(workspace.root, 'app/deploy.yaml'), 'utf8'));
    // The PDB on disk is indexed despite the loops: no missing-pdb.
    await client.diagnostics(uri, (d) => codes(d).includes('missing-prestop') && !codes(d).includes('missing-pdb'));
    const at = client.published.length;
    rmSync(join(workspace.root, 'app/pdb.yaml'));
    await client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: workspace.uri('app/pdb.yaml'), type: 3 }] });
    await client.diagnostics(uri, (d) => codes(d).includes('missing-pdb'), { after: at });
    // A change event for the vanished file (a watcher racing the deletion) is not fatal either.
    await client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: workspace.uri('app/pdb.yaml'), type: 2 }] });
    await assertServing(client, uri);
    assert.doesNotMatch(client.stderr.join(''), /^ {4}at /m, 'a stack trace on stderr');
  } finally {
    await client.stop();
    workspace.dispose();
  }
});

/** Resident memory of a process in KiB (Linux). */
function residentKiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  assert.ok(match, 'no VmRSS');
  return Number(match[1]);
}

test(
  'a long session of 2,000 edits over a 300-document manifest does not grow the server',
  { skip: process.platform !== 'linux' && 'reads /proc' },
  async () => {
    const workspace = tempWorkspace({});
    const client = await LspClient.start({ root: workspace.root });
    try {
      const uri = workspace.uri('big.yaml');
      const names = Array.from({ length: 300 }, (_, i) => `app-${i}`);
      await client.open(uri, names.map((n) => deployment(n)).join('---\n'));
      await client.diagnostics(uri, (d) => d.length >= 300);
      const lines = client.text(uri).split('\n');
      const replicaLines = lines.flatMap((line, i) => (line.startsWith('  replicas: ') ? [i] : []));
      assert.equal(replicaLines.length, 300);
      let baseline = 0;
      for (let edit = 1; edit <= 2000; edit++) {
        // Typing in one document after another: replicas toggles between 2 and 3 (both replicated, same findings).
        const line = replicaLines[(edit * 7) % replicaLines.length]!;
        const current = client.text(uri).split('\n')[line]!;
        const next = current.endsWith('3') ? '2' : '3';
        const version = await client.edit(uri, [{ range: { start: { line, character: 12 }, end: { line, character: current.length } }, newText: next }]);
        if (edit % 100 === 0) {
          const diagnostics = await client.diagnostics(uri, () => true, { version });
          assert.ok(diagnostics.length >= 300, `only ${diagnostics.length} diagnostics after ${edit} edits`);
          if (edit === 200) baseline = residentKiB(client.child.pid!);
        }
      }
      const final = residentKiB(client.child.pid!);
      assert.ok(final <= baseline * 1.5, `server memory grew from ${baseline} KiB after 200 edits to ${final} KiB after 2,000`);
      await assertServing(client, uri);
    } finally {
      await client.stop();
      workspace.dispose();
    }
  },
);
