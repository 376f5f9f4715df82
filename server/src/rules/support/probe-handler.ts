import type { Pair, YAMLMap } from 'yaml';
import type { ContainerRef, PodSpecRef } from '../../model/pod-spec';
import type { YamlView } from '../../parse/yaml-file';

/** The four probe handlers; the API accepts exactly one per probe. */
export const HANDLER_KINDS = ['httpGet', 'tcpSocket', 'exec', 'grpc'] as const;
export type HandlerKind = (typeof HANDLER_KINDS)[number];

export type ProbeKey = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

/** A container's probe: the `livenessProbe:` pair and the mapping it holds. */
export interface ProbeRef {
  readonly container: ContainerRef;
  readonly pair: Pair<unknown, unknown>;
  readonly map: YAMLMap<unknown, unknown>;
}

/** A probe's handler: the `httpGet:` (or other) pair and its mapping. */
export interface ProbeHandler {
  readonly kind: HandlerKind;
  readonly pair: Pair<unknown, unknown>;
  readonly map: YAMLMap<unknown, unknown>;
}

/**
 * Containers whose probes the kubelet runs: regular containers and native sidecars.
 * Plain init containers run to completion and the API rejects probes on them.
 */
export function probedContainers(pod: PodSpecRef): ContainerRef[] {
  return [...pod.containers, ...pod.initContainers.filter((c) => c.role === 'sidecar')];
}

/** The container's probe under `key`, when it is a mapping (a null probe is none). */
export function probeOf(container: ContainerRef, key: ProbeKey): ProbeRef | undefined {
  const { view } = container.pod.object;
  const pair = view.pair(container.node, key);
  const map = pair && view.asMap(pair.value);
  return pair && map ? { container, pair, map } : undefined;
}

/** The probe's single handler; undefined when there is none, more than one, or it is not a mapping. */
export function handlerOf(view: YamlView, probe: YAMLMap<unknown, unknown>): ProbeHandler | undefined {
  let found: ProbeHandler | undefined;
  for (const kind of HANDLER_KINDS) {
    const pair = view.pair(probe, kind);
    // `httpGet:` with no value is no handler (null is absent).
    if (!pair || view.isNull(pair)) continue;
    const map = view.asMap(pair.value);
    if (found || !map) return undefined;
    found = { kind, pair, map };
  }
  return found;
}

/** The handler's `port` as written (a number or a named port); undefined for exec or an unreadable port. */
export function handlerPort(view: YamlView, handler: ProbeHandler): number | string | undefined {
  if (handler.kind === 'exec') return undefined;
  const node = view.get(handler.map, 'port');
  return handler.kind === 'grpc' ? view.number(node) : view.intOrString(node);
}

/** Resolves a named port through the container's `ports`; numbers pass through. */
export function resolvePort(container: ContainerRef, port: number | string): number | undefined {
  if (typeof port === 'number') return port;
  const { view } = container.pod.object;
  for (const item of view.getSeq(container.node, 'ports')?.items ?? []) {
    const entry = view.asMap(item);
    if (view.getString(entry, 'name') === port) return view.getNumber(entry, 'containerPort');
  }
  return undefined;
}

export type HostLocality = 'local' | 'remote' | 'unknown';

/**
 * Whether a host names the pod itself (RULES.md's "local host": absent, loopback,
 * `0.0.0.0`, or a Unix socket path). A host holding a variable is unknown.
 */
export function hostLocality(host: string | undefined): HostLocality {
  if (host === undefined || host === '') return 'local';
  if (/[$`{}]/.test(host)) return 'unknown';
  const bare = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (bare.startsWith('/') || bare.startsWith('@') || bare.startsWith('unix:')) return 'local';
  if (bare === 'localhost' || bare === '::1' || bare === '0.0.0.0' || bare === '::') return 'local';
  return /^127(?:\.\d{1,3}){3}$/.test(bare) ? 'local' : 'remote';
}

/** An httpGet/tcpSocket `host` field: absent, a literal string, or unknown (templated, wrong type). */
export function handlerHost(view: YamlView, handler: ProbeHandler): { readonly written: boolean; readonly host: string | undefined } | undefined {
  const node = view.get(handler.map, 'host');
  if (node === undefined) return { written: false, host: undefined };
  const host = view.string(node);
  return host === undefined ? undefined : { written: true, host };
}

/**
 * What the kubelet actually checks, as a comparable key: two handlers with the same
 * key probe the same thing. Timing fields are not part of it. Undefined when any
 * field that matters is templated or malformed. `path`: the key an httpGet handler
 * would have with this path instead of its own (what a fix would write).
 */
export function handlerSignature(view: YamlView, container: ContainerRef, handler: ProbeHandler, path?: string): string | undefined {
  if (handler.kind === 'exec') {
    const command = view.strings(view.get(handler.map, 'command'));
    return command && JSON.stringify(['exec', command]);
  }
  const written = handlerPort(view, handler);
  if (written === undefined) return undefined;
  const port = portKey(container, written);
  if (handler.kind === 'grpc') {
    const service = optionalString(view, handler.map, 'service', '');
    return service === undefined ? undefined : JSON.stringify(['grpc', port, service]);
  }
  const host = optionalString(view, handler.map, 'host', '');
  if (host === undefined) return undefined;
  if (handler.kind === 'tcpSocket') return tcpSocketSignature(container, written, host);
  // The kubelet requests "/" when the path is empty, and HTTP when no scheme is set.
  const requested = path ?? optionalString(view, handler.map, 'path', '/');
  const scheme = optionalString(view, handler.map, 'scheme', 'HTTP');
  const headers = httpHeaders(view, handler.map);
  if (requested === undefined || scheme === undefined || headers === undefined) return undefined;
  return httpGetSignature(container, requested, written, host, scheme, headers);
}

/** The {@link handlerSignature} of an httpGet check of `path` on `port` (as written). */
export function httpGetSignature(
  container: ContainerRef,
  path: string,
  port: number | string,
  host = '',
  scheme = 'HTTP',
  headers: readonly string[] = [],
): string {
  return JSON.stringify(['httpGet', path || '/', portKey(container, port), host, scheme, headers]);
}

/** A probe's check as {@link handlerSignature} keys it; undefined when the container has none or it is not known (templated, as liveness-equals-readiness reads it). */
export function probeSignature(view: YamlView, container: ContainerRef, key: ProbeKey): string | undefined {
  const probe = probeOf(container, key);
  const handler = probe && !view.isTemplated(probe.map) ? handlerOf(view, probe.map) : undefined;
  return handler && handlerSignature(view, container, handler);
}

/** The {@link handlerSignature} of a tcpSocket check of `port` (as written) on `host` (`''` when absent). */
export function tcpSocketSignature(container: ContainerRef, port: number | string, host: string): string {
  return JSON.stringify(['tcpSocket', portKey(container, port), host]);
}

/** A named port equals the number it resolves to in this container. */
function portKey(container: ContainerRef, port: number | string): number | string {
  return resolvePort(container, port) ?? `name:${port}`;
}

function optionalString(view: YamlView, map: YAMLMap<unknown, unknown>, key: string, absent: string): string | undefined {
  const node = view.get(map, key);
  return node === undefined ? absent : view.string(node);
}

/** Headers as a sorted list of `name: value` (names are case-insensitive in HTTP). */
function httpHeaders(view: YamlView, map: YAMLMap<unknown, unknown>): string[] | undefined {
  const node = view.get(map, 'httpHeaders');
  if (node === undefined) return [];
  const seq = view.asSeq(node);
  if (!seq) return undefined;
  const out: string[] = [];
  for (const item of seq.items) {
    const entry = view.asMap(item);
    if (!entry) return undefined;
    const name = view.getString(entry, 'name');
    const value = optionalString(view, entry, 'value', '');
    if (name === undefined || value === undefined) return undefined;
    out.push(`${name.toLowerCase()}: ${value}`);
  }
  return out.sort();
}
