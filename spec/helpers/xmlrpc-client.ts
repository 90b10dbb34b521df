/**
 * The client side of XML-RPC for tests, built on the `xmlrpc` npm package's serializer and deserializer — an
 * implementation independent of ours, so tests check our wire format rather than agree with themselves. The
 * transport is a plain http.request so the same client talks over a Unix socket or TCP, with a deadline.
 */
import * as http from 'node:http';
import { Readable } from 'node:stream';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Serializer = require('xmlrpc/lib/serializer');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Deserializer = require('xmlrpc/lib/deserializer');

/** An XML-RPC fault answered by the server. */
export class RpcFaultError extends Error {
  constructor(
    readonly faultCode: number,
    readonly faultString: string,
  ) {
    super(`Fault ${faultCode}: ${faultString}`);
  }
}

/** A non-200 HTTP answer to an XML-RPC request. */
export class RpcHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: string,
  ) {
    super(`HTTP ${statusCode}`);
  }
}

/** Where the server listens: a Unix socket path or a TCP port on 127.0.0.1. */
export type RpcTarget = { socketPath: string } | { port: number };

export interface RpcCallOptions {
  /** Basic auth credentials, sent when given. */
  auth?: { username: string; password: string };
  timeoutMs?: number;
}

export function buildMethodCall(method: string, params: unknown[]): Buffer {
  return Buffer.from(Serializer.serializeMethodCall(method, params), 'utf8');
}

export interface MethodResponse {
  value?: unknown;
  fault?: { faultCode: number; faultString: string };
}

export function parseMethodResponse(xml: string): Promise<MethodResponse> {
  return new Promise((resolve, reject) => {
    const deserializer = new Deserializer('utf8');
    deserializer.deserializeMethodResponse(Readable.from([xml]), (err: Error | null, value: unknown) => {
      const fault = err as unknown as { faultCode?: number; faultString?: string } | null;
      if (fault && fault.faultCode !== undefined) resolve({ fault: { faultCode: fault.faultCode, faultString: fault.faultString ?? '' } });
      else if (err) reject(err);
      else resolve({ value });
    });
  });
}

/** One XML-RPC call on a fresh connection. Faults reject with RpcFaultError, HTTP errors with RpcHttpError. */
export function callXmlRpc(target: RpcTarget, method: string, params: unknown[], options: RpcCallOptions = {}): Promise<any> {
  const body = buildMethodCall(method, params);
  const headers: Record<string, string | number> = { 'Content-Type': 'text/xml', 'Content-Length': body.length };
  if (options.auth) headers.Authorization = 'Basic ' + Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64');
  const where = 'socketPath' in target ? { socketPath: target.socketPath } : { host: '127.0.0.1', port: target.port };
  return new Promise((resolve, reject) => {
    const req = http.request({ ...where, path: '/RPC2', method: 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) return reject(new RpcHttpError(res.statusCode ?? 0, text));
        parseMethodResponse(text).then((answer) => {
          if (answer.fault) reject(new RpcFaultError(answer.fault.faultCode, answer.fault.faultString));
          else resolve(answer.value);
        }, reject);
      });
    });
    req.setTimeout(options.timeoutMs ?? 10000, () => req.destroy(new Error(`XML-RPC ${method}: no answer within ${options.timeoutMs ?? 10000} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
