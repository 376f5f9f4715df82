import { programName } from '../parse/shell-words';

/**
 * The shells whose handling of a `-c` script differs (measured with dash 0.5.12, bash 5.2,
 * BusyBox 1.35; bash before 5.1 per its changelog): `dash` never replaces itself with
 * the command it runs; `bash` replaces itself with the last command of a `;`/`&&` list,
 * `old-bash` (before 5.1) only with a lone command; `ash` (BusyBox) with the last
 * command even inside `if`/`case`/braces.
 */
export type ShellKind = 'dash' | 'bash' | 'old-bash' | 'ash';

/** What a base image tells about its shells. */
export interface BaseShells {
  /** What `/bin/sh` is. */
  readonly sh: ShellKind;
  /** What `bash` is, when the image has it. */
  readonly bash: 'bash' | 'old-bash';
  /** A Windows image: no POSIX signals, no `/bin/sh`. */
  readonly windows: boolean;
  /** Why, in a few words (`python:3.12-alpine is Alpine-based`), for hovers. */
  readonly why: string;
}

const RHEL_FAMILY = /^(?:ubi\d*(?:-\w+)?|rhel\d*|centos|fedora|rockylinux|almalinux|oraclelinux|amazonlinux|amazoncorretto)$/;
const RHEL_TAG = /(?:^|[-_])(?:ubi\d*|ubi-minimal|oraclelinux\d*|al2023|al2|amazonlinux\d*|centos\d*|rockylinux\d*|almalinux\d*|fedora\d*)(?:$|[-_.])/;

/** Releases that ship bash before 5.1: EL 5-8, Amazon Linux 2, Debian 10 and older, Ubuntu 20.04 and older. */
function hasOldBash(repository: string, name: string, tag: string): boolean {
  if (name === 'amazoncorretto') return !/al2023|alpine/.test(tag);
  if (name === 'amazonlinux') return /^2(?:\.|$)/.test(tag) && !tag.startsWith('2023');
  if (name === 'centos') return tag === '' || tag === 'latest' || /^(?:[5-8]|stream8)/.test(tag);
  if (/^(?:rockylinux|almalinux|oraclelinux)$/.test(name)) return /^[5-8](?:[.-]|$)/.test(tag);
  if (name === 'debian') return /^(?:[5-9]|10)(?:[.-]|$)/.test(tag);
  if (name === 'ubuntu') return /^(?:1\d|20)\./.test(tag);
  if (/(?:^|\/)ubi[5-8](?:-\w+)?(?:\/|$)/.test(repository)) return true;
  return /(?:^|[-_.])(?:el[5-8]|ubi[5-8]|centos[5-8]|oraclelinux[5-8]|al2|buster|stretch|jessie|focal|bionic|xenial)(?:$|[-_.])/.test(tag);
}

/**
 * The shells of a base image, from its reference as written in `FROM` or a pod's
 * `image` (variables and quotes allowed: `debian:"${VERSION}"` is still Debian).
 * `/bin/sh` is BusyBox ash on Alpine and BusyBox, bash on the RHEL family and Amazon
 * Linux, and dash on Debian, Ubuntu and anything not recognised.
 */
export function baseShells(image: string | undefined): BaseShells {
  const reference = (image ?? '').replace(/["']/g, '').trim().toLowerCase();
  const [repository = '', tag = ''] = splitReference(reference);
  const path = repository.split('/');
  const name = path[path.length - 1] ?? '';
  const shown = image ?? 'an unknown base';
  if (isWindowsReference(repository, tag)) return { sh: 'dash', bash: 'bash', windows: true, why: `${shown} is a Windows image` };
  if (name === 'alpine' || name === 'busybox' || /(?:^|[-_.])alpine/.test(tag) || /-alpine$/.test(name)) {
    return { sh: 'ash', bash: 'bash', windows: false, why: `${shown} is Alpine- or BusyBox-based: /bin/sh is BusyBox ash` };
  }
  const rhel = RHEL_FAMILY.test(name) || path.some((segment) => /^ubi\d+(?:-\w+)?$/.test(segment)) || RHEL_TAG.test(tag);
  const oldBash = hasOldBash(repository, name, tag);
  const bash = oldBash ? 'old-bash' : 'bash';
  if (rhel) return { sh: bash, bash, windows: false, why: `${shown} is RHEL-family: /bin/sh is bash${oldBash ? ' before 5.1' : ''}` };
  const known =
    /^(?:debian|ubuntu|python|node|golang|ruby|openjdk|eclipse-temurin|nginx|postgres|mysql|redis|php|rabbitmq|wordpress|httpd|buildpack-deps|rust|perl|maven|gradle|elixir|erlang)$/.test(
      name,
    );
  return {
    sh: 'dash',
    bash,
    windows: false,
    why: known ? `${shown} is Debian- or Ubuntu-based: /bin/sh is dash` : `${shown} is not a base Graceful recognises: /bin/sh is taken to be dash`,
  };
}

function splitReference(reference: string): [string, string] {
  const at = reference.indexOf('@');
  const noDigest = at < 0 ? reference : reference.slice(0, at);
  const lastSlash = noDigest.lastIndexOf('/');
  const colon = noDigest.indexOf(':', lastSlash + 1);
  return colon === -1 ? [noDigest, ''] : [noDigest.slice(0, colon), noDigest.slice(colon + 1)];
}

function isWindowsReference(repository: string, tag: string): boolean {
  return (
    /(?:^|\/)(?:windows|nanoserver|servercore|windowsservercore)(?:[/-]|$)|dotnet\/framework/.test(repository) ||
    /(?:^|[-_])(?:ltsc\d*|nanoserver|windowsservercore|servercore)(?:$|[-_])/.test(tag)
  );
}

/** Shells that `SHELL` can name for a Windows image: their stage stops by console events. */
export function isWindowsShell(program: string): boolean {
  return /^(?:powershell|pwsh|cmd)(?:\.exe)?$/i.test(programName(program));
}

/**
 * The shell a program runs as, on an image with these shells: `sh` is the image's
 * `/bin/sh`, the others are themselves. Undefined for programs that are not one of
 * the shells Graceful models (`zsh`, `ksh`).
 */
export function shellOfProgram(program: string, shells: BaseShells): ShellKind | undefined {
  switch (programName(program)) {
    case 'sh':
      return shells.sh;
    case 'bash':
      return shells.bash;
    case 'ash':
    case 'busybox':
      return 'ash';
    case 'dash':
      return 'dash';
    default:
      return undefined;
  }
}

/** The shell's name as users know it, for messages. */
export function shellLabel(kind: ShellKind): string {
  return kind === 'ash' ? 'BusyBox ash' : kind === 'old-bash' ? 'bash (before 5.1)' : kind;
}
