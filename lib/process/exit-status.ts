/** Turns a child's exit (Node's code/signal pair) into supervisord's exit code and description text. */
import { constants } from 'node:os';
import { signalName } from './signals';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Known only with the native spawner; Node's child_process does not report it. */
  coreDumped?: boolean;
  /** Epoch seconds when the exit was noticed. */
  when: number;
}

/** `code` is -1 for signal deaths (never "expected"), like the reference. */
export function describeExit(exit: ExitInfo): { code: number; description: string } {
  if (exit.signal) {
    const num = constants.signals[exit.signal] ?? 0;
    return { code: -1, description: `terminated by ${signalName(num)}${exit.coreDumped ? ' (core dumped)' : ''}` };
  }
  if (exit.code !== null) return { code: exit.code, description: `exit status ${exit.code}` };
  return { code: -1, description: 'unknown termination cause 0x0000' };
}
