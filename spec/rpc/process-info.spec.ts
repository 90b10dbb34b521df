import { cappedInt, formatStopTime, formatUptime } from '../../lib/rpc/process-info';
import { splitNamespec } from '../../lib/rpc/namespec';

describe('process info formatting', () => {
  it.each([
    [0, '0:00:00'],
    [5, '0:00:05'],
    [3723, '1:02:03'],
    [12 * 3600 + 3 * 60 + 4, '12:03:04'],
    [86400 + 2 * 3600 + 3 * 60 + 4, '1 day, 2:03:04'],
    [3 * 86400 + 1, '3 days, 0:00:01'],
    [-5, '0:00:00'],
  ])('uptime %d s is %s (Python timedelta)', (secs, text) => {
    expect(formatUptime(secs)).toBe(text);
  });

  it('formats stop times like strftime("%b %d %I:%M %p")', () => {
    const evening = new Date(2026, 10, 24, 23, 11, 30).getTime() / 1000;
    const morning = new Date(2026, 0, 5, 9, 7, 0).getTime() / 1000;
    const noon = new Date(2026, 0, 5, 12, 0, 0).getTime() / 1000;
    const midnight = new Date(2026, 0, 5, 0, 30, 0).getTime() / 1000;
    expect(formatStopTime(evening)).toBe('Nov 24 11:11 PM');
    expect(formatStopTime(morning)).toBe('Jan 05 09:07 AM');
    expect(formatStopTime(noon)).toBe('Jan 05 12:00 PM');
    expect(formatStopTime(midnight)).toBe('Jan 05 12:30 AM');
  });

  it('clamps timestamps to signed 32 bits', () => {
    expect(cappedInt(1.9)).toBe(1);
    expect(cappedInt(2 ** 40)).toBe(2147483647);
    expect(cappedInt(-(2 ** 40))).toBe(-2147483648);
  });

  it('splits namespecs at the first colon', () => {
    expect(splitNamespec('cat')).toEqual({ groupName: 'cat', processName: 'cat' });
    expect(splitNamespec('grp:a')).toEqual({ groupName: 'grp', processName: 'a' });
    expect(splitNamespec('grp:*')).toEqual({ groupName: 'grp', processName: null });
    expect(splitNamespec('grp:')).toEqual({ groupName: 'grp', processName: null });
    expect(splitNamespec('a:b:c')).toEqual({ groupName: 'a', processName: 'b:c' });
  });
});
