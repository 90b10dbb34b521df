/** Bounded waiting for tests: poll a condition until a deadline instead of sleeping a fixed time. */
import * as net from 'node:net';

const POLL_INTERVAL_MS = 50;

/** Thrown by a waitFor check to stop waiting at once (e.g. the daemon died, so it will never answer). */
export class WaitAborted extends Error {}

/**
 * Poll `check` until it returns true. A check that throws counts as "not yet" (unless it throws WaitAborted);
 * on timeout the error names what was awaited and the check's last error.
 */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return;
      lastError = undefined;
    } catch (err) {
      if (err instanceof WaitAborted) throw err;
      lastError = err;
    }
    if (Date.now() > deadline) {
      const detail = lastError ? ` (last error: ${(lastError as Error).message ?? lastError})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS));
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}
