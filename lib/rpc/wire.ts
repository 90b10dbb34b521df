/**
 * The XML-RPC wire format as supervisord speaks it.
 *
 * Responses are written by hand in the exact byte layout of Python's `xmlrpc.client.dumps` (rpc.md §1.3): it is
 * what existing clients were tested against and it is several times faster than the `xmlrpc` package's
 * xmlbuilder-based serializer, which also emits a different prolog and layout.
 * Requests are parsed with our small scanner (./xml-scanner.ts) into values following the reference's tolerant
 * unmarshaller (rpc.md §1.2): `<i8>` stays a string, `<boolean>` is true only for `1`,
 * untyped values are strings. The `xmlrpc` package's Deserializer turns `<i8>` into a number and accepts
 * `true` as a boolean, which is why it is not used here. Conversion is iterative, so deep nesting cannot
 * overflow the stack.
 */
import { XmlRpcDouble, XmlRpcRaw, XmlRpcValue } from './values';
import { scanXml } from './xml-scanner';

const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;

export function escapeText(text: string): string {
  if (!/[&<>]/.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function pythonFloatRepr(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return value.toFixed(1);
  return String(value).replace(/e\+?/, (m) => (m === 'e' ? 'e' : 'e+'));
}

function dumpValue(value: XmlRpcValue, out: string[]): void {
  switch (typeof value) {
    case 'string':
      out.push('<value><string>', escapeText(value), '</string></value>\n');
      return;
    case 'number':
      if (!Number.isInteger(value) || value > INT32_MAX || value < INT32_MIN) {
        throw new Error(`cannot marshal ${value}: not a 32-bit integer`);
      }
      out.push('<value><int>', String(value), '</int></value>\n');
      return;
    case 'boolean':
      out.push('<value><boolean>', value ? '1' : '0', '</boolean></value>\n');
      return;
  }
  if (value instanceof XmlRpcRaw) {
    out.push(value.xml);
  } else if (value instanceof XmlRpcDouble) {
    out.push('<value><double>', pythonFloatRepr(value.value), '</double></value>\n');
  } else if (Array.isArray(value)) {
    out.push('<value><array><data>\n');
    for (const item of value) dumpValue(item, out);
    out.push('</data></array></value>\n');
  } else if (value !== null && typeof value === 'object') {
    out.push('<value><struct>\n');
    for (const key of Object.keys(value)) {
      out.push('<member>\n<name>', escapeText(key), '</name>\n');
      dumpValue(value[key], out);
      out.push('</member>\n');
    }
    out.push('</struct></value>\n');
  } else {
    throw new Error(`cannot marshal ${String(value)}`);
  }
}

/**
 * UTF-8 encodes the pieces straight into one buffer sized for the worst case (3 bytes per UTF-16 unit). For large
 * pre-serialized fragments (getAllProcessInfo) that is about twice as fast as joining and encoding the joined string.
 */
function encodePieces(pieces: string[]): Buffer {
  let units = 0;
  for (const piece of pieces) units += piece.length;
  // Many tiny pieces (generic structs): one join and one encode is cheaper than a write call per piece.
  if (units < pieces.length * 64) return Buffer.from(pieces.join(''), 'utf8');
  const buf = Buffer.allocUnsafe(units * 3);
  let offset = 0;
  for (const piece of pieces) offset += buf.write(piece, offset, 'utf8');
  return buf.subarray(0, offset);
}

export function serializeResponse(value: XmlRpcValue): Buffer {
  const out = ["<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n"];
  dumpValue(value, out);
  out.push('</param>\n</params>\n</methodResponse>\n');
  return encodePieces(out);
}

export function serializeFault(code: number, faultString: string): Buffer {
  const out = ["<?xml version='1.0'?>\n<methodResponse>\n<fault>\n"];
  dumpValue({ faultCode: code, faultString }, out);
  out.push('</fault>\n</methodResponse>\n');
  return encodePieces(out);
}

export class WireError extends Error {
  constructor(readonly reason: 'unmarshallable' | 'no method name') {
    super(reason);
  }
}

/** Characters XML 1.0 forbids, raw or as character references (expat rejects both). */
const FORBIDDEN_RAW = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/;
const CHAR_REF = /&#(x[0-9a-fA-F]+|[0-9]+);/g;

function hasForbiddenCharRef(text: string): boolean {
  for (const m of text.matchAll(CHAR_REF)) {
    const code = m[1][0] === 'x' ? parseInt(m[1].slice(1), 16) : parseInt(m[1], 10);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return true;
    if (code === 0xfffe || code === 0xffff || code > 0x10ffff) return true;
  }
  return false;
}

const INT_TEXT = /^\s*[+-]?\d+(_\d+)*\s*$/;
const SCALAR_TAGS = new Set(['int', 'i4', 'i8', 'boolean', 'string', 'double', 'base64', 'dateTime.iso8601', 'nil']);

/**
 * One open `<value>`, `<array>` or `<struct>`. A single class for all three keeps property access monomorphic in
 * the hot multicall path; `kind` says which fields are used.
 */
class Frame {
  /** value: the typed child's name (null until one opens: untyped text is a string). */
  type: string | null = null;
  text = '';
  /** value: the typed child element has closed, so later whitespace is not part of the value. */
  done = false;
  result: XmlRpcValue | null = null;
  items: unknown[] | null = null;
  members: Record<string, unknown> | null = null;
  /** struct: the current member's name. */
  name: string | null = null;

  constructor(readonly kind: 'value' | 'array' | 'struct') {
    if (kind === 'array') this.items = [];
    else if (kind === 'struct') this.members = {};
  }
}

function scalar(type: string | null, text: string): unknown {
  switch (type) {
    case null:
    case 'string':
    case 'i8': // not recognised by the reference: the text stays a string
      return text;
    case 'int':
    case 'i4':
      if (!INT_TEXT.test(text)) throw new WireError('unmarshallable');
      return Number(text.replace(/_/g, '').trim());
    case 'boolean':
      return text === '1';
    case 'double': {
      const n = Number(text.trim());
      if (text.trim() === '' || Number.isNaN(n)) throw new WireError('unmarshallable');
      return n;
    }
    case 'base64':
      return Buffer.from(text, 'base64').toString('utf8');
    case 'dateTime.iso8601': {
      const m = /^(\d{4})-?(\d{2})-?(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(text.trim());
      if (!m) throw new WireError('unmarshallable');
      return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
    }
    case 'nil':
      return null;
    default:
      throw new WireError('unmarshallable');
  }
}

export function parseMethodCall(body: Buffer): { methodName: string; params: unknown[] } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new WireError('unmarshallable');
  }
  if (FORBIDDEN_RAW.test(text) || hasForbiddenCharRef(text)) throw new WireError('unmarshallable');
  const builder = new MethodCallBuilder();
  try {
    scanXml(text, builder);
  } catch {
    builder.failure ??= new WireError('unmarshallable');
  }
  if (builder.failure) throw builder.failure;
  if (!builder.sawRoot) throw new WireError('unmarshallable');
  if (!builder.methodName) throw new WireError('no method name');
  return { methodName: builder.methodName, params: builder.params };
}

/** Builds a call from the scanner's events, following the reference's unmarshaller (rpc.md §1.2). */
class MethodCallBuilder {
  readonly params: unknown[] = [];
  methodName: string | null = null;
  sawRoot = false;
  failure: WireError | null = null;
  private readonly stack: Frame[] = [];
  private inMethodName = false;
  private inName = false;
  private nameText = '';

  private top(): Frame | undefined {
    return this.stack[this.stack.length - 1];
  }

  private deliver(v: unknown): void {
    const parent = this.top();
    if (!parent) this.params.push(v);
    else if (parent.kind === 'array') parent.items!.push(v);
    else if (parent.kind === 'struct') parent.members![parent.name ?? ''] = v;
  }

  open(name: string): void {
    if (!this.sawRoot) {
      this.sawRoot = true;
      if (name !== 'methodCall') this.failure ??= new WireError('unmarshallable');
    }
    const top = this.top();
    if (name === 'methodName') {
      this.inMethodName = true;
      this.methodName = '';
    } else if (name === 'value') {
      this.stack.push(new Frame('value'));
    } else if (name === 'array' && top?.kind === 'value') {
      top.type = 'array';
      this.stack.push(new Frame('array'));
    } else if (name === 'struct' && top?.kind === 'value') {
      top.type = 'struct';
      this.stack.push(new Frame('struct'));
    } else if (name === 'name' && top?.kind === 'struct') {
      this.inName = true;
      this.nameText = '';
    } else if (SCALAR_TAGS.has(name) && top?.kind === 'value') {
      top.type = name;
      top.text = '';
    }
  }

  text(t: string): void {
    if (this.inMethodName) this.methodName += t;
    else if (this.inName) this.nameText += t;
    else {
      const top = this.top();
      if (top?.kind === 'value' && !top.done) top.text += t;
    }
  }

  close(name: string): void {
    if (name === 'methodName') this.inMethodName = false;
    else if (SCALAR_TAGS.has(name)) {
      const top = this.top();
      if (top?.kind === 'value') top.done = true;
    } else if (name === 'name' && this.inName) {
      this.inName = false;
      const top = this.top();
      if (top?.kind === 'struct') top.name = this.nameText;
    } else if (name === 'array' || name === 'struct') {
      const container = this.stack.pop();
      const valueFrame = this.top();
      if (valueFrame?.kind === 'value' && container) {
        valueFrame.result = (container.kind === 'array' ? container.items : container.members) as XmlRpcValue;
      }
    } else if (name === 'value') {
      const frame = this.stack.pop();
      if (frame?.kind !== 'value') return;
      try {
        this.deliver(frame.type === 'array' || frame.type === 'struct' ? frame.result : scalar(frame.type, frame.text));
      } catch (err) {
        this.failure ??= err instanceof WireError ? err : new WireError('unmarshallable');
      }
    }
  }
}
