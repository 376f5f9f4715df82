import { parseShell, programName, SHELLS } from '../../parse/shell-words';
import { hostLocality } from './probe-handler';

/** How a client's arguments name the server it talks to. */
interface ClientSpec {
  /** Options whose value is a host (`-h db`, `-hdb`, `--host=db`, `--host db`), possibly `host:port`. */
  readonly hostOptions?: readonly string[];
  /** Options whose value is a URL or a connection string. */
  readonly urlOptions?: readonly string[];
  /** Options that route through a local socket whatever the URL says. */
  readonly socketOptions?: readonly string[];
  /** Letters of short options that take a value (their value is never a target). */
  readonly shortValues?: string;
  /** Long options known to take no value; any other long option without `=` may consume the next word. */
  readonly longFlags?: readonly string[];
  /** Positional arguments: URLs (`curl`), the first one as a host (`nc`), or none that name a server. */
  readonly positional: 'url' | 'host' | 'none';
  /** Go-style flags: `-addr` is one long option, not a bundle of letters. */
  readonly goFlags?: boolean;
}

const POSTGRES: ClientSpec = {
  hostOptions: ['-h', '--host'],
  urlOptions: ['-d', '--dbname'],
  shortValues: 'pUtTfFvcoLRC',
  longFlags: ['--quiet', '--no-password'],
  positional: 'url',
};
// `-pSECRET` carries the password attached: reading it as a value keeps its letters from looking like `-h`.
const MYSQL: ClientSpec = { hostOptions: ['-h', '--host'], shortValues: 'upPSDeOc', longFlags: ['--silent', '--force', '--verbose'], positional: 'none' };
const MONGO: ClientSpec = { hostOptions: ['--host'], shortValues: 'up', positional: 'url' };
const NETCAT: ClientSpec = { shortValues: 'wipsxXqWTOIVePMmc', positional: 'host' };

/** Database, HTTP and TCP clients a liveness exec probe may run. */
const CLIENTS: ReadonlyMap<string, ClientSpec> = new Map([
  ['pg_isready', POSTGRES],
  ['psql', POSTGRES],
  ['mysqladmin', MYSQL],
  ['mysql', MYSQL],
  ['mariadb-admin', MYSQL],
  ['mariadb', MYSQL],
  [
    'redis-cli',
    {
      hostOptions: ['-h'],
      urlOptions: ['-u'],
      socketOptions: ['-s'],
      shortValues: 'pansr',
      longFlags: ['--no-auth-warning', '--tls', '--raw', '--no-raw', '--verbose'],
      positional: 'none',
    },
  ],
  ['mongosh', MONGO],
  ['mongo', MONGO],
  [
    'curl',
    {
      urlOptions: ['--url'],
      socketOptions: ['--unix-socket', '--abstract-unix-socket'],
      shortValues: 'oHdXumexAbcFTwryYEKCzUQtP',
      longFlags: [
        '--fail',
        '--silent',
        '--show-error',
        '--insecure',
        '--location',
        '--head',
        '--verbose',
        '--include',
        '--fail-with-body',
        '--http2',
        '--http1.1',
        '--compressed',
        '--no-progress-meter',
      ],
      positional: 'url',
    },
  ],
  [
    'wget',
    {
      shortValues: 'oaOPTtwUeiBDRIXlAdE',
      longFlags: ['--spider', '--quiet', '--no-check-certificate', '--no-verbose', '--server-response', '--no-proxy'],
      positional: 'url',
    },
  ],
  ['nc', NETCAT],
  ['ncat', NETCAT],
  ['netcat', NETCAT],
  [
    'grpc_health_probe',
    { hostOptions: ['-addr', '--addr'], longFlags: ['-tls', '-tls-no-verify', '-spiffe', '-v', '-gzip'], positional: 'none', goFlags: true },
  ],
  ['etcdctl', { urlOptions: ['--endpoints'], positional: 'none' }],
]);

/** A client call in a probe command that targets another host. */
export interface RemoteCall {
  readonly client: string;
  readonly host: string;
}

/**
 * The first client call in an exec probe that talks to a host other than the pod
 * itself: the command itself, or any simple command of a `sh -c` script. Calls
 * whose host is absent (they default to a local socket or localhost), local, or
 * held in a variable are not reported.
 */
export function remoteCallIn(argv: readonly string[]): RemoteCall | undefined {
  for (const words of commandsOf(argv)) {
    const call = unwrap(words);
    const client = call[0] && programName(call[0]);
    const spec = client && CLIENTS.get(client);
    if (!spec) continue;
    const host = targetsOf(spec, call.slice(1)).find((h) => hostLocality(h) === 'remote');
    if (host !== undefined) return { client, host };
  }
  return undefined;
}

function commandsOf(argv: readonly string[]): string[][] {
  const program = argv[0] && programName(argv[0]);
  if (!program || !SHELLS.has(program)) return [[...argv]];
  const script = argv[1] && /^-[a-z]*c[a-z]*$/.test(argv[1]) ? argv[2] : undefined;
  if (script === undefined) return [];
  const parsed = parseShell(script);
  return parsed.complex ? [] : parsed.commands.map((c) => c.words.map((w) => w.value));
}

/** Skips `exec`, `timeout [options] DURATION` and `env NAME=value` wrappers. */
function unwrap(words: readonly string[]): readonly string[] {
  let rest = words;
  for (;;) {
    const program = rest[0] && programName(rest[0]);
    if (program === 'exec' || program === 'env') {
      rest = rest.slice(1);
      while (rest[0] && /^[A-Za-z_][A-Za-z0-9_]*=/.test(rest[0])) rest = rest.slice(1);
    } else if (program === 'timeout') {
      let i = 1;
      for (let flag = rest[i]; flag?.startsWith('-'); flag = rest[i]) i += /^-[sk]$|^--(?:signal|kill-after)$/.test(flag) ? 2 : 1;
      rest = rest.slice(i + 1);
    } else {
      return rest;
    }
  }
}

/** The hosts a client's arguments name, as written. */
function targetsOf(spec: ClientSpec, args: readonly string[]): string[] {
  const hosts: string[] = [];
  const positionals: string[] = [];
  const take = (option: string, value: string | undefined) => {
    if (value === undefined) return;
    if (spec.hostOptions?.includes(option)) hosts.push(...hostsOfAddress(value));
    else if (spec.urlOptions?.includes(option)) hosts.push(...hostsOfUrl(value));
  };
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (word === undefined) break;
    if (word === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (spec.socketOptions?.includes(word.split('=', 1)[0] ?? word)) return [];
    if (word.startsWith('--') || (spec.goFlags && word.startsWith('-') && word.length > 1)) {
      const eq = word.indexOf('=');
      const option = eq === -1 ? word : word.slice(0, eq);
      if (eq !== -1) take(option, word.slice(eq + 1));
      else if (spec.hostOptions?.includes(option) || spec.urlOptions?.includes(option)) take(option, args[++i]);
      // An unknown option may take the next word as its value: skip it rather than misread it.
      else if (!spec.longFlags?.includes(option)) i++;
    } else if (word.startsWith('-') && word.length > 1) {
      for (let k = 1; k < word.length; k++) {
        const option = `-${word[k]}`;
        const valued = spec.hostOptions?.includes(option) || spec.urlOptions?.includes(option) || spec.socketOptions?.includes(option);
        if (!valued && !spec.shortValues?.includes(word.charAt(k))) continue;
        if (spec.socketOptions?.includes(option)) return [];
        const value = k + 1 < word.length ? word.slice(k + 1) : args[++i];
        take(option, value);
        break;
      }
    } else {
      positionals.push(word);
    }
  }
  if (spec.positional === 'host' && positionals[0] !== undefined) hosts.push(positionals[0]);
  if (spec.positional === 'url') for (const p of positionals) if (/^[a-z][a-z0-9+.-]*:\/\/|(?:^|\s)host\s*=/i.test(p)) hosts.push(...hostsOfUrl(p));
  return hosts;
}

/** `db`, `db:5432`, `[::1]:6379`, `:8080`, `rs0/db1:27017,db2` (a Mongo replica set), or a socket path. */
function hostsOfAddress(value: string): string[] {
  if (value.startsWith('/')) return [value];
  const list = value.includes('/') ? value.slice(value.indexOf('/') + 1) : value;
  return list.split(',').map(stripPort);
}

function stripPort(address: string): string {
  const [, bracketed] = /^\[([^\]]*)\]/.exec(address) ?? [];
  if (bracketed !== undefined) return bracketed;
  // Several colons: a bare IPv6 address, which carries no port.
  return address.split(':').length === 2 ? address.slice(0, address.indexOf(':')) : address;
}

/**
 * Hosts of a URL (`postgresql://u@db:5432/app`, `mongodb://a,b/x`, `unix:///run/s`),
 * of a comma-separated list of URLs (`--endpoints`), or of a libpq keyword string
 * (`host=db port=5432`).
 */
function hostsOfUrl(value: string): string[] {
  return value.split(/,(?=[a-z][a-z0-9+.-]*:\/\/)/i).flatMap(hostsOfOneUrl);
}

function hostsOfOneUrl(value: string): string[] {
  const [, keywordHost] = /(?:^|\s)host(?:addr)?\s*=\s*'?([^\s']*)/i.exec(value) ?? [];
  const [, scheme, userAndHosts = ''] = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)/i.exec(value) ?? [];
  if (scheme === undefined) return keywordHost === undefined ? [] : [keywordHost];
  if (/unix|socket/i.test(scheme)) return [];
  const authority = userAndHosts.slice(userAndHosts.lastIndexOf('@') + 1);
  const hosts = authority === '' ? [] : authority.split(',').map(stripPort);
  // libpq URIs may name the host in the query (`postgresql:///app?host=db`); an encoded one stays unread.
  const queryHost = /[?&]host=([^&#%]*)(?=[&#]|$)/.exec(value)?.[1];
  if (queryHost !== undefined) hosts.push(queryHost);
  return hosts;
}
