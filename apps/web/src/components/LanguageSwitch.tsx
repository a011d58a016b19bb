/** 中文 / English toggle: shows the language you would switch to, in that language. */
import { TranslationOutlined } from '@ant-design/icons';
import { Button, type ButtonProps } from 'antd';
import { useI18n } from '../lib/i18n';

export function LanguageSwitch(props: Pick<ButtonProps, 'type' | 'size' | 'className'>) {
  const { locale, setLocale } = useI18n();
  const toEn = locale === 'zh-CN';
  return (
    <Button
      type="text"
      {...props}
      icon={<TranslationOutlined />}
      onClick={() => setLocale(toEn ? 'en' : 'zh-CN')}
      aria-label={toEn ? 'Switch to English' : '切换到中文'}
      data-testid="language-switch"
    >
      <span lang={toEn ? 'en' : 'zh-CN'}>{toEn ? 'English' : '中文'}</span>
    </Button>
  );
}
