/**
 * Value conversions for config options, with supervisord's rules and error texts (config.md §4).
 * Each throws a ConfigError-ready `Error` whose message is the reference's.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseSignal } from '../process/signals';
import { pythonStrRepr } from '../process/python-repr';
import { lookupGroup, lookupUser } from './passwd';
import { LogfileSetting } from './types';

export class ValueError extends Error {}

/** Python `int(text)`: surrounding whitespace, a sign and `_` separators allowed. */
export function parseInteger(value: string | number): number {
  if (typeof value === 'number') return value;
  if (/^\s*[+-]?\d+(_\d+)*\s*$/.test(value)) return parseInt(value.replace(/_/g, ''), 10);
  throw new ValueError(`invalid literal for int() with base 10: ${pythonStrRepr(value)}`);
}

const TRUTHY = ['yes', 'true', 'on', '1'];
const FALSY = ['no', 'false', 'off', '0'];

export function parseBoolean(value: string | boolean): boolean {
  if (typeof value === 'boolean') return value;
  const v = value.toLowerCase();
  if (TRUTHY.includes(v)) return true;
  if (FALSY.includes(v)) return false;
  throw new ValueError(`not a valid boolean value: ${pythonStrRepr(value)}`);
}

/** `10`, `10KB`, `5 mb`, `1GB` (×1024 steps); no decimals. */
export function parseByteSize(value: string | number): number {
  if (typeof value === 'number') return value;
  const v = value.toLowerCase();
  const units: [string, number][] = [['kb', 1024], ['mb', 1024 ** 2], ['gb', 1024 ** 3]];
  for (const [suffix, factor] of units) {
    if (v.endsWith(suffix)) return parseInteger(v.slice(0, -2)) * factor;
  }
  return parseInteger(v);
}

export function parseOctal(value: string): number {
  const v = value.trim().replace(/^0o/i, '');
  if (/^[+-]?[0-7]+(_[0-7]+)*$/.test(v)) return parseInt(v.replace(/_/g, ''), 8);
  throw new ValueError(`${value} can not be converted to an octal type`);
}

export function parseSignalValue(value: string): number {
  const text = value.trim();
  const sig = parseSignal(text);
  if (sig !== undefined) return sig;
  if (/^[+-]?\d+$/.test(text)) throw new ValueError(`value ${pythonStrRepr(value)} is not a valid signal number`);
  throw new ValueError(`value ${pythonStrRepr(value)} is not a valid signal name`);
}

export function parseExitCodes(value: string): number[] {
  if (!value) return [];
  const codes = value.split(',').map((part) => {
    if (!/^\s*[+-]?\d+\s*$/.test(part)) return NaN;
    return parseInt(part, 10);
  });
  if (codes.some((c) => Number.isNaN(c) || c < 0 || c > 255)) {
    throw new ValueError(`not a valid list of exit codes: ${pythonStrRepr(value)}`);
  }
  return codes;
}

export function parseAutorestart(value: string): 'true' | 'false' | 'unexpected' {
  const v = value.toLowerCase();
  if (TRUTHY.includes(v)) return 'true';
  if (FALSY.includes(v)) return 'false';
  if (v === 'unexpected') return 'unexpected';
  throw new ValueError(`invalid 'autorestart' value ${pythonStrRepr(v)}`);
}

export function listOfStrings(value: string | null): string[] {
  if (!value) return [];
  return value.split(',').map((s) => s.trim());
}

export function expandUser(p: string): string {
  if (p === '~') return os.homedir();
  if (p.startsWith('~/')) return path.join(os.homedir(), p.slice(2));
  return p;
}

/** A path whose directory must already exist. */
export function existingDirpath(value: string): string {
  const nv = expandUser(value);
  const dir = path.dirname(nv);
  if (!nv.includes('/')) return nv;
  if (fs.existsSync(dir) && fs.statSync(dir).isDirectory()) return nv;
  throw new ValueError(`The directory named as part of the path ${value} does not exist`);
}

export function existingDirectory(value: string): string {
  const nv = expandUser(value);
  if (fs.existsSync(nv) && fs.statSync(nv).isDirectory()) return nv;
  throw new ValueError(`${value} is not an existing directory`);
}

/** `stdout_logfile` / `stderr_logfile`; `syslog` is reported as 'syslog' for the caller to rewrite. */
export function parseLogfileName(value: string | null): LogfileSetting | 'syslog' {
  if (value === null) return { kind: 'auto' };
  const v = value.toLowerCase();
  if (v === 'none' || v === 'off') return { kind: 'none' };
  if (v === 'auto') return { kind: 'auto' };
  if (v === 'syslog') return 'syslog';
  return { kind: 'path', path: existingDirpath(value) };
}

export function nameToUid(name: string): number {
  if (/^\s*[+-]?\d+\s*$/.test(name)) {
    const uid = parseInt(name, 10);
    if (!lookupUser(uid)) throw new ValueError(`Invalid user id ${name}`);
    return uid;
  }
  const user = lookupUser(name);
  if (!user) throw new ValueError(`Invalid user name ${name}`);
  return user.uid;
}

function nameToGid(name: string): number {
  if (/^\s*[+-]?\d+\s*$/.test(name)) {
    const gid = parseInt(name, 10);
    if (!lookupGroup(gid)) throw new ValueError(`Invalid group id ${name}`);
    return gid;
  }
  const group = lookupGroup(name);
  if (!group) throw new ValueError(`Invalid group name ${name}`);
  return group.gid;
}

/** `user` or `user:group` → uid/gid (gid -1 when no group is given). */
export function colonSeparatedUserGroup(value: string): { uid: number; gid: number } {
  try {
    const colon = value.indexOf(':');
    if (colon < 0) return { uid: nameToUid(value), gid: -1 };
    return { uid: nameToUid(value.slice(0, colon)), gid: nameToGid(value.slice(colon + 1)) };
  } catch {
    throw new ValueError(`Invalid user:group definition ${value}`);
  }
}

/** `port`, `:port`, `*:port`, `host:port` → host ('' = all interfaces) and port. */
export function parseInetAddress(value: string): { host: string; port: number } {
  const v = value.toLowerCase();
  let host = '';
  let portText = v;
  const colon = v.lastIndexOf(':');
  if (colon >= 0) {
    host = v.slice(0, colon);
    portText = v.slice(colon + 1);
    if (host === '*') host = '';
  }
  if (portText === '') throw new ValueError(`no port number specified in ${pythonStrRepr(value)}`);
  let port: number;
  try {
    port = parseInteger(portText);
  } catch {
    throw new ValueError(`not a valid port number: ${pythonStrRepr(portText)} `);
  }
  if (port < 1) throw new ValueError(`${port} is below lower bound (1)`);
  if (port > 65535) throw new ValueError(`${port} is above upper bound (65535)`);
  return { host, port };
}

/** Process and group names may not contain space, `:` or `/`. */
export function processOrGroupName(name: string): string {
  const s = name.trim();
  for (const ch of [' ', ':', '/']) {
    if (s.includes(ch)) throw new ValueError(`Invalid name: ${pythonStrRepr(name)} because of character: ${pythonStrRepr(ch)}`);
  }
  return s;
}

/**
 * `environment=` values: Python's non-POSIX shlex tokens in groups of `KEY = VALUE <sep>`; quotes around values
 * are stripped; the separator is not checked (config.md §4.6).
 */
export function parseEnvironment(value: string): Record<string, string> {
  const tokens = envTokens(value);
  const result: Record<string, string> = {};
  for (let i = 0; i < tokens.length; i += 4) {
    const [key, eq, val] = tokens.slice(i, i + 3);
    if (val === undefined || eq !== '=') throw new ValueError(`Unexpected end of key/value pairs in value '${value}'`);
    result[key] = val.replace(/^['"]+|['"]+$/g, '');
  }
  return result;
}

const ENV_WORDCHARS = /[A-Za-z0-9_ßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞ/.+\-():]/;

function envTokens(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (' \t\r\n'.includes(c)) {
      i++;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new ValueError('No closing quotation');
      tokens.push(text.slice(i, end + 1));
      i = end + 1;
    } else if (ENV_WORDCHARS.test(c)) {
      let word = '';
      while (i < text.length && (ENV_WORDCHARS.test(text[i]) || text[i] === '"' || text[i] === "'")) word += text[i++];
      tokens.push(word);
    } else {
      tokens.push(c);
      i++;
    }
  }
  return tokens;
}
