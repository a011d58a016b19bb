/**
 * The antd theme. Primary is a restrained government red (#c8102e: 5.9:1 on white, passes WCAG AA for
 * text and links). antd's default tertiary text (45 % black ≈ 3.4:1) fails AA, so it is darkened.
 * 长辈模式 scales type and controls; the system's reduce-motion setting turns antd's animations off.
 * Everything antd draws follows from these tokens.
 */
import type { ThemeConfig } from 'antd';

export const brandRed = '#c8102e';

const base: ThemeConfig['token'] = {
  colorPrimary: brandRed,
  colorLink: brandRed,
  colorInfo: '#1f5fa8',
  // antd's default error red (#ff4d4f, 3.3:1) is too light for form messages; #cf1322 is 5.6:1.
  colorError: '#cf1322',
  colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
  colorTextDescription: 'rgba(0, 0, 0, 0.62)',
  // antd's placeholder grey (#bfbfbf) is 1.8:1; 55 % black passes AA.
  colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
  borderRadius: 6,
  fontFamily:
    "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif",
};

const elderTokens: ThemeConfig['token'] = {
  fontSize: 20,
  fontSizeSM: 17,
  fontSizeLG: 22,
  fontSizeXL: 26,
  fontSizeHeading1: 40,
  fontSizeHeading2: 34,
  fontSizeHeading3: 28,
  fontSizeHeading4: 24,
  fontSizeHeading5: 22,
  fontSizeIcon: 16,
  lineHeight: 1.7,
  controlHeight: 48,
  controlHeightSM: 36,
  controlHeightLG: 56,
};

export function buildTheme(elder: boolean, reducedMotion = false): ThemeConfig {
  return {
    token: { ...base, ...(elder ? elderTokens : {}), motion: !reducedMotion },
    components: {
      // Header height is fixed (global.css positions the sticky menu under it: 64 / 72 px).
      Layout: {
        headerBg: brandRed,
        headerColor: '#fff',
        headerPadding: '0 16px',
        headerHeight: elder ? 72 : 64,
        siderBg: '#fff',
        triggerBg: '#fff',
        triggerColor: 'rgba(0, 0, 0, 0.88)',
      },
      Menu: { itemSelectedColor: '#a50d25', itemSelectedBg: '#fdecee' },
    },
  };
}

/** Phone pages: bigger touch targets even outside 长辈模式 (nested ConfigProvider in H5/Public layouts). */
export function phoneTheme(elder: boolean): ThemeConfig {
  return elder ? {} : { token: { fontSize: 16, controlHeight: 44, controlHeightLG: 50, controlHeightSM: 32 } };
}
