#!/usr/bin/env node
// Prints the shell code of a marked block of the root README (between `<!-- NAME:start -->` and
// `<!-- NAME:end -->`, the fenced `sh` code inside), so CI runs exactly what the README tells users.
// Usage: node tooling/release/readme-block.mjs NAME
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './lib/workspace.mjs';

const name = process.argv[2];
if (!name) {
  console.error('usage: readme-block.mjs NAME');
  process.exit(2);
}
const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const start = readme.indexOf(`<!-- ${name}:start -->`);
const end = readme.indexOf(`<!-- ${name}:end -->`);
if (start === -1 || end === -1 || end < start) {
  console.error(`README.md has no block "${name}" (<!-- ${name}:start --> … <!-- ${name}:end -->)`);
  process.exit(1);
}
const code = [...readme.slice(start, end).matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]).join('');
if (!code.trim()) {
  console.error(`README.md block "${name}" holds no \`\`\`sh code`);
  process.exit(1);
}
process.stdout.write(code);
