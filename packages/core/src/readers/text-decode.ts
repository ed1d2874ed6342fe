import { isUtf8 } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';

/** A piece of decoded text; `invalidUtf8` when its bytes were not all UTF-8 (each bad sequence is U+FFFD). */
export interface DecodedText {
  text: string;
  invalidUtf8: boolean;
}

/**
 * Bytes → UTF-8 text, piece by piece, without losing a character split between chunks. A byte order
 * mark at the start is dropped (editors on Windows write one). Each chunk is checked with node's
 * native UTF-8 validator: readers reject the records of a piece marked invalid that contain U+FFFD,
 * rather than passing on text the source never held.
 */
export async function* decodeUtf8(chunks: AsyncIterable<Buffer>): AsyncGenerator<DecodedText> {
  const decoder = new StringDecoder('utf8');
  const check = new Utf8Check();
  let bomChecked = false;
  for await (const chunk of chunks) {
    const invalidUtf8 = !check.valid(chunk);
    let text = decoder.write(chunk);
    if (!bomChecked && text.length > 0) {
      bomChecked = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (text.length > 0) yield { text, invalidUtf8 };
  }
  // A character cut off by the end of the input is not UTF-8.
  const rest = decoder.end();
  if (rest.length > 0) yield { text: rest, invalidUtf8: true };
}

/** Checks a byte stream chunk by chunk for UTF-8, a character cut between two chunks included. */
export class Utf8Check {
  // The bytes of a character cut by the end of the previous chunk.
  private carry: Buffer | undefined;

  /** Whether the chunk (with the cut character before it) is UTF-8, up to a character it cuts at its end. */
  valid(chunk: Buffer): boolean {
    const bytes = this.carry === undefined ? chunk : Buffer.concat([this.carry, chunk]);
    const tail = incompleteTail(bytes);
    this.carry = tail === 0 ? undefined : Buffer.from(bytes.subarray(bytes.length - tail));
    return isUtf8(tail === 0 ? bytes : bytes.subarray(0, bytes.length - tail));
  }

  /** Whether the stream ended inside a character. */
  cut(): boolean {
    return this.carry !== undefined;
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
