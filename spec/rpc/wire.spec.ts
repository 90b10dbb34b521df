import { WireError, parseMethodCall, serializeFault, serializeResponse } from '../../lib/rpc/wire';
import { XmlRpcDouble } from '../../lib/rpc/values';

const call = (params: string, name = 'x.y') =>
  parseMethodCall(Buffer.from(`<?xml version="1.0"?><methodCall><methodName>${name}</methodName><params>${params}</params></methodCall>`));
const one = (value: string) => call(`<param><value>${value}</value></param>`).params[0];

describe('parseMethodCall (rpc.md §1.2)', () => {
  it('parses values the way the reference does', () => {
    expect(one('<int> 42 </int>')).toBe(42);
    expect(one('<i4>-7</i4>')).toBe(-7);
    expect(one('<i8>5</i8>')).toBe('5');
    expect(one('<boolean>1</boolean>')).toBe(true);
    expect(one('<boolean>true</boolean>')).toBe(false);
    expect(one('<string> a &amp; b &lt;c&gt; &#233;</string>')).toBe(' a & b <c> é');
    expect(one('<string/>')).toBe('');
    expect(one('bare text')).toBe('bare text');
    expect(one('')).toBe('');
    expect(one('<double>1.5</double>')).toBe(1.5);
    expect(one('<base64>aGk=</base64>')).toBe('hi');
    expect(one('<nil/>')).toBeNull();
    expect(one('<string><![CDATA[<raw>]]></string>')).toBe('<raw>');
    expect(one('<array><data><value><int>1</int></value><value>s</value></data></array>')).toEqual([1, 's']);
    expect(one('<struct><member><name>a</name><value><int>1</int></value></member></struct>')).toEqual({ a: 1 });
    expect(one('\n  <string>keep</string>\n  ')).toBe('keep');
  });

  it('reads tag names exactly: near-misses of XML-RPC names, spaces, attributes and self-closing tags', () => {
    expect(one('<values>x</values>')).toBe('x'); // not <value>: an unknown child leaves the text a string
    expect(one('<strin>x</strin>')).toBe('x');
    expect(one('<int >7</int >')).toBe(7);
    expect(one('<int a="1" b=\'2\'>8</int>')).toBe(8);
    expect(one('<nil />')).toBeNull();
    expect(one('<string></string>')).toBe('');
    expect(call('<param><value><int>1</int></value></param><param><value/></param>').params).toEqual([1, '']);
    expect(() => one('<int>1</i4>')).toThrow(new WireError('unmarshallable'));
    expect(() => one('<value>1</valu>')).toThrow(new WireError('unmarshallable'));
    expect(() => one('<>1</>')).toThrow(new WireError('unmarshallable'));
    expect(() => one('<int')).toThrow(new WireError('unmarshallable'));
  });

  it('accepts a missing <params> and comments', () => {
    expect(parseMethodCall(Buffer.from('<!-- c --><methodCall><methodName>a.b</methodName></methodCall>'))).toEqual({ methodName: 'a.b', params: [] });
  });

  it.each([
    ['<methodCall><methodName>a.b', 'unmarshallable'],
    ['not xml', 'unmarshallable'],
    ['<methodCall><methodName>a.b</methodName></oops>', 'unmarshallable'],
    ['<methodCall><methodName>a&bogus;</methodName></methodCall>', 'unmarshallable'],
    ['<methodCall><methodName>a&#27;</methodName></methodCall>', 'unmarshallable'],
    ['<methodCall><methodName>a\x01</methodName></methodCall>', 'unmarshallable'],
    ['<!DOCTYPE x><methodCall><methodName>a.b</methodName></methodCall>', 'unmarshallable'],
    ['<methodCall><params><param><value><int>x</int></value></param></params><methodName>a</methodName></methodCall>', 'unmarshallable'],
    ['<methodCall><params></params></methodCall>', 'no method name'],
    ['<methodCall><methodName></methodName></methodCall>', 'no method name'],
  ])('%j → %s', (xml, reason) => {
    expect(() => parseMethodCall(Buffer.from(xml))).toThrow(new WireError(reason as 'unmarshallable'));
  });

  it('survives 100,000 levels of nesting', () => {
    const deep = '<value><array><data>'.repeat(100000) + '</data></array></value>'.repeat(100000);
    expect(call(`<param>${deep}</param>`).params).toHaveLength(1);
  });
});

describe('serializeResponse (Python xmlrpc.client layout, rpc.md §1.3)', () => {
  it('writes the exact bytes', () => {
    expect(serializeResponse({ a: 1, b: 'x<&>"', c: [true, new XmlRpcDouble(1.5)] }).toString()).toBe(
      "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><struct>\n" +
        '<member>\n<name>a</name>\n<value><int>1</int></value>\n</member>\n' +
        '<member>\n<name>b</name>\n<value><string>x&lt;&amp;&gt;"</string></value>\n</member>\n' +
        '<member>\n<name>c</name>\n<value><array><data>\n<value><boolean>1</boolean></value>\n<value><double>1.5</double></value>\n</data></array></value>\n</member>\n' +
        '</struct></value>\n</param>\n</params>\n</methodResponse>\n',
    );
    expect(serializeFault(10, 'BAD_NAME: x').toString()).toBe(
      "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>10</int></value>\n</member>\n" +
        '<member>\n<name>faultString</name>\n<value><string>BAD_NAME: x</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n',
    );
  });

  it('refuses integers outside 32 bits (HTTP 500 like the reference)', () => {
    expect(() => serializeResponse(2 ** 31)).toThrow();
  });
});
