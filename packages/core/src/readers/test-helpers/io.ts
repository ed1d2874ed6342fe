import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { type OpenedInput, openInput } from '../index.js';
import type { ReaderItem, ReadOptions } from '../types.js';

/** A temporary folder removed by `cleanup()`. */
export function tempDir(): { dir: string; file(name: string, content: string | Uint8Array): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'ocsfx-readers-'));
  return {
    dir,
    file(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Every item of an opened input, flattened; the error (if any) after them. */
export async function collect(
  input: OpenedInput,
  options?: ReadOptions,
): Promise<{ items: ReaderItem[]; error?: unknown }> {
  const items: ReaderItem[] = [];
  try {
    for await (const batch of input.records(options)) items.push(...batch);
  } catch (error) {
    return { items, error };
  } finally {
    await input.close();
  }
  return { items };
}

/** Opens a file and reads it all. */
export async function readAll(
  path: string,
  options?: ReadOptions,
): Promise<{ input: OpenedInput; items: ReaderItem[]; error?: unknown }> {
  const input = await openInput(path, options);
  return { input, ...(await collect(input, options)) };
}

/** Opens content given as stdin. */
export function stdinOf(content: string | Uint8Array): Readable {
  return Readable.from([typeof content === 'string' ? Buffer.from(content) : Buffer.from(content)]);
}
