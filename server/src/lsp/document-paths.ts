import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Converts between LSP URIs and the analysis' paths (absolute, `/`-separated).
 * Documents that are not files (`untitled:`) get a synthetic path under `/<scheme>:/`
 * and keep their URI, so diagnostics go back to the same document.
 */
export class DocumentPaths {
  private readonly nonFileUris = new Map<string, string>();

  pathOf(uri: string): string {
    if (uri.startsWith('file:')) {
      const path = fileURLToPath(uri).replace(/\\/g, '/');
      return path.startsWith('/') ? path : `/${path}`;
    }
    const scheme = uri.slice(0, Math.max(0, uri.indexOf(':'))) || 'unknown';
    const path = `/${scheme}:/${encodeURIComponent(uri)}`;
    this.nonFileUris.set(path, uri);
    return path;
  }

  /** The analysis path of a file found on the disk. */
  pathOfDisk(diskPath: string): string {
    const path = diskPath.replace(/\\/g, '/');
    return path.startsWith('/') ? path : `/${path}`;
  }

  uriOf(path: string): string {
    const synthetic = this.nonFileUris.get(path);
    if (synthetic) return synthetic;
    // `/C:/x` is how a Windows path looks inside the analysis.
    return pathToFileURL(/^\/[A-Za-z]:\//.test(path) ? path.slice(1) : path).href;
  }

  /** The path to read from the disk, or undefined for documents that only live in the editor. */
  diskPath(path: string): string | undefined {
    if (this.nonFileUris.has(path)) return undefined;
    return /^\/[A-Za-z]:\//.test(path) ? path.slice(1) : path;
  }

  forget(path: string): void {
    this.nonFileUris.delete(path);
  }
}
