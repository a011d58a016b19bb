import { describe, expect, it } from 'vitest';
import { buildTheme } from './theme';

describe('buildTheme', () => {
  it('keeps antd animations unless the system asks for reduced motion', () => {
    expect(buildTheme(false).token?.motion).toBe(true);
    expect(buildTheme(true, true).token?.motion).toBe(false);
  });

  it('scales type in 长辈模式', () => {
    expect(buildTheme(true).token?.fontSize).toBeGreaterThan(buildTheme(false).token?.fontSize ?? 14);
  });
});
