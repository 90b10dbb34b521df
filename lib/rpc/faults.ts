/** The one registry of XML-RPC fault codes, numbered and named as supervisord 4.2.5 does (rpc.md §2). */
export const FAULT_CODES = {
  UNKNOWN_METHOD: 1,
  INCORRECT_PARAMETERS: 2,
  BAD_ARGUMENTS: 3,
  SIGNATURE_UNSUPPORTED: 4,
  SHUTDOWN_STATE: 6,
  BAD_NAME: 10,
  BAD_SIGNAL: 11,
  NO_FILE: 20,
  NOT_EXECUTABLE: 21,
  FAILED: 30,
  ABNORMAL_TERMINATION: 40,
  SPAWN_ERROR: 50,
  ALREADY_STARTED: 60,
  NOT_RUNNING: 70,
  SUCCESS: 80,
  ALREADY_ADDED: 90,
  STILL_RUNNING: 91,
  CANT_REREAD: 92,
} as const;

export type FaultName = keyof typeof FAULT_CODES;

/** A fault answer; faultString is `NAME` or `NAME: extra`. */
export class RpcFault extends Error {
  readonly code: number;
  readonly faultString: string;

  constructor(name: FaultName, extra?: string) {
    const text = extra === undefined ? name : `${name}: ${extra}`;
    super(text);
    this.code = FAULT_CODES[name];
    this.faultString = text;
  }
}

/**
 * An unexpected error inside a method, described the way the reference's Python would see it: HTTP 500 at the
 * top level, `FAILED: <class 'X'>:<message>` inside system.multicall.
 */
export class RpcInternalError extends Error {
  constructor(
    readonly pythonClass: string,
    message: string,
  ) {
    super(message);
  }
}
