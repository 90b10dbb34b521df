/**
 * The listening socket of an `[fcgi-program:x]` group: created by the daemon before the first spawn and handed
 * to every process of the group as its fd 0; closed when no process of the group is running.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import { FcgiSocketConfig } from '../config/types';

interface Log {
  info(message: string): void;
}

export class FcgiSocket {
  private server: net.Server | null = null;

  constructor(
    private readonly config: FcgiSocketConfig,
    private readonly log: Log,
  ) {}

  /** The listening socket's fd, creating the socket if needed. */
  fd(): number {
    if (!this.server) this.open();
    const handle = (this.server as unknown as { _handle?: { fd?: number } })._handle;
    if (!handle || typeof handle.fd !== 'number' || handle.fd < 0) throw new Error(`Could not create FastCGI socket ${this.config.url}`);
    return handle.fd;
  }

  private open(): void {
    this.log.info(`Creating socket ${this.config.url}`);
    const server = net.createServer();
    // Each child accepts on the shared socket itself; a connection the daemon happens to accept is closed.
    server.on('connection', (sock) => sock.destroy());
    const backlog = this.config.backlog ?? undefined;
    if (this.config.kind === 'unix') {
      const path = this.config.path!;
      try {
        fs.unlinkSync(path);
      } catch {
        // no stale file
      }
      server.listen({ path, backlog });
      fs.chmodSync(path, this.config.mode ?? 0o700);
      if (this.config.owner) fs.chownSync(path, this.config.owner.uid, this.config.owner.gid);
    } else {
      server.listen({ host: this.config.host, port: this.config.port, backlog });
    }
    server.unref();
    this.server = server;
    // Known limitation (README): libuv accepts on every listening socket it watches, so connections the daemon
    // wins are closed at once (the client retries) rather than served; a native helper that listens without
    // polling is the planned fix.
  }

  close(): void {
    if (!this.server) return;
    this.log.info(`Closing socket ${this.config.url}`);
    this.server.close();
    this.server = null;
    if (this.config.kind === 'unix') {
      try {
        fs.unlinkSync(this.config.path!);
      } catch {
        // already gone
      }
    }
  }
}
