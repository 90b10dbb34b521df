/**
 * The client side of XML-RPC for tests, built on the `xmlrpc` npm package's serializer and deserializer — an
 * implementation independent of ours, so tests check our wire format rather than agree with themselves.
 */
import { Readable } from 'node:stream';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Serializer = require('xmlrpc/lib/serializer');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Deserializer = require('xmlrpc/lib/deserializer');

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
