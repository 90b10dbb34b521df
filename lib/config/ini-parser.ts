/**
 * A reader for Python 3's RawConfigParser dialect as supervisord configures it (config.md §1): `;`/`#` full-line
 * comments, inline comments only after whitespace, `key = value` and `key: value`, continuation lines, empty
 * lines inside values, `[DEFAULT]`, case-sensitive sections, lower-cased keys, duplicates merged (later wins).
 * The `ini` npm package follows none of these rules (it cuts `command=sh -c 'a; b'` at the `;`).
 */
import { ConfigError } from './types';
import { pythonStrRepr } from '../process/python-repr';

export interface IniSection {
  name: string;
  /** Lower-cased key → value (continuation lines joined with \n). */
  values: Map<string, string>;
  /** File the section was (last) read from, for error messages. */
  file: string;
}

export class IniDocument {
  readonly sections = new Map<string, IniSection>();
  readonly defaults = new Map<string, string>();

  /** Option lookup with [DEFAULT] fallback. */
  get(section: string, key: string): string | undefined {
    return this.sections.get(section)?.values.get(key) ?? this.defaults.get(key);
  }

  has(section: string, key: string): boolean {
    return this.get(section, key) !== undefined;
  }

  sectionNames(): string[] {
    return [...this.sections.keys()];
  }
}

const SECTION_RE = /^\[(.+)\]/;
const OPTION_RE = /^(.*?)\s*([=:])\s*(.*)$/;
const INLINE_PREFIXES = [';', '#'];

/** Where a comment starts in `line`: a prefix at column 0 or right after whitespace. */
function commentStart(line: string): number | null {
  const trimmed = line.trim();
  if (trimmed.startsWith(';') || trimmed.startsWith('#')) return 0;
  let best: number | null = null;
  for (const prefix of INLINE_PREFIXES) {
    let index = line.indexOf(prefix);
    while (index !== -1) {
      if (index === 0 || /\s/.test(line[index - 1])) {
        if (best === null || index < best) best = index;
        break;
      }
      index = line.indexOf(prefix, index + 1);
    }
  }
  return best;
}

/** Parse `text` (from `filename`) into `doc` (a fresh one by default); throws ConfigError on syntax errors. */
export function parseIni(text: string, filename: string, doc: IniDocument = new IniDocument()): IniDocument {
  const lines = text.split(/(?<=\n)/);
  let current: Map<string, string[]> | null = null;
  let currentSection: IniSection | null = null;
  let optionName: string | null = null;
  let indentLevel = 0;
  const errors: string[] = [];
  const pending = new Map<Map<string, string>, Map<string, string[]>>();

  const parts = (target: Map<string, string>): Map<string, string[]> => {
    let p = pending.get(target);
    if (!p) {
      p = new Map();
      pending.set(target, p);
    }
    return p;
  };

  lines.forEach((line, index) => {
    const lineno = index + 1;
    const start = commentStart(line);
    const value = (start === null ? line : line.slice(0, start)).trim();
    if (!value) {
      // Empty lines are kept inside a value (only if the line held no comment).
      if (start === null && current && optionName && current.get(optionName)) current.get(optionName)!.push('');
      return;
    }
    const firstNonSpace = line.search(/\S/);
    const indent = firstNonSpace < 0 ? 0 : firstNonSpace;
    if (current && optionName && indent > indentLevel) {
      current.get(optionName)?.push(value);
      return;
    }
    indentLevel = indent;
    const section = SECTION_RE.exec(value);
    if (section) {
      const name = section[1];
      if (name === 'DEFAULT') {
        current = parts(doc.defaults);
        currentSection = null;
      } else {
        let s = doc.sections.get(name);
        if (!s) {
          s = { name, values: new Map(), file: filename };
          doc.sections.set(name, s);
        }
        s.file = filename;
        currentSection = s;
        current = parts(s.values);
      }
      optionName = null;
      return;
    }
    if (!current) {
      throw new ConfigError(`File contains no section headers.\nfile: ${pythonStrRepr(filename)}, line: ${lineno}\n${pythonStrRepr(line)}`);
    }
    const option = OPTION_RE.exec(value);
    if (!option || option[1] === '') {
      errors.push(`\n\t[line ${String(lineno).padStart(2)}]: ${pythonStrRepr(line)}`);
      return;
    }
    optionName = option[1].trimEnd().toLowerCase();
    current.set(optionName, [option[3].trim()]);
    void currentSection;
  });

  for (const [target, values] of pending) {
    for (const [key, chunks] of values) target.set(key, chunks.join('\n').trimEnd());
  }
  if (errors.length > 0) throw new ConfigError(`Source contains parsing errors: ${pythonStrRepr(filename)}${errors.join('')}`);
  return doc;
}
