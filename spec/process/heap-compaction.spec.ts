import { BurstCompactor } from '../../lib/process/heap-compaction';

describe('BurstCompactor', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('collects once, 5 s after the last start of a burst, and never while idle', () => {
    const collect = jest.fn();
    const make = jest.fn(() => collect);
    const compactor = new BurstCompactor(make);
    jest.advanceTimersByTime(60_000);
    expect(make).not.toHaveBeenCalled();
    compactor.noteStart();
    jest.advanceTimersByTime(4_000);
    compactor.noteStart(); // still the same burst: the quiet period starts again
    jest.advanceTimersByTime(4_000);
    expect(collect).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1_000);
    expect(collect).toHaveBeenCalledTimes(1);
    compactor.noteStart(); // a later burst collects again, with the collector made once
    jest.advanceTimersByTime(5_000);
    expect(collect).toHaveBeenCalledTimes(2);
    expect(make).toHaveBeenCalledTimes(1);
  });

  it('does nothing when no collector is available', () => {
    const compactor = new BurstCompactor(() => null);
    compactor.noteStart();
    expect(() => jest.advanceTimersByTime(5_000)).not.toThrow();
  });
});
