/** supervisord's log levels: numeric value, the word written in log lines, and the config name. */
export const LEVELS = { CRIT: 50, ERRO: 40, WARN: 30, INFO: 20, DEBG: 10, TRAC: 5, BLAT: 3 } as const;

const WORDS = new Map<number, string>(Object.entries(LEVELS).map(([word, n]) => [n, word]));

export function levelWord(level: number): string {
  return WORDS.get(level) ?? 'INFO';
}

const NAMES: Record<string, number> = {
  critical: 50, error: 40, warn: 30, info: 20, debug: 10, trace: 5, blather: 3,
};

/** `loglevel=` names, case-insensitive (`warning` is not one of them). */
export function parseLogLevelName(name: string): number | undefined {
  return NAMES[name.trim().toLowerCase()];
}
