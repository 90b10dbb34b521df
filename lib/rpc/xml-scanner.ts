/**
 * A small, strict XML scanner for XML-RPC requests: elements, text, entities, character references, CDATA,
 * comments and processing instructions; attributes are skipped. It reports start/end/text events like a SAX
 * parser and throws on anything malformed (mismatched tags, bad entities, text outside the root, a DOCTYPE).
 * It exists because `sax` cost ~50 µs per sendRemoteCommEvent inside a multicall — most of the daemon's CPU in the
 * event benchmark — while an XML-RPC request needs none of XML's harder parts. Iterative: no recursion.
 */
export interface ScanHandlers {
  open(name: string): void;
  close(name: string): void;
  text(text: string): void;
}

export class XmlSyntaxError extends Error {}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const SLASH = 0x2f;
const LT = 0x3c;
const GT = 0x3e;
const AMP = 0x26;
const QUESTION = 0x3f;
const BANG = 0x21;

/**
 * XML-RPC's element names, by first character. A tag with one of these names is reported as the constant string
 * rather than a fresh slice: no allocation, and the handler's comparisons and set lookups hit V8's cached hash and
 * pointer equality (hashing fresh names was ~14% of parsing a multicall).
 */
const KNOWN_TAGS: (readonly string[] | undefined)[] = [];
for (const tag of ['value', 'string', 'member', 'name', 'struct', 'array', 'data', 'param', 'params', 'methodName',
  'methodCall', 'methodResponse', 'fault', 'int', 'i4', 'i8', 'boolean', 'double', 'base64', 'dateTime.iso8601', 'nil']) {
  const first = tag.charCodeAt(0);
  KNOWN_TAGS[first] = [...(KNOWN_TAGS[first] ?? []), tag];
}

function tagName(xml: string, start: number, end: number): string {
  const candidates = KNOWN_TAGS[xml.charCodeAt(start)];
  if (candidates !== undefined) {
    const length = end - start;
    for (let k = 0; k < candidates.length; k++) {
      const tag = candidates[k];
      if (tag.length !== length) continue;
      let j = 1;
      while (j < length && tag.charCodeAt(j) === xml.charCodeAt(start + j)) j++;
      if (j === length) return tag;
    }
  }
  return xml.slice(start, end);
}

function decodeEntities(raw: string): string {
  return raw.replace(/&([^;&\s]*);?/g, (whole, body: string) => {
    if (!whole.endsWith(';')) throw new XmlSyntaxError('unterminated entity');
    if (body.startsWith('#x')) return String.fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(parseInt(body.slice(1), 10));
    const named = NAMED_ENTITIES[body];
    if (named === undefined) throw new XmlSyntaxError(`undefined entity &${body};`);
    return named;
  });
}

export function scanXml(xml: string, on: ScanHandlers): void {
  const stack: string[] = [];
  let rootSeen = false;
  let i = 0;
  const n = xml.length;
  while (i < n) {
    // One pass to the next '<', noting what the text needs checked (a builtin indexOf per question cost more).
    let lt = i;
    let hasAmp = false;
    let hasGt = false;
    for (; lt < n; lt++) {
      const c = xml.charCodeAt(lt);
      if (c === LT) break;
      if (c === AMP) hasAmp = true;
      else if (c === GT) hasGt = true;
    }
    if (lt > i) {
      const raw = xml.slice(i, lt);
      if (stack.length === 0) {
        if (raw.trim() !== '') throw new XmlSyntaxError('text outside the root element');
      } else {
        if (hasGt && raw.includes(']]>')) throw new XmlSyntaxError("']]>' in text");
        on.text(hasAmp ? decodeEntities(raw) : raw);
      }
    }
    if (lt === n) break;
    const next = xml.charCodeAt(lt + 1);
    if (next === QUESTION) {
      const close = xml.indexOf('?>', lt + 2);
      if (close < 0) throw new XmlSyntaxError('unterminated processing instruction');
      i = close + 2;
    } else if (next === BANG) {
      if (xml.startsWith('<!--', lt)) {
        const close = xml.indexOf('-->', lt + 4);
        if (close < 0) throw new XmlSyntaxError('unterminated comment');
        i = close + 3;
      } else if (xml.startsWith('<![CDATA[', lt)) {
        if (stack.length === 0) throw new XmlSyntaxError('CDATA outside the root element');
        const close = xml.indexOf(']]>', lt + 9);
        if (close < 0) throw new XmlSyntaxError('unterminated CDATA section');
        on.text(xml.slice(lt + 9, close));
        i = close + 3;
      } else {
        throw new XmlSyntaxError('declarations are not accepted');
      }
    } else if (next === SLASH) {
      let close = lt + 2;
      while (close < n && xml.charCodeAt(close) !== GT) close++;
      if (close === n) throw new XmlSyntaxError('unterminated end tag');
      const padded = xml.charCodeAt(lt + 2) <= 0x20 || xml.charCodeAt(close - 1) <= 0x20;
      const name = padded ? xml.slice(lt + 2, close).trim() : tagName(xml, lt + 2, close);
      if (stack.pop() !== name) throw new XmlSyntaxError(`mismatched end tag </${name}>`);
      on.close(name);
      i = close + 1;
    } else {
      // The name runs to the first space, '/' or '>' (attributes, if any, are skipped).
      let nameEnd = lt + 1;
      for (; nameEnd < n; nameEnd++) {
        const c = xml.charCodeAt(nameEnd);
        if (c === GT || c === SLASH || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) break;
        if (c === 0x22 || c === 0x27 || c === LT) throw new XmlSyntaxError('bad tag name'); // " ' <
      }
      const close = nameEnd < n && xml.charCodeAt(nameEnd) === GT ? nameEnd : xml.indexOf('>', nameEnd);
      if (close < 0) throw new XmlSyntaxError('unterminated start tag');
      const selfClosing = close > lt + 1 && xml.charCodeAt(close - 1) === SLASH;
      if (nameEnd === lt + 1) throw new XmlSyntaxError('bad tag name');
      const name = tagName(xml, lt + 1, nameEnd);
      if (stack.length === 0) {
        if (rootSeen) throw new XmlSyntaxError('more than one root element');
        rootSeen = true;
      }
      on.open(name);
      if (selfClosing) on.close(name);
      else stack.push(name);
      i = close + 1;
    }
  }
  if (stack.length > 0) throw new XmlSyntaxError('unclosed element');
  if (!rootSeen) throw new XmlSyntaxError('no root element');
}
