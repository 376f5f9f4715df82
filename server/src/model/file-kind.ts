import { basename } from './workspace-fs';

export type FileKind = 'dockerfile' | 'yaml';

/** Classifies a file by its name, as RULES.md's vocabulary says; undefined for files we do not analyse. */
export function fileKindOf(path: string, languageId?: string): FileKind | undefined {
  if (languageId === 'dockerfile') return 'dockerfile';
  const name = basename(path);
  if (/^(?:Dockerfile|Containerfile)(?:\..+)?$/.test(name) || /\.(?:Dockerfile|dockerfile)$/.test(name)) return 'dockerfile';
  if (languageId === 'yaml' || /\.ya?ml$/i.test(name)) return 'yaml';
  return undefined;
}
