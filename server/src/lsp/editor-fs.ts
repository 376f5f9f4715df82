import { readFileSync, statSync } from 'node:fs';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocuments } from 'vscode-languageserver/node';
import { MAX_FILE_CHARS } from '../analyzer';
import type { WorkspaceFs } from '../model/workspace-fs';
import type { DocumentPaths } from './document-paths';

/** Reads a file from the disk, undefined when missing, unreadable, or too large to analyse. */
export function readDiskText(diskPath: string): string | undefined {
  try {
    if (statSync(diskPath).size > MAX_FILE_CHARS) return undefined;
    return readFileSync(diskPath, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The workspace as the user sees it: an open document's unsaved text wins over
 * the disk (an entrypoint script being edited counts as edited).
 */
export function editorFs(documents: TextDocuments<TextDocument>, paths: DocumentPaths): WorkspaceFs & { openDocument(path: string): TextDocument | undefined } {
  const openDocument = (path: string) => documents.get(paths.uriOf(path));
  return {
    openDocument,
    readText(path) {
      const open = openDocument(path);
      if (open) return open.getText();
      const disk = paths.diskPath(path);
      return disk === undefined ? undefined : readDiskText(disk);
    },
  };
}
