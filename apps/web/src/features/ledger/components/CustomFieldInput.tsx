/** The input for a custom person field by its datatype (text, number, yes/no, date, one of its options). */
import type { LedgerFieldView } from '@grassroots/shared/ledger/ledger.schema';
import { DatePicker, Input, InputNumber, Select } from 'antd';
import { useI18n } from '../../../lib/i18n';

export const fieldLabel = (f: Pick<LedgerFieldView, 'label' | 'labelEn'>, locale: 'zh-CN' | 'en') =>
  locale === 'en' && f.labelEn ? f.labelEn : f.label;

interface Props {
  field: LedgerFieldView;
  id?: string;
  value?: unknown;
  onChange?: (v: unknown) => void;
  /** Filters take strings only (the query string). */
  asFilter?: boolean;
  style?: React.CSSProperties;
  'aria-label'?: string;
}

export function CustomFieldInput({ field, asFilter, ...p }: Props) {
  const { t, locale } = useI18n();
  // Filters have no label above them: the field's name is the placeholder.
  const common = {
    id: p.id,
    style: p.style,
    'aria-label': p['aria-label'],
    placeholder: asFilter ? fieldLabel(field, locale) : undefined,
  };
  switch (field.datatype) {
    case 'number':
      return asFilter ? (
        <Input
          {...common}
          inputMode="numeric"
          value={p.value as string}
          onChange={(e) => p.onChange?.(e.target.value)}
        />
      ) : (
        <InputNumber
          {...common}
          value={p.value as number}
          onChange={(v) => p.onChange?.(v)}
          style={{ width: '100%' }}
        />
      );
    case 'boolean':
      return (
        <Select
          {...common}
          allowClear
          value={p.value == null || p.value === '' ? undefined : String(p.value)}
          onChange={(v) => p.onChange?.(asFilter ? (v ?? '') : v == null ? null : v === 'true')}
          options={[
            { value: 'true', label: t('是', 'Yes') },
            { value: 'false', label: t('否', 'No') },
          ]}
        />
      );
    case 'date':
      return asFilter ? (
        <Input
          {...common}
          placeholder={`${common.placeholder} YYYY-MM-DD`}
          value={p.value as string}
          onChange={(e) => p.onChange?.(e.target.value)}
        />
      ) : (
        // biome-ignore lint/suspicious/noExplicitAny: the form holds a dayjs value here
        <DatePicker {...common} value={p.value as any} onChange={(d) => p.onChange?.(d)} style={{ width: '100%' }} />
      );
    case 'select':
      return (
        <Select
          {...common}
          allowClear
          value={(p.value as string) || undefined}
          onChange={(v) => p.onChange?.(v ?? (asFilter ? '' : null))}
          options={field.options.map((o) => ({ value: o, label: o }))}
        />
      );
    default:
      return (
        <Input {...common} value={p.value as string} onChange={(e) => p.onChange?.(e.target.value)} maxLength={200} />
      );
  }
}

/** A stored custom value as text. */
export function customValueText(field: LedgerFieldView, v: unknown, t: (zh: string, en: string) => string): string {
  if (v == null || v === '') return '—';
  if (field.datatype === 'boolean') return v === true || v === 'true' ? t('是', 'Yes') : t('否', 'No');
  return String(v);
}
