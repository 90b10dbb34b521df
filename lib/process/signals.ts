/** Signal names and numbers as Linux and supervisord spell them. */
import { constants } from 'node:os';

const NAME_BY_NUMBER = new Map<number, string>();
for (const [name, num] of Object.entries(constants.signals)) {
  // Prefer the names supervisord prints (SIGIOT/SIGABRT and SIGPOLL/SIGIO share numbers).
  if (name === 'SIGIOT' || name === 'SIGIO' || name === 'SIGUNUSED') continue;
  if (!NAME_BY_NUMBER.has(num)) NAME_BY_NUMBER.set(num, name);
}
NAME_BY_NUMBER.set(29, 'SIGPOLL');
NAME_BY_NUMBER.set(34, 'SIGRTMIN');
NAME_BY_NUMBER.set(64, 'SIGRTMAX');

/** `SIGTERM` for 15; `signal <n>` for numbers with no name. */
export function signalName(num: number): string {
  return NAME_BY_NUMBER.get(num) ?? `signal ${num}`;
}

/** Numbers supervisord accepts: every named Linux signal plus 0, 34 (SIGRTMIN) and 64 (SIGRTMAX). */
export function isValidSignalNumber(num: number): boolean {
  return num === 0 || NAME_BY_NUMBER.has(num);
}

/**
 * Parses a signal given by name (`TERM`, `sigterm`, ` hup `) or number (`9`, 9).
 * Returns undefined when it is not a valid signal.
 */
export function parseSignal(value: string | number): number | undefined {
  if (typeof value === 'number') {
    const n = Math.trunc(value);
    return isValidSignalNumber(n) ? n : undefined;
  }
  const text = value.trim();
  if (/^[+-]?\d+$/.test(text)) {
    const n = Number(text);
    return isValidSignalNumber(n) ? n : undefined;
  }
  let upper = text.toUpperCase();
  if (!upper.startsWith('SIG')) upper = 'SIG' + upper;
  for (const [num, name] of NAME_BY_NUMBER) if (name === upper) return num;
  if (upper === 'SIGIOT') return 6;
  if (upper === 'SIGIO') return 29;
  return undefined;
}
