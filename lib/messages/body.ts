// A message body as the console carries and shows it. nsqd's bodies are bytes: what is valid UTF-8
// travels as text, anything else as base64, and only the first SHOWN_BODY_BYTES of it (nsqd allows
// 1 MiB and more; a thousand of those would not fit a browser tab). Views: JSON pretty-printed, text,
// or a hex dump for binary. Pure, for the server and the browser alike.

/** How much of a body a viewer is sent. */
export const SHOWN_BODY_BYTES = 64 * 1024;

export interface MessageBody {
  /** the body, or its first SHOWN_BODY_BYTES, as UTF-8 text or base64 */
  body: string;
  encoding: 'utf8' | 'base64';
  /** the whole body's size, bytes */
  size: number;
  truncated: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body's first `max` bytes, cut before a UTF-8 continuation byte so that no character is split. */
function textPrefix(bytes: Uint8Array, max: number): string {
  let end = Math.min(bytes.length, max);
  while (end > 0 && end < bytes.length && ((bytes[end] as number) & 0xc0) === 0x80) end--;
  return utf8.decode(bytes.subarray(0, end));
}

export function messageBody(bytes: Uint8Array, max = SHOWN_BODY_BYTES): MessageBody {
  const truncated = bytes.length > max;
  try {
    utf8.decode(bytes);
    return { body: textPrefix(bytes, max), encoding: 'utf8', size: bytes.length, truncated };
  } catch {
    return {
      body: Buffer.from(bytes.subarray(0, max)).toString('base64'),
      encoding: 'base64',
      size: bytes.length,
      truncated,
    };
  }
}

export type BodyView =
  | { kind: 'json'; pretty: string; raw: string }
  | { kind: 'text'; text: string }
  | { kind: 'hex'; lines: string[] };

/** C0 controls other than tab, line feed and carriage return: valid UTF-8, but not text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function base64Bytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** `hexdump -C`'s layout: offset, 16 bytes in hex, and the printable ASCII beside them. */
export function hexLines(bytes: Uint8Array): string[] {
  const lines: string[] = [];
  for (let at = 0; at < bytes.length; at += 16) {
    const row = bytes.subarray(at, at + 16);
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0'));
    const left = hex.slice(0, 8).join(' ');
    const right = hex.slice(8).join(' ');
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${at.toString(16).padStart(8, '0')}  ${left.padEnd(23)}  ${right.padEnd(23)}  |${ascii}|`);
  }
  return lines;
}

/** JSON objects and arrays pretty-printed (only when whole), other text as it is, binary as hex. */
export function bodyView(b: Pick<MessageBody, 'body' | 'encoding' | 'truncated'>): BodyView {
  if (b.encoding === 'base64') return { kind: 'hex', lines: hexLines(base64Bytes(b.body)) };
  if (CONTROL.test(b.body)) return { kind: 'hex', lines: hexLines(new TextEncoder().encode(b.body)) };
  const start = b.body.trimStart()[0];
  if (!b.truncated && (start === '{' || start === '[')) {
    try {
      return { kind: 'json', pretty: JSON.stringify(JSON.parse(b.body), null, 2), raw: b.body };
    } catch {
      // not JSON after all: shown as the text it is
    }
  }
  return { kind: 'text', text: b.body };
}
