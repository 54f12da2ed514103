/**
 * Text encoding of agency files (medical.md: UTF-8 with or without BOM, or GB18030). Detection tries a
 * strict UTF-8 decode of the file's first bytes and falls back to GB18030: Chinese text in GB18030 is
 * almost never valid UTF-8, while UTF-8 text always is.
 */
import iconv from 'iconv-lite';
import { CodedError } from '../../src/errors';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030';

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;
/** Enough bytes to see plenty of Chinese header and data text. */
export const DETECTION_PREFIX_BYTES = 64 * 1024;

export class FileEncodingError extends CodedError {
  readonly code = 'FILE_ENCODING';
}

export function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes[0] === UTF8_BOM[0] && bytes[1] === UTF8_BOM[1] && bytes[2] === UTF8_BOM[2];
}

/**
 * Pure core: the encoding of a file from its first bytes. `complete` says the prefix is the whole file,
 * so an incomplete multi-byte sequence at its end is an error rather than a cut.
 */
export function detectTextEncoding(prefix: Uint8Array, complete = false): TextEncoding {
  if (hasUtf8Bom(prefix)) return 'utf-8-bom';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(prefix, { stream: !complete });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

async function* withDetectedEncoding(
  source: AsyncIterable<Uint8Array>,
): AsyncGenerator<{ encoding: TextEncoding } | { chunk: Uint8Array }> {
  const held: Uint8Array[] = [];
  let heldBytes = 0;
  let detected = false;
  for await (const chunk of source) {
    if (detected) {
      yield { chunk };
      continue;
    }
    held.push(chunk);
    heldBytes += chunk.byteLength;
    if (heldBytes >= DETECTION_PREFIX_BYTES) {
      const prefix = Buffer.concat(held);
      yield { encoding: detectTextEncoding(prefix) };
      yield { chunk: prefix };
      detected = true;
    }
  }
  if (!detected) {
    const whole = Buffer.concat(held);
    yield { encoding: detectTextEncoding(whole, true) };
    yield { chunk: whole };
  }
}

/**
 * Thin shell: decodes a byte stream to text chunks in whatever encoding it is in, without holding more
 * than the detection prefix. A file that starts as UTF-8 and later stops being valid UTF-8 is an error
 * (a mixed file cannot be trusted), reported as FileEncodingError.
 */
export async function* decodeText(
  source: AsyncIterable<Uint8Array>,
  onDetected?: (encoding: TextEncoding) => void,
): AsyncGenerator<string> {
  let decode: ((bytes: Uint8Array) => string) | undefined;
  let finish: (() => string) | undefined;
  let bytesSeen = 0;
  for await (const item of withDetectedEncoding(source)) {
    if ('encoding' in item) {
      onDetected?.(item.encoding);
      if (item.encoding === 'gb18030') {
        const decoder = iconv.getDecoder('gb18030');
        decode = (bytes) => decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        finish = () => decoder.end() ?? '';
      } else {
        // ignoreBOM false: TextDecoder strips a leading BOM itself.
        const decoder = new TextDecoder('utf-8', { fatal: true });
        decode = (bytes) => {
          try {
            return decoder.decode(bytes, { stream: true });
          } catch {
            throw new FileEncodingError(`invalid UTF-8 after byte ${bytesSeen}: file mixes encodings`);
          }
        };
        finish = () => {
          try {
            return decoder.decode();
          } catch {
            throw new FileEncodingError('file ends inside a UTF-8 character');
          }
        };
      }
      continue;
    }
    if (!decode) continue;
    const text = decode(item.chunk);
    bytesSeen += item.chunk.byteLength;
    if (text) yield text;
  }
  const tail = finish?.() ?? '';
  if (tail) yield tail;
}
