/**
 * Opening the configured listeners exactly where the config says: TCP on host:port, or a Unix socket file
 * (bound under a temporary name, chmod'ed, then linked into place, so it is never reachable with the wrong
 * mode), with the reference's stale-socket handling and startup error texts.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import { constants } from 'node:os';
import { HttpStartError } from './errors';
import { HttpServerConfig } from '../config/types';

export interface Listener {
  server: http.Server;
  config: HttpServerConfig;
  sockets: Set<net.Socket>;
}

const IN_USE =
  'Another program is already listening on a port that one of our HTTP servers is configured to use.  ' +
  'Shut this program down first before starting supervisord.';

function errnoNumber(code: string | undefined): number {
  const table = constants.errno as Record<string, number>;
  return code && table[code] !== undefined ? table[code] : 0;
}

function startError(err: NodeJS.ErrnoException): Error {
  if (err.code === 'EADDRINUSE') return new HttpStartError(IN_USE);
  return new HttpStartError(`Cannot open an HTTP server: socket.error reported errno.${err.code} (${errnoNumber(err.code)})`);
}

function listenOn(server: http.Server, options: net.ListenOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(options, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Is something answering on this Unix socket path? */
function socketAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(path);
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

export async function openListener(config: HttpServerConfig, server: http.Server): Promise<Listener> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (sock: net.Socket) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
  });
  try {
    if (config.kind === 'inet') {
      await listenOn(server, { host: config.host || undefined, port: config.port, backlog: 1024 });
    } else {
      await listenUnix(config, server);
    }
  } catch (err) {
    throw startError(err as NodeJS.ErrnoException);
  }
  return { server, config, sockets };
}

async function listenUnix(config: HttpServerConfig, server: http.Server): Promise<void> {
  const file = config.file!;
  if (fs.existsSync(file)) {
    if (await socketAnswers(file)) throw Object.assign(new Error('in use'), { code: 'EADDRINUSE' });
    process.stderr.write(`Unlinking stale socket ${file}\n`);
    fs.unlinkSync(file);
  }
  const temp = `${file}.${process.pid}`;
  try {
    fs.unlinkSync(temp);
  } catch {
    // no leftover
  }
  await listenOn(server, { path: temp, backlog: 1024 });
  try {
    fs.chmodSync(temp, config.chmod ?? 0o700);
    fs.linkSync(temp, file);
  } finally {
    fs.unlinkSync(temp);
  }
  if (config.chown) fs.chownSync(file, config.chown.uid, config.chown.gid);
}

export function closeListener(listener: Listener): Promise<void> {
  return new Promise((resolve) => {
    listener.server.close(() => resolve());
    for (const sock of listener.sockets) sock.destroy();
    if (listener.config.kind === 'unix' && listener.config.file) {
      try {
        fs.unlinkSync(listener.config.file);
      } catch {
        // already gone
      }
    }
  });
}
