import { describeExit } from '../../lib/process/exit-status';

describe('describeExit', () => {
  it('describes exits and signal deaths in the reference words', () => {
    expect(describeExit({ code: 3, signal: null, when: 0 })).toEqual({ code: 3, description: 'exit status 3' });
    expect(describeExit({ code: null, signal: 'SIGTERM', when: 0 })).toEqual({ code: -1, description: 'terminated by SIGTERM' });
    expect(describeExit({ code: null, signal: 'SIGABRT', coreDumped: true, when: 0 })).toEqual({
      code: -1,
      description: 'terminated by SIGABRT (core dumped)',
    });
    expect(describeExit({ code: null, signal: null, when: 0 })).toEqual({ code: -1, description: 'unknown termination cause 0x0000' });
  });
});
