/**
 * The web interface (logging-and-http.md §7.6): the status page with its actions, the tail page and /ok.html.
 * Actions go through the RPC dispatcher, so they obey the same rules (and shutdown gate) as XML-RPC clients.
 */
import type { WebRequest, WebResponder } from '../http/server';
import type { RpcDispatcher } from '../rpc/dispatch';
import { RpcFault } from '../rpc/faults';
import { SUPERVISOR_VERSION } from '../cli/args';
import { renderStatusPage, renderTailPage, STYLESHEET } from './templates';

export interface ProcessRow {
  name: string;
  group: string;
  statename: string;
  description: string;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Python's time.ctime(): `Tue Nov  4 23:39:10 2026`. */
export function ctime(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2)} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${d.getFullYear()}`;
}

export function namespec(row: { name: string; group: string }): string {
  return row.group === row.name ? row.name : `${row.group}:${row.name}`;
}

const HTML_HEADERS: [string, string][] = [
  ['Content-Type', 'text/html;charset=utf-8'],
  ['Pragma', 'no-cache'],
  ['Cache-Control', 'no-cache'],
  ['Expires', 'Thu, 01 Jan 1970 00:00:00 GMT'],
];

const START_ERRORS: Record<number, string> = {
  20: 'no such file',
  21: 'file not executable',
  60: 'already started',
  50: 'spawn error',
  40: 'abnormal termination',
};

function unexpected(err: unknown): string {
  if (err instanceof RpcFault) return `unexpected rpc fault [${err.code}] ${err.faultString}`;
  throw err;
}

export class WebInterface {
  constructor(
    private readonly rpc: RpcDispatcher,
    /** Every process in status order (the RPC answer is pre-serialized XML, so the page reads the core). */
    private readonly listProcesses: () => ProcessRow[],
  ) {}

  /** Routes the UI paths; returns false for anything else (the HTTP layer answers 404). */
  handle(request: WebRequest, respond: WebResponder): boolean {
    if (request.method !== 'GET' && request.method !== 'POST' && request.method !== 'HEAD') return false;
    const page = request.path.replace(/^\/+/, '') || 'index.html';
    if (page === 'ok.html') {
      respond(200, [['Content-Type', 'text/plain']], Buffer.from('OK'));
      return true;
    }
    if (page === 'stylesheets/supervisor.css') {
      respond(200, [['Content-Type', 'text/css']], Buffer.from(STYLESHEET));
      return true;
    }
    if (page === 'tail.html') {
      void this.tail(request).then((html) => respond(200, HTML_HEADERS, Buffer.from(html)), () => respond(500, [], Buffer.alloc(0)));
      return true;
    }
    if (page !== 'index.html') return false;
    const form = new URLSearchParams(request.query);
    if (request.method === 'POST') for (const [k, v] of new URLSearchParams(request.body.toString('utf8'))) if (!form.has(k)) form.set(k, v);
    const action = form.get('action');
    if (action) {
      void this.act(action, form.get('processname')).then(
        (message) => respond(301, [['Location', `http://${request.host ?? 'localhost'}/?message=${encodeURIComponent(message)}`]], Buffer.alloc(0)),
        () => respond(500, [], Buffer.alloc(0)),
      );
      return true;
    }
    void this.status(form.get('message')).then((html) => respond(200, HTML_HEADERS, Buffer.from(html)), () => respond(500, [], Buffer.alloc(0)));
    return true;
  }

  private async rows(): Promise<ProcessRow[]> {
    await this.rpc.call('supervisor.getState', []); // the shutdown gate, as the reference's page goes through RPC
    return this.listProcesses();
  }

  private async status(message: string | null): Promise<string> {
    return renderStatusPage(await this.rows(), message, SUPERVISOR_VERSION, new Date().getFullYear());
  }

  private async tail(request: WebRequest): Promise<string> {
    const ns = request.query.get('processname');
    const limit = Math.max(1024, Number(request.query.get('limit')) || 1024);
    if (!ns) return renderTailPage('None', 'No process name found', limit);
    try {
      const text = (await this.rpc.call('supervisor.readProcessStdoutLog', [ns, -limit, 0])) as string;
      return renderTailPage(ns, text, limit);
    } catch (err) {
      if (err instanceof RpcFault && err.code === 20) return renderTailPage(ns, `No file for ${ns}`, limit);
      return renderTailPage(ns, `ERROR: ${unexpected(err)}`, limit);
    }
  }

  /** Performs an action and returns the message the redirect carries. */
  private async act(action: string, ns: string | null): Promise<string> {
    if (action === 'refresh') return `Page refreshed at ${ctime()}`;
    if (action === 'stopall') {
      await this.rpc.call('supervisor.stopAllProcesses', []);
      return `All stopped at ${ctime()}`;
    }
    if (action === 'restartall') {
      await this.rpc.call('supervisor.stopAllProcesses', []);
      await this.rpc.call('supervisor.startAllProcesses', []);
      return `All restarted at ${ctime()}`;
    }
    if (!['start', 'stop', 'restart', 'clearlog'].includes(action)) throw new Error(`unknown action ${action}`);
    const name = ns ?? '';
    if (!(await this.rows()).some((r) => namespec(r) === name)) return `No such process named ${name}`;
    const call = (method: string) => this.rpc.call(`supervisor.${method}`, [name]);
    switch (action) {
      case 'start':
        try {
          await call('startProcess');
          return `Process ${name} started`;
        } catch (err) {
          if (err instanceof RpcFault && START_ERRORS[err.code]) return `ERROR: Process ${name}: ${START_ERRORS[err.code]}`;
          return `ERROR: Process ${name}: ${unexpected(err)}`;
        }
      case 'stop':
        try {
          await call('stopProcess');
          return `Process ${name} stopped`;
        } catch (err) {
          return unexpected(err);
        }
      case 'restart':
        await call('stopProcess').catch(() => undefined);
        await call('startProcess').catch(() => undefined);
        return `Process ${name} restarted`;
      default:
        try {
          await call('clearProcessLogs');
          return `Log for ${name} cleared`;
        } catch (err) {
          return unexpected(err);
        }
    }
  }
}
