/**
 * One HTTP handler (node:http) served on every configured listener — Unix socket and TCP — with per-listener
 * Basic auth, the reference's routing, status codes and error pages (logging-and-http.md §7, rpc.md §1).
 */
import * as http from 'node:http';
import { HttpServerConfig } from '../config/types';
import { RpcDispatcher } from '../rpc/dispatch';
import { checkBasicAuth } from './auth';
import { errorPage } from './error-page';
import { openListener, closeListener, Listener } from './listeners';
import { streamFile } from './logtail';

/** Request bodies above this are refused with 413: the reference has no limit, a daemon should. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface WebRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Buffer;
  host: string | undefined;
}

export type WebResponder = (status: number, headers: [string, string][], body: Buffer) => void;

export interface HttpRoutes {
  rpc: RpcDispatcher;
  processLogPath(namespec: string, channel: string): string | null;
  mainLogPath(): string | null;
  web?: (request: WebRequest, respond: WebResponder) => boolean;
  followFile(path: string, onData: (chunk: Buffer) => void): { stop(): void };
}

export interface HttpLog {
  trace(message: string): void;
  error(message: string): void;
  critical(message: string): void;
  info(message: string): void;
  isEnabled(level: number): boolean;
}

export { HttpStartError } from './errors';

/** SUPERVISOR_SERVER_URL for children: the first unix server, else the first inet server, else none. */
export function defaultServerUrl(servers: HttpServerConfig[]): string | null {
  const unix = servers.find((s) => s.kind === 'unix');
  if (unix) return `unix://${unix.file}`;
  const inet = servers.find((s) => s.kind === 'inet');
  if (inet) return `http://${inet.host || 'localhost'}:${inet.port}`;
  return null;
}

export class HttpFrontend {
  private readonly listeners: Listener[] = [];

  constructor(
    private readonly servers: HttpServerConfig[],
    private readonly routes: HttpRoutes,
    private readonly log: HttpLog,
    /** Called after each listener opened (the caller logs the per-server lines in the reference's order). */
    private readonly onOpened: (config: HttpServerConfig) => void = () => undefined,
  ) {}

  async listen(): Promise<void> {
    for (const config of this.servers) {
      const server = http.createServer((req, res) => this.handle(config, req, res));
      // supervisorctl keeps connections open and waiting calls may take long: no idle or request timeouts.
      server.keepAliveTimeout = 0;
      server.requestTimeout = 0;
      server.headersTimeout = 60_000;
      server.on('clientError', (_err, socket) => socket.destroy());
      this.listeners.push(await openListener(config, server));
      this.onOpened(config);
      if (!config.username) this.log.critical(`Server '${config.section}' running without any HTTP authentication checking`);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.listeners.map((l) => closeListener(l)));
    this.listeners.length = 0;
  }

  private handle(config: HttpServerConfig, req: http.IncomingMessage, res: http.ServerResponse): void {
    res.setHeader('Server', 'Medusa/1.12');
    res.on('error', () => undefined);
    const url = req.url ?? '/';
    if (config.username !== null) {
      const verdict = checkBasicAuth(req.headers.authorization, config.username, config.password ?? '');
      if (verdict !== 'ok') {
        // Read the whole request first: closing while the client still sends its body breaks its pipe.
        req.resume();
        req.on('end', () => {
          if (verdict === 'malformed') return this.sendError(res, 400);
          res.setHeader('Connection', 'close');
          res.setHeader('WWW-Authenticate', 'Basic realm="default"');
          this.sendError(res, 401);
        });
        return;
      }
    }
    let path: string;
    try {
      path = decodeURIComponent(url.split('?')[0]);
    } catch {
      path = url.split('?')[0];
    }
    if (path.startsWith('/RPC2')) return this.handleRpc(req, res);
    if (path.startsWith('/logtail')) return this.handleLogtail(req, res, path);
    if (path.startsWith('/mainlogtail')) return this.handleMainLogtail(req, res);
    this.handleWeb(req, res, url);
  }

  private sendError(res: http.ServerResponse, status: number): void {
    const body = errorPage(status);
    res.writeHead(status, { 'Content-Type': 'text/html', 'Content-Length': body.length });
    res.end(body);
  }

  private handleRpc(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.method !== 'POST') {
      req.resume();
      return this.sendError(res, 400);
    }
    const declared = req.headers['content-length'];
    if (declared === undefined || declared === '' || req.headers['transfer-encoding']) {
      req.resume();
      return this.sendError(res, 411);
    }
    if (Number(declared) > MAX_BODY_BYTES) {
      req.resume();
      res.setHeader('Connection', 'close');
      return this.sendError(res, 413);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      void this.routes.rpc.handle(Buffer.concat(chunks)).then(
        (answer) => {
          if (answer.status !== 200) return this.sendError(res, answer.status);
          res.writeHead(200, { 'Content-Type': answer.contentType, 'Content-Length': answer.body.length });
          res.end(answer.body);
        },
        () => this.sendError(res, 500),
      );
    });
  }

  private handleLogtail(req: http.IncomingMessage, res: http.ServerResponse, path: string): void {
    if (req.method !== 'GET') return this.sendError(res, 400);
    const rest = path.slice('/logtail'.length);
    if (rest === '') return this.sendError(res, 500);
    const spec = rest.slice(1);
    const slash = spec.indexOf('/');
    const namespec = slash < 0 ? spec : spec.slice(0, slash);
    const channel = slash < 0 ? 'stdout' : spec.slice(slash + 1);
    const file = namespec === '' ? null : this.routes.processLogPath(namespec, channel);
    if (file === null) return this.sendError(res, 404);
    streamFile(req, res, file, this.routes.followFile, true);
  }

  private handleMainLogtail(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.method !== 'GET') return this.sendError(res, 400);
    const file = this.routes.mainLogPath();
    if (file === null) return this.sendError(res, 404);
    streamFile(req, res, file, this.routes.followFile, false);
  }

  private handleWeb(req: http.IncomingMessage, res: http.ServerResponse, url: string): void {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      const parsed = new URL(url, 'http://localhost');
      const request: WebRequest = {
        method: req.method ?? 'GET',
        path: parsed.pathname,
        query: parsed.searchParams,
        body: Buffer.concat(chunks),
        host: req.headers.host,
      };
      const handled = this.routes.web?.(request, (status, headers, body) => {
        if (status >= 300 && body.length === 0) body = errorPage(status);
        res.writeHead(status, [...headers, ['Content-Length', String(body.length)]].flat());
        res.end(req.method === 'HEAD' ? undefined : body);
      });
      if (!handled) this.sendError(res, 404);
    });
  }
}
