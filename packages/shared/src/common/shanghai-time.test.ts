import { describe, expect, it } from 'vitest';
import { shanghaiDate, shanghaiDayKey, shanghaiMinute } from './shanghai-time.js';

describe('Shanghai calendar readings', () => {
  it('reads the day in UTC+8, so 16:30 UTC is already tomorrow', () => {
    const ms = Date.UTC(2026, 10, 22, 16, 30);
    expect(shanghaiDate(ms)).toBe('2026-11-23');
    expect(shanghaiDayKey(ms)).toBe('20261123');
    expect(shanghaiMinute(ms)).toBe('2026-11-23 00:30');
  });
});
