/** What a listener pool needs from each of its processes (implemented by the process group). */
export interface ListenerHandle {
  /** Process name, used in log lines. */
  readonly name: string;
  /** True when the process is RUNNING (past startsecs): only then may it be given events. */
  isRunning(): boolean;
  /** Write bytes to the process's stdin; false when the pipe is closed. */
  write(data: Buffer): boolean;
}
