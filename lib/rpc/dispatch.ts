/**
 * XML-RPC dispatch from a fixed table of exact method names (a Map built once — never a property lookup on an
 * object, which is how supervisord's CVE-2017-11610 happened), plus the `system.*` namespace and multicall.
 */
import { FAULT_CODES, RpcFault, RpcInternalError } from './faults';
import { XmlRpcValue } from './values';
import { WireError, parseMethodCall, serializeFault, serializeResponse } from './wire';
import { pythonBytesRepr } from '../logging/text';

export interface CallContext {
  inMulticall: boolean;
}

export interface RpcMethod {
  name: string;
  /** [return type, ...param types] for system.methodSignature; null → SIGNATURE_UNSUPPORTED. */
  signature: string[] | null;
  help: string;
  minParams: number;
  maxParams: number;
  handler(params: unknown[], ctx: CallContext): XmlRpcValue | Promise<XmlRpcValue>;
}

export interface RpcLog {
  trace(message: string): void;
  error(message: string): void;
  critical(message: string): void;
  isEnabled(level: number): boolean;
}

export interface RpcResponse {
  status: number;
  body: Buffer;
  contentType: string;
}

const TRACE = 5;
/** How long a multicall runs synchronous calls before letting the event loop take a turn. */
const MULTICALL_SLICE_MS = 0.5;

export class RpcDispatcher {
  private readonly methods = new Map<string, RpcMethod>();

  constructor(
    methods: RpcMethod[],
    private readonly log: RpcLog,
  ) {
    for (const method of [...methods, ...this.systemMethods()]) this.methods.set(method.name, method);
  }

  private lookup(name: string): RpcMethod {
    // `namespace.method`, exactly one dot, no private (`_`) method.
    const dot = name.indexOf('.');
    if (dot < 0 || name.indexOf('.', dot + 1) >= 0 || name.charCodeAt(dot + 1) === 0x5f) throw new RpcFault('UNKNOWN_METHOD');
    const method = this.methods.get(name);
    if (!method) throw new RpcFault('UNKNOWN_METHOD');
    return method;
  }

  /** Calls a method by name; throws RpcFault for faults, anything else for an unexpected error (HTTP 500). */
  async call(name: string, params: unknown[], ctx: CallContext = { inMulticall: false }): Promise<XmlRpcValue> {
    return this.invoke(name, params, ctx);
  }

  /**
   * `call` without a promise when the method answers synchronously (most do): a multicall of 500
   * sendRemoteCommEvent then runs as a plain loop instead of three microtask hops per entry.
   */
  private invoke(name: string, params: unknown[], ctx: CallContext): XmlRpcValue | Promise<XmlRpcValue> {
    const method = this.lookup(name);
    if (params.length < method.minParams || params.length > method.maxParams) throw new RpcFault('INCORRECT_PARAMETERS');
    let result: XmlRpcValue | Promise<XmlRpcValue>;
    try {
      result = method.handler(params, ctx);
    } catch (err) {
      throw asPythonFault(err);
    }
    return result instanceof Promise
      ? result.catch((err: unknown) => {
          throw asPythonFault(err);
        })
      : result;
  }

  /** The whole POST /RPC2 exchange: parse, call, serialize, and the reference's log lines. */
  async handle(body: Buffer): Promise<RpcResponse> {
    let request: { methodName: string; params: unknown[] };
    try {
      request = parseMethodCall(body);
    } catch (err) {
      const reason = err instanceof WireError ? err.reason : 'unmarshallable';
      this.log.error(`XML-RPC request data ${pythonBytesRepr(body.subarray(0, 1000))} is invalid: ${reason}`);
      return { status: 400, body: Buffer.alloc(0), contentType: 'text/html' };
    }
    const { methodName, params } = request;
    const tracing = this.log.isEnabled(TRACE);
    if (tracing) this.log.trace(`XML-RPC method called: ${methodName}()`);
    try {
      const value = await this.call(methodName, params);
      const out = serializeResponse(value);
      if (tracing) this.log.trace(`XML-RPC method ${methodName}() returned successfully`);
      return { status: 200, body: out, contentType: 'text/xml' };
    } catch (err) {
      if (err instanceof RpcFault) {
        if (tracing) this.log.trace(`XML-RPC method ${methodName}() returned fault: [${err.code}] ${err.faultString}`);
        return { status: 200, body: serializeFault(err.code, err.faultString), contentType: 'text/xml' };
      }
      const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
      this.log.critical(
        `Handling XML-RPC request with data ${pythonBytesRepr(body.subarray(0, 1000))} raised an unexpected exception: ${detail}`,
      );
      return { status: 500, body: Buffer.alloc(0), contentType: 'text/html' };
    }
  }

  // ---------------------------------------------------------------- system.*

  private systemMethods(): RpcMethod[] {
    const known = (params: unknown[]): RpcMethod => {
      const name = params[0];
      const method = typeof name === 'string' ? this.methods.get(name) : undefined;
      if (!method) throw new RpcFault('SIGNATURE_UNSUPPORTED');
      return method;
    };
    return [
      {
        name: 'system.listMethods',
        signature: ['array'],
        help: 'Return an array listing the available method names.',
        minParams: 0,
        maxParams: 0,
        handler: () => [...this.methods.keys()].sort(),
      },
      {
        name: 'system.methodHelp',
        signature: ['string', 'string'],
        help: 'Return a string showing the documentation of the method named.',
        minParams: 1,
        maxParams: 1,
        handler: (params) => known(params).help,
      },
      {
        name: 'system.methodSignature',
        signature: ['array', 'string'],
        help: 'Return an array describing the method signature: [return type, parameter types...].',
        minParams: 1,
        maxParams: 1,
        handler: (params) => {
          const signature = known(params).signature;
          if (!signature) throw new RpcFault('SIGNATURE_UNSUPPORTED');
          return signature;
        },
      },
      {
        name: 'system.multicall',
        signature: ['array', 'array'],
        help: 'Process an array of calls {methodName, params}, in order; return an array of results or fault structs.',
        minParams: 1,
        maxParams: 1,
        handler: (params) => this.multicall(params[0]),
      },
    ];
  }

  /** Calls run one after another (a waiting call completes before the next starts); results are unwrapped. */
  private multicall(calls: unknown): XmlRpcValue | Promise<XmlRpcValue> {
    if (!Array.isArray(calls)) throw new RpcInternalError("<class 'TypeError'>", 'multicall expects an array');
    if (calls.some((c) => c === null || typeof c !== 'object' || Array.isArray(c))) {
      throw new RpcInternalError("<class 'AttributeError'>", "'list' object has no attribute 'get'");
    }
    return this.runCalls(calls as Record<string, unknown>[], 0, []);
  }

  /**
   * Runs calls from `start` synchronously while they answer synchronously (most do), continuing after a call that
   * waits. A long run gives the event loop a turn every MULTICALL_SLICE_MS, so a multicall of thousands of calls
   * does not stall child output, event listeners or other clients meanwhile.
   */
  private runCalls(calls: Record<string, unknown>[], start: number, results: XmlRpcValue[]): XmlRpcValue | Promise<XmlRpcValue> {
    const sliceEnd = performance.now() + MULTICALL_SLICE_MS;
    for (let i = start; i < calls.length; i++) {
      const result = this.multicallOne(calls[i]);
      if (result instanceof Promise) {
        return result.then((value) => {
          results.push(value);
          return this.runCalls(calls, i + 1, results);
        });
      }
      results.push(result);
      if ((i & 15) === 15 && i + 1 < calls.length && performance.now() > sliceEnd) {
        return new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.runCalls(calls, i + 1, results));
      }
    }
    return results;
  }

  private multicallOne(call: Record<string, unknown>): XmlRpcValue | Promise<XmlRpcValue> {
    const name = call.methodName;
    if (name === undefined || name === null || name === '') return faultStruct(FAULT_CODES.INCORRECT_PARAMETERS, 'INCORRECT_PARAMETERS: No methodName');
    if (name === 'system.multicall') {
      return faultStruct(FAULT_CODES.INCORRECT_PARAMETERS, 'INCORRECT_PARAMETERS: Recursive system.multicall forbidden');
    }
    const params = Array.isArray(call.params) ? call.params : [];
    try {
      const result = this.invoke(String(name), params, { inMulticall: true });
      return result instanceof Promise ? result.catch(multicallFault) : result;
    } catch (err) {
      return multicallFault(err);
    }
  }
}

/** Python reports any TypeError raised inside a method as INCORRECT_PARAMETERS. */
function asPythonFault(err: unknown): unknown {
  return err instanceof TypeError ? new RpcFault('INCORRECT_PARAMETERS') : err;
}

function faultStruct(code: number, faultString: string): XmlRpcValue {
  return { faultCode: code, faultString };
}

/** A failed call inside a multicall becomes a fault struct in its slot. */
function multicallFault(err: unknown): XmlRpcValue {
  if (err instanceof RpcFault) return faultStruct(err.code, err.faultString);
  if (err instanceof RpcInternalError) return faultStruct(FAULT_CODES.FAILED, `FAILED: ${err.pythonClass}:${err.message}`);
  return faultStruct(FAULT_CODES.FAILED, `FAILED: <class 'Exception'>:${err instanceof Error ? err.message : String(err)}`);
}
