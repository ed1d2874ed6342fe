import { isUtf8 } from 'node:buffer';

/** A piece of decoded text; `invalidUtf8` when its bytes were not all UTF-8 (each bad sequence is U+FFFD). */
export interface DecodedText {
  text: string;
  invalidUtf8: boolean;
}

/**
 * Bytes → UTF-8 text, piece by piece, without losing a character split between chunks. A byte order
 * mark at the start is dropped (editors on Windows write one). Each piece is decoded from exactly the
 * bytes node's native UTF-8 validator checked (a character cut at a chunk's end waits for the next
 * chunk), so a piece that shows U+FFFD for bytes that are not UTF-8 is always marked invalid: readers
 * reject the records of such a piece that contain U+FFFD, rather than passing on text the source never held.
 */
export async function* decodeUtf8(chunks: AsyncIterable<Buffer>): AsyncGenerator<DecodedText> {
  const check = new Utf8Check();
  let bomChecked = false;
  for await (const chunk of chunks) {
    const { bytes, valid } = check.complete(chunk);
    let text = bytes.toString('utf8');
    if (!bomChecked && text.length > 0) {
      bomChecked = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (text.length > 0) yield { text, invalidUtf8: !valid };
  }
  // A character cut off by the end of the input is not UTF-8.
  const rest = check.rest();
  if (rest !== undefined) yield { text: rest.toString('utf8'), invalidUtf8: true };
}

/** Checks a byte stream chunk by chunk for UTF-8, a character cut between two chunks included. */
export class Utf8Check {
  // The bytes of a character cut by the end of the previous chunk.
  private carry: Buffer | undefined;

  /** Whether the chunk (with the cut character before it) is UTF-8, up to a character it cuts at its end. */
  valid(chunk: Buffer): boolean {
    return this.complete(chunk).valid;
  }

  /**
   * The chunk's bytes that end on a character boundary (the cut character of the previous chunk first,
   * the one this chunk cuts at its end kept back), and whether they are UTF-8.
   */
  complete(chunk: Buffer): { bytes: Buffer; valid: boolean } {
    const joined = this.carry === undefined ? chunk : Buffer.concat([this.carry, chunk]);
    const tail = incompleteTail(joined);
    this.carry = tail === 0 ? undefined : Buffer.from(joined.subarray(joined.length - tail));
    const bytes = tail === 0 ? joined : joined.subarray(0, joined.length - tail);
    return { bytes, valid: isUtf8(bytes) };
  }

  /** Whether the stream ended inside a character. */
  cut(): boolean {
    return this.carry !== undefined;
  }

  /** The bytes of a character the stream's end cut off (not UTF-8), if any. */
  rest(): Buffer | undefined {
    const rest = this.carry;
    this.carry = undefined;
    return rest;
  }
}

/** How many bytes at the end start a UTF-8 sequence that the chunk does not finish (0–3). */
function incompleteTail(bytes: Buffer): number {
  const n = bytes.length;
  for (let back = 1; back <= 4 && back <= n; back++) {
    const b = bytes[n - back] as number;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}
