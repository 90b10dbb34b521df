/** Byte/text helpers shared by logging and events: UTF-8 checks, Python reprs, the log timestamp. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function isValidUtf8(buf: Buffer): boolean {
  try {
    strictUtf8.decode(buf);
    return true;
  } catch {
    return false;
  }
}

/** Python's repr() of a bytes object: b'READY\n'. */
export function pythonBytesRepr(buf: Buffer): string {
  const hasSingle = buf.includes(0x27);
  const hasDouble = buf.includes(0x22);
  const quote = hasSingle && !hasDouble ? '"' : "'";
  let out = 'b' + quote;
  for (const byte of buf) {
    if (byte === 0x5c) out += '\\\\';
    else if (byte === quote.charCodeAt(0)) out += '\\' + quote;
    else if (byte === 0x09) out += '\\t';
    else if (byte === 0x0a) out += '\\n';
    else if (byte === 0x0d) out += '\\r';
    else if (byte < 0x20 || byte >= 0x7f) out += '\\x' + byte.toString(16).padStart(2, '0');
    else out += String.fromCharCode(byte);
  }
  return out + quote;
}

/** Strict UTF-8 text, or `Undecodable: <bytes repr>` (how the reference shows binary output). */
export function decodeForDisplay(buf: Buffer): string {
  try {
    return strictUtf8.decode(buf);
  } catch {
    return 'Undecodable: ' + pythonBytesRepr(buf);
  }
}

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;

/** `YYYY-MM-DD HH:MM:SS,mmm` in local time, milliseconds truncated. */
export function formatAsctime(date: Date): string {
  const ms = date.getMilliseconds();
  return (
    `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())} ` +
    `${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())},` +
    (ms < 10 ? '00' : ms < 100 ? '0' : '') + ms
  );
}
