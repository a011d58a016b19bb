/** The 长辈模式 switch with a visible label (the label is also its accessible name). */
import { Switch } from 'antd';
import { useId } from 'react';
import { useElderMode } from '../lib/elder-mode';
import { useI18n } from '../lib/i18n';

/** `compact`: the label is kept for screen readers but hidden on screen (narrow headers). */
export function ElderModeSwitch({ className, compact }: { className?: string; compact?: boolean }) {
  const { elder, setElder } = useElderMode();
  const { t } = useI18n();
  const id = useId();
  return (
    <span className={className} style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
      <Switch id={id} checked={elder} onChange={setElder} data-testid="elder-switch" />
      <label
        htmlFor={id}
        className={compact ? 'gr-visually-hidden' : undefined}
        style={{ cursor: 'pointer', whiteSpace: 'nowrap' }}
      >
        {t('长辈模式', 'Large text')}
      </label>
    </span>
  );
}
