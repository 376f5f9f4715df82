// The CLI's baseline: node start-up, reading every file the CLI would lint and
// parsing it with `yaml` or `dockerfile-ast`, nothing else. Prints the file count.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { parseAllDocuments } from 'yaml';

const DOCKERFILE = /^(?:(?:Dockerfile|Containerfile)(?:\..+)?|.+\.[Dd]ockerfile)$/;
let files = 0;
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === '.git' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (/\.ya?ml$/i.test(entry.name)) {
      parseAllDocuments(readFileSync(path, 'utf8'));
      files++;
    } else if (DOCKERFILE.test(entry.name)) {
      DockerfileParser.parse(readFileSync(path, 'utf8'));
      files++;
    }
  }
};
for (const dir of process.argv.slice(2)) walk(dir);
process.stdout.write(`${files}\n`);
