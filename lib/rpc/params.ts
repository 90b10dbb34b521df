/**
 * Coercions that mirror how supervisord's Python methods treat loosely typed XML-RPC arguments, so odd clients
 * get the same answers: `int()` on numbers and numeric strings, Python truthiness for flags, and the
 * AttributeError a non-string name provokes (HTTP 500 at top level, FAILED inside multicall).
 */
import { RpcInternalError } from './faults';

function pythonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  if (value instanceof Date) return 'DateTime';
  return 'dict';
}

/** A name parameter: anything but a string fails the way `name.split(':')` fails in Python. */
export function nameParam(value: unknown): string {
  if (typeof value === 'string') return value;
  throw new RpcInternalError("<class 'AttributeError'>", `'${pythonTypeName(value)}' object has no attribute 'split'`);
}

/** Python `int(value)`. */
export function intParam(value: unknown): number {
  if (typeof value === 'number') return Math.trunc(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && /^\s*[+-]?\d+(_\d+)*\s*$/.test(value)) return parseInt(value.replace(/_/g, ''), 10);
  if (typeof value === 'string') {
    throw new RpcInternalError("<class 'ValueError'>", `invalid literal for int() with base 10: '${value}'`);
  }
  throw new RpcInternalError(
    "<class 'TypeError'>",
    `int() argument must be a string, a bytes-like object or a real number, not '${pythonTypeName(value)}'`,
  );
}

/** Python truthiness (`if wait:`). */
export function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object' && !(value instanceof Date)) return Object.keys(value as object).length > 0;
  return true;
}

/** `str(value)` for fault texts that echo a parameter back. */
export function pythonStr(value: unknown): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null || value === undefined) return 'None';
  return String(value);
}
