/**
 * Lines to the system log. Node has no Unix datagram sockets, so a long-lived `logger` (util-linux) child
 * started on first use carries the lines; one per daemon, shared by the main log and `*_syslog` channels.
 */
import { ChildProcess, spawn } from 'node:child_process';

export class SyslogWriter {
  private child: ChildProcess | null = null;

  constructor(private readonly tag = 'supervisord') {}

  write(line: string): void {
    if (!this.child) {
      this.child = spawn('logger', ['-t', this.tag], { stdio: ['pipe', 'ignore', 'ignore'] });
      this.child.on('error', () => undefined);
      this.child.stdin?.on('error', () => undefined);
      this.child.unref();
      (this.child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    }
    this.child.stdin?.write(line.endsWith('\n') ? line : line + '\n');
  }

  close(): void {
    this.child?.stdin?.end();
    this.child = null;
  }
}
