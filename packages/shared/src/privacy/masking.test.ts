import { describe, expect, it } from 'vitest';
import { isMainlandMobile, maskIdNumber, maskName, maskPhone } from './masking.js';

describe('masking', () => {
  it('masks mainland mobiles to 3 + 4', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone(' 138 1234 5678 ')).toBe('138****5678');
  });
  it('masks short or landline numbers without leaking them', () => {
    expect(maskPhone('12345')).toBe('*****');
    expect(maskPhone('03588223344')).toBe('035****3344');
    expect(maskPhone(null)).toBeNull();
    expect(maskPhone('')).toBeNull();
  });
  it('masks ID numbers as 6 + 8 stars + 4', () => {
    expect(maskIdNumber('142601199001011234')).toBe('142601********1234');
    expect(maskIdNumber('12345')).toBe('*****');
  });
  it('masks names keeping the surname', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('李')).toBe('李*');
  });
  it('recognises mainland mobile numbers', () => {
    expect(isMainlandMobile('13812345678')).toBe(true);
    expect(isMainlandMobile('12812345678')).toBe(false);
    expect(isMainlandMobile('1381234567')).toBe(false);
  });
});
