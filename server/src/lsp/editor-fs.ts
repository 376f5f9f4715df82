import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { WorkspaceFs } from '../model/workspace-fs';
import { readSourceText } from '../workspace/source';
import type { DocumentPaths } from './document-paths';

/**
 * The workspace as the user sees it: an open document's unsaved text wins over
 * the disk (an entrypoint script being edited counts as edited). The disk is read
 * as the CLI reads it (`readSource`: BOM dropped, size limit, UTF-8 only).
 */
export function editorFs(documents: TextDocuments<TextDocument>, paths: DocumentPaths): WorkspaceFs & { openDocument(path: string): TextDocument | undefined } {
  const openDocument = (path: string) => documents.get(paths.uriOf(path));
  return {
    openDocument,
    readText(path) {
      const open = openDocument(path);
      if (open) return open.getText();
      const disk = paths.diskPath(path);
      return disk === undefined ? undefined : readSourceText(disk);
    },
  };
}
