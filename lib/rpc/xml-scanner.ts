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

function decodeEntities(raw: string): string {
  if (!raw.includes('&')) return raw;
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
    const lt = xml.indexOf('<', i);
    const end = lt < 0 ? n : lt;
    if (end > i) {
      const raw = xml.slice(i, end);
      if (stack.length === 0) {
        if (raw.trim() !== '') throw new XmlSyntaxError('text outside the root element');
      } else {
        if (raw.includes('>') && raw.includes(']]>')) throw new XmlSyntaxError("']]>' in text");
        on.text(decodeEntities(raw));
      }
    }
    if (lt < 0) break;
    const next = xml[lt + 1];
    if (next === '?') {
      const close = xml.indexOf('?>', lt + 2);
      if (close < 0) throw new XmlSyntaxError('unterminated processing instruction');
      i = close + 2;
    } else if (next === '!') {
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
    } else if (next === '/') {
      const close = xml.indexOf('>', lt + 2);
      if (close < 0) throw new XmlSyntaxError('unterminated end tag');
      const padded = xml.charCodeAt(lt + 2) <= 0x20 || xml.charCodeAt(close - 1) <= 0x20;
      const name = padded ? xml.slice(lt + 2, close).trim() : xml.slice(lt + 2, close);
      if (stack.pop() !== name) throw new XmlSyntaxError(`mismatched end tag </${name}>`);
      on.close(name);
      i = close + 1;
    } else {
      const close = xml.indexOf('>', lt + 1);
      if (close < 0) throw new XmlSyntaxError('unterminated start tag');
      const selfClosing = xml.charCodeAt(close - 1) === SLASH;
      const innerEnd = selfClosing ? close - 1 : close;
      // The name runs to the first space or '/' (attributes, if any, are skipped).
      let nameEnd = lt + 1;
      for (; nameEnd < innerEnd; nameEnd++) {
        const c = xml.charCodeAt(nameEnd);
        if (c === SLASH || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) break;
        if (c === 0x22 || c === 0x27 || c === 0x3c) throw new XmlSyntaxError('bad tag name'); // " ' <
      }
      if (nameEnd === lt + 1) throw new XmlSyntaxError('bad tag name');
      const name = xml.slice(lt + 1, nameEnd);
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
