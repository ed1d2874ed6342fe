import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

const STRIP = ['.gz', '.json', '.jsonl', '.ndjson', '.log', '.txt', '.csv', '.parquet'];

/** Output file name for an input in directory mode: `vpc.log.gz` → `vpc.ocsf.jsonl`. */
export function outputNameFor(input: string, extension: string): string {
  let name = input === '-' ? 'stdin' : basename(input);
  for (let changed = true; changed; ) {
    changed = false;
    for (const ext of STRIP) {
      if (name.toLowerCase().endsWith(ext) && name.length > ext.length) {
        name = name.slice(0, -ext.length);
        changed = true;
      }
    }
  }
  return `${name}.ocsf.${extension}`;
}

/** Whether `--output` names a directory: it exists as one, ends with a slash, or several inputs go to it. */
export function isDirectoryOutput(output: string, inputCount: number): boolean {
  if (output.endsWith('/')) return true;
  if (existsSync(output)) return statSync(output).isDirectory();
  return inputCount > 1;
}

/** Unique output paths in `dir` for each input, in input order. */
export function planOutputs(inputs: readonly string[], dir: string, extension: string): string[] {
  const used = new Map<string, number>();
  return inputs.map((input) => {
    const name = outputNameFor(input, extension);
    const n = (used.get(name) ?? 0) + 1;
    used.set(name, n);
    return join(dir, n === 1 ? name : name.replace(`.ocsf.${extension}`, `-${n}.ocsf.${extension}`));
  });
}
