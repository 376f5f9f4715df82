/**
 * The CLI's floor on a tree of manifests: node start-up, reading every YAML file and
 * Dockerfile under the folders given, splitting YAML files into documents and parsing
 * only the documents whose kind is read (told by their `kind:` line, as the CLI tells
 * it, with the same code), nothing else. Prints the number of files. The benchmark
 * bundles it into bench/.work with esbuild, so that it starts the way dist/cli.js does.
 *
 * Usage: node read-parse.js KINDS_JSON FOLDER...   (KINDS_JSON: the kinds read, a JSON array)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { parseYamlDocument, skippable, splitDocuments } from '../server/src/parse/yaml-file';

const DOCKERFILE = /^(?:(?:Dockerfile|Containerfile)(?:\..+)?|.+\.[Dd]ockerfile)$/;
const [kindsJson, ...folders] = process.argv.slice(2);
const kinds = new Set(JSON.parse(kindsJson!) as string[]);
let files = 0;

function walk(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === '.git' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (/\.ya?ml$/i.test(entry.name)) {
      for (const chunk of splitDocuments(readFileSync(path, 'utf8'))) {
        const document = parseYamlDocument(chunk.text, chunk.start);
        if (!skippable(document, kinds)) void document.doc;
      }
      files++;
    } else if (DOCKERFILE.test(entry.name)) {
      DockerfileParser.parse(readFileSync(path, 'utf8'));
      files++;
    }
  }
}

for (const folder of folders) walk(folder);
process.stdout.write(`${files}\n`);
