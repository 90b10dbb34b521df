import { RpcDispatcher, RpcMethod } from '../../lib/rpc/dispatch';
import { RpcFault } from '../../lib/rpc/faults';

const silent = { trace: () => undefined, error: () => undefined, critical: () => undefined, isEnabled: () => false };

function method(name: string, handler: RpcMethod['handler']): RpcMethod {
  return { name, signature: null, help: '', minParams: 0, maxParams: 9, handler };
}

describe('RpcDispatcher multicall', () => {
  const order: string[] = [];
  const dispatcher = new RpcDispatcher(
    [
      method('t.now', (p) => {
        order.push(`now ${String(p[0])}`);
        return String(p[0]);
      }),
      method('t.later', async (p) => {
        order.push(`later starts ${String(p[0])}`);
        await new Promise((resolve) => setImmediate(resolve));
        order.push(`later ends ${String(p[0])}`);
        return String(p[0]);
      }),
      method('t.typeError', () => {
        throw new TypeError('bad');
      }),
      method('t.slow', () => {
        const until = performance.now() + 0.2;
        while (performance.now() < until); // a synchronous method that takes a while
        return true;
      }),
      method('t.rejects', async () => {
        throw new RpcFault('BAD_NAME', 'x');
      }),
    ],
    silent,
  );

  beforeEach(() => (order.length = 0));

  it('runs calls strictly one after another, waiting for one that waits', async () => {
    const calls = [
      { methodName: 't.now', params: ['a'] },
      { methodName: 't.later', params: ['b'] },
      { methodName: 't.now', params: ['c'] },
      { methodName: 't.later', params: ['d'] },
    ];
    await expect(dispatcher.call('system.multicall', [calls])).resolves.toEqual(['a', 'b', 'c', 'd']);
    expect(order).toEqual(['now a', 'later starts b', 'later ends b', 'now c', 'later starts d', 'later ends d']);
  });

  it('answers a multicall of synchronous methods without waiting for a later turn', () => {
    const result = (dispatcher as unknown as { multicall(c: unknown): unknown }).multicall([{ methodName: 't.now', params: ['x'] }]);
    expect(result).toEqual(['x']);
  });

  it('lets the event loop take turns during a long multicall, and keeps every result in order', async () => {
    let turns = 0;
    const counter = setInterval(() => turns++, 0);
    try {
      const calls = Array.from({ length: 200 }, (_, i) => ({ methodName: i % 2 ? 't.slow' : 't.now', params: [i] }));
      const results = (await dispatcher.call('system.multicall', [calls])) as unknown[];
      expect(results).toEqual(calls.map((c, i) => (i % 2 ? true : String(i))));
    } finally {
      clearInterval(counter);
    }
    expect(turns).toBeGreaterThan(1); // 100 x 0.2 ms = 20 ms of calls, a turn at least every ~0.5 ms of them
  });

  it('turns each failure into a fault struct in its own slot', async () => {
    const calls = [
      { methodName: 't.typeError' },
      { methodName: 't.rejects' },
      { methodName: 't._private' },
      { methodName: 'a.b.c' },
      {},
      { methodName: 't.now', params: ['ok'] },
    ];
    await expect(dispatcher.call('system.multicall', [calls])).resolves.toEqual([
      { faultCode: 2, faultString: 'INCORRECT_PARAMETERS' },
      { faultCode: 10, faultString: 'BAD_NAME: x' },
      { faultCode: 1, faultString: 'UNKNOWN_METHOD' },
      { faultCode: 1, faultString: 'UNKNOWN_METHOD' },
      { faultCode: 2, faultString: 'INCORRECT_PARAMETERS: No methodName' },
      'ok',
    ]);
  });

  it('reports a TypeError thrown by a method called directly as INCORRECT_PARAMETERS', async () => {
    await expect(dispatcher.call('t.typeError', [])).rejects.toMatchObject({ code: 2 });
    await expect(dispatcher.call('t.rejects', [])).rejects.toMatchObject({ code: 10 });
  });
});
