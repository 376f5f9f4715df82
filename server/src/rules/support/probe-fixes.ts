import { visit, type Document, type Node, type Pair } from 'yaml';
import { renderYaml, type YamlEditor, type YamlValue } from '../../fix/yaml-edit';
import { appPort } from '../../model/serving';
import type { YamlView } from '../../parse/yaml-file';
import type { Fix, OffsetRange, TextEdit } from '../../types';
import { handlerHost, handlerPort, hostLocality, tcpSocketSignature, type ProbeHandler, type ProbeRef } from './probe-handler';

/** The nodes of each parse whose anchor an alias uses: a parse never changes (fixes are text edits), so one pass each. */
const sharedNodesByParse = new WeakMap<Document.Parsed, readonly Node[]>();

/**
 * Whether an edit range overlaps a node whose anchor an alias uses (`&probe` ...
 * `*probe`): editing it would silently change the other place too. One pass over
 * the document, without resolving aliases (which spends the view's alias budget).
 */
export function touchesSharedNode(view: YamlView, range: OffsetRange): boolean {
  // A node is shared only through an anchor (`&`) and an alias (`*`): a text without both has none, and
  // most manifests have neither, where the pass over the parse would cost more than the fix it guards.
  const { text } = view.document;
  if (!text.includes('&') || !text.includes('*')) return false;
  return sharedNodes(view.document.doc).some((node) => {
    const target = view.range(node);
    return !target || (target.start < range.end && range.start < target.end);
  });
}

function sharedNodes(doc: Document.Parsed): readonly Node[] {
  let shared = sharedNodesByParse.get(doc);
  if (shared) return shared;
  const anchored: Array<{ node: Node; anchor: string }> = [];
  const used = new Set<string>();
  visit(doc, {
    Alias(_key, alias) {
      used.add(alias.source);
    },
    Node(_key, node) {
      if (node.anchor) anchored.push({ node, anchor: node.anchor });
    },
  });
  shared = anchored.flatMap(({ node, anchor }) => (used.has(anchor) ? [node] : []));
  sharedNodesByParse.set(doc, shared);
  return shared;
}

/** A pair's span from its key to the end of its value, without the line break that may end it. */
export function pairSpan(view: YamlView, editor: YamlEditor, pair: Pair<unknown, unknown>): OffsetRange | undefined {
  const key = view.range(pair.key);
  let end = editor.endOfPair(view, pair);
  if (!key || end === undefined) return undefined;
  while (end > key.end && (editor.text[end - 1] === '\r' || editor.text[end - 1] === '\n')) end--;
  return { start: key.start, end };
}

/**
 * Replaces a probe's handler (key through value) by `replacement`, written at the
 * handler's column in the file's style. Undefined for flow-style probes, handlers
 * that come from a merge key, and shared (aliased) text.
 */
export function replaceHandler(view: YamlView, editor: YamlEditor, probe: ProbeRef, handler: ProbeHandler, replacement: YamlValue): TextEdit | undefined {
  if (probe.map.flow || !probe.map.items.includes(handler.pair)) return undefined;
  const range = pairSpan(view, editor, handler.pair);
  if (!range) return undefined;
  const position = editor.lines.positionAt(range.start);
  if (editor.text.slice(editor.lines.lineStart(position.line), range.start).trim() !== '') return undefined;
  if (touchesSharedNode(view, range)) return undefined;
  const lines = renderYaml(replacement, position.character, editor.style);
  return { range, newText: lines.join(editor.style.eol).slice(position.character) };
}

/**
 * Replaces the liveness handler by a tcpSocket check on the application's port:
 * it fails only when the process stops accepting connections, never because an
 * endpoint or a dependency is missing, so it is the safe (preferred) fix. `readiness`: the
 * readiness handler's signature (see `handlerSignature`): no fix when the check would be the
 * same, since liveness would then repeat readiness (`liveness-equals-readiness`).
 */
export function tcpSocketFix(view: YamlView, editor: YamlEditor, probe: ProbeRef, handler: ProbeHandler, readiness?: string): Fix | undefined {
  const host = handler.kind === 'exec' ? undefined : handlerHost(view, handler);
  const local = host !== undefined && hostLocality(host.host) === 'local';
  if (handler.kind === 'tcpSocket' && local) return undefined;
  // The handler's own port is the application's when it targets the pod; else take the port the app serves.
  const port = local ? handlerPort(view, handler) : appPort(probe.container)?.port;
  if (port === undefined) return undefined;
  // An explicit local host (`127.0.0.1`) is kept: the app may listen only there.
  const target: Record<string, YamlValue> = local && host.host !== undefined ? { port, host: host.host } : { port };
  if (readiness !== undefined && tcpSocketSignature(probe.container, port, local ? (host.host ?? '') : '') === readiness) return undefined;
  const edit = replaceHandler(view, editor, probe, handler, { tcpSocket: target });
  const title =
    handler.kind === 'tcpSocket'
      ? `Replace the remote tcpSocket check with one on this container's port ${port}`
      : `Replace the ${handler.kind} check with a tcpSocket check on port ${port}`;
  return edit && { title, edits: [edit], preferred: true };
}

/**
 * Points the liveness check at `livenessPath`, an endpoint that answers for the
 * process alone: the httpGet path is replaced (or set), a local tcpSocket check
 * becomes an httpGet of that path on the same port. Not preferred: the app must serve it.
 */
export function livenessPathFix(view: YamlView, editor: YamlEditor, probe: ProbeRef, handler: ProbeHandler, livenessPath: string): Fix | undefined {
  if (handler.kind === 'httpGet') {
    const pathPair = view.pair(handler.map, 'path');
    let edit: TextEdit | undefined;
    if (!pathPair) {
      const map = view.range(handler.map);
      edit = handler.map.flow || !map || touchesSharedNode(view, map) ? undefined : editor.insertIntoMap(view, handler.map, { path: livenessPath });
    } else if (handler.map.items.includes(pathPair)) {
      edit = editor.replaceScalar(view, pathPair.value, livenessPath);
      if (edit && touchesSharedNode(view, edit.range)) edit = undefined;
    }
    if (!edit) return undefined;
    return { title: `Change the liveness path to ${livenessPath}`, edits: [edit] };
  }
  if (handler.kind === 'tcpSocket') {
    const host = handlerHost(view, handler);
    const port = handlerPort(view, handler);
    if (!host || host.written || port === undefined) return undefined;
    const edit = replaceHandler(view, editor, probe, handler, { httpGet: { path: livenessPath, port } });
    return edit && { title: `Replace the tcpSocket check with an httpGet check of ${livenessPath} on port ${port}`, edits: [edit] };
  }
  return undefined;
}
