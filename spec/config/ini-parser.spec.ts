import { parseIni } from '../../lib/config/ini-parser';
import { ConfigError } from '../../lib/config/types';

const parse = (text: string) => parseIni(text, '/etc/x.conf');

describe('ConfigParser dialect', () => {
  it('cuts inline comments only after whitespace, even inside quotes', () => {
    const doc = parse("[program:x]\ncommand=sh -c 'a; b'\ncut=bash -c 'foo ; bar'\nother=/bin/echo a;b ; c\nhash=a #b\nnohash=a#b\n");
    expect(doc.get('program:x', 'command')).toBe("sh -c 'a; b'");
    expect(doc.get('program:x', 'cut')).toBe("bash -c 'foo");
    expect(doc.get('program:x', 'other')).toBe('/bin/echo a;b');
    expect(doc.get('program:x', 'hash')).toBe('a');
    expect(doc.get('program:x', 'nohash')).toBe('a#b');
  });

  it('accepts key: value and lower-cases keys but not values or section names', () => {
    const doc = parse('[program:Upper]\nCommand: /bin/Cat\nAUTOSTART = false\n');
    expect(doc.get('program:Upper', 'command')).toBe('/bin/Cat');
    expect(doc.get('program:Upper', 'autostart')).toBe('false');
    expect(doc.sections.has('program:upper')).toBe(false);
  });

  it('joins continuation lines with newlines and keeps inner empty lines', () => {
    const doc = parse('[a]\ncommand=/bin/echo\n  continued line\n\n  after blank\nnext=1\n');
    expect(doc.get('a', 'command')).toBe('/bin/echo\ncontinued line\n\nafter blank');
    expect(doc.get('a', 'next')).toBe('1');
  });

  it('skips full-line comments and allows empty values', () => {
    const doc = parse('; comment\n# other\n[a]\n  ; indented comment\nempty=\n');
    expect(doc.get('a', 'empty')).toBe('');
  });

  it('applies [DEFAULT] to every section and merges duplicates (later wins)', () => {
    const doc = parse('[DEFAULT]\nautostart=false\n[a]\nx=1\n[b]\n[a]\nx=2\ny=3\n');
    expect(doc.get('a', 'autostart')).toBe('false');
    expect(doc.get('b', 'autostart')).toBe('false');
    expect(doc.get('a', 'x')).toBe('2');
    expect(doc.get('a', 'y')).toBe('3');
  });

  it("reports lines without '=' or ':' like Python 3.11", () => {
    expect(() => parse('[a]\nx=1\n\nbogus line without equals\n')).toThrow(
      new ConfigError("Source contains parsing errors: '/etc/x.conf'\n\t[line  4]: 'bogus line without equals\\n'"),
    );
  });

  it('reports a missing first section header', () => {
    expect(() => parse('x=1\n')).toThrow("File contains no section headers.\nfile: '/etc/x.conf', line: 1\n'x=1\\n'");
  });
});
