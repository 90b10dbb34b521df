/**
 * Python `%`-formatting of config values against a mapping (`%(here)s`, `%(process_num)02d`, `%%`), with the
 * reference's error texts (config.md §2).
 */
import { ValueError } from './datatypes';
import { pythonStrRepr } from '../process/python-repr';

export type Expansions = Record<string, string | number>;

const SPEC = /%(?:\(([^)]*)\))?([#0\- +]*)(\d+|\*)?(?:\.(\d+))?([a-zA-Z%])?/g;

function formatOne(value: string | number, flags: string, width: string | undefined, precision: string | undefined, conv: string): string {
  let text: string;
  switch (conv) {
    case 'd':
    case 'i':
    case 'u': {
      const n = typeof value === 'number' ? value : Number(value);
      if (!Number.isFinite(n)) throw new TypeError('%d format: a number is required');
      text = String(Math.trunc(n));
      break;
    }
    case 'x':
    case 'X':
    case 'o': {
      const n = Math.trunc(Number(value));
      text = n.toString(conv === 'o' ? 8 : 16);
      if (conv === 'X') text = text.toUpperCase();
      break;
    }
    case 'f':
    case 'F':
      text = Number(value).toFixed(precision ? Number(precision) : 6);
      break;
    case 'r':
      text = typeof value === 'number' ? String(value) : pythonStrRepr(value);
      break;
    default:
      text = String(value);
      if (precision) text = text.slice(0, Number(precision));
  }
  const w = width ? Number(width) : 0;
  if (text.length < w) {
    if (flags.includes('-')) text = text.padEnd(w);
    else if (flags.includes('0') && /[diuxXof]/.test(conv)) {
      const neg = text.startsWith('-');
      text = (neg ? '-' : '') + text.slice(neg ? 1 : 0).padStart(w - (neg ? 1 : 0), '0');
    } else text = text.padStart(w);
  }
  return text;
}

function mappingRepr(mapping: Expansions): string {
  const items = Object.entries(mapping).map(([k, v]) => `${pythonStrRepr(k)}: ${typeof v === 'number' ? v : pythonStrRepr(v)}`);
  return `{${items.join(', ')}}`;
}

/** `where` names the option for messages, e.g. `program:x.command`. */
export function expand(value: string, mapping: Expansions, where: string): string {
  if (!value.includes('%')) return value;
  let out = '';
  let last = 0;
  SPEC.lastIndex = 0;
  for (let m = SPEC.exec(value); m; m = SPEC.exec(value)) {
    out += value.slice(last, m.index);
    last = SPEC.lastIndex;
    const [whole, key, flags, width, precision, conv] = m;
    if (conv === '%' && key === undefined && !flags && !width) {
      out += '%';
      continue;
    }
    if (conv === undefined || !/[diouxXeEfFgGcrsa%]/.test(conv)) {
      const bad = conv ?? '';
      const index = m.index + whole.length - (conv ? 1 : 0);
      const code = bad ? bad.charCodeAt(0).toString(16) : '0';
      if (!bad) {
        throw new ValueError(`Format string ${pythonStrRepr(value)} for ${pythonStrRepr(where)} is badly formatted: incomplete format`);
      }
      throw new ValueError(
        `Format string ${pythonStrRepr(value)} for ${pythonStrRepr(where)} is badly formatted: unsupported format character ${pythonStrRepr(bad)} (0x${code}) at index ${index}`,
      );
    }
    if (key === undefined) {
      // Python formats the whole mapping for an un-keyed spec (`date +%s` silently becomes garbage).
      out += formatOne(mappingRepr(mapping), flags, width, precision, conv === 'd' ? 's' : conv);
      continue;
    }
    if (!(key in mapping)) {
      const available = Object.keys(mapping).sort().join(', ');
      throw new ValueError(
        `Format string ${pythonStrRepr(value)} for ${pythonStrRepr(where)} contains names (${pythonStrRepr(key)}) which cannot be expanded. Available names: ${available}`,
      );
    }
    try {
      out += formatOne(mapping[key], flags, width, precision, conv);
    } catch (err) {
      throw new ValueError(`Format string ${pythonStrRepr(value)} for ${pythonStrRepr(where)} is badly formatted: ${(err as Error).message}`);
    }
  }
  return out + value.slice(last);
}
