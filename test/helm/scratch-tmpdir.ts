import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';

/**
 * Points TMPDIR, for the suite it is called in, at a folder of the suite's own (removed after it), where
 * the temporary chart copies go: a suite sees each one made and removed. Returns the folder, once the suite runs.
 */
export function scratchTmpdir(prefix: string): () => string {
  let scratch: string | undefined;
  let previous: string | undefined;
  before(() => {
    previous = process.env.TMPDIR;
    scratch = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
    process.env.TMPDIR = scratch;
  });
  after(() => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });
  return () => {
    if (scratch === undefined) throw new Error('the scratch folder exists only while its suite runs');
    return scratch;
  };
}
