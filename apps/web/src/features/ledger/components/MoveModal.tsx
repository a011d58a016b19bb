/**
 * 迁出 / 迁回: the date (and a note) of a move. Nobody is ever deleted: a person who moved out stays in the
 * ledger (shown with 显示已迁出) until the retention period anonymises them, and can move back in.
 */
import type { PersonView } from '@grassroots/shared/ledger/ledger.schema';
import { Alert, DatePicker, Form, Input } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo } from 'react';
import { FormModal } from '../../../components/FormModal';
import { useI18n } from '../../../lib/i18n';
import { useMoveIn, useMoveOut } from '../api';

interface Values {
  on: Dayjs;
  note?: string;
}

export interface MoveModalProps {
  open: boolean;
  person: PersonView | null;
  direction: 'out' | 'in';
  onClose: () => void;
}

export function MoveModal({ open, person, direction, onClose }: MoveModalProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const moveOut = useMoveOut();
  const moveIn = useMoveIn();
  const m = direction === 'out' ? moveOut : moveIn;
  const { reset } = m;
  useEffect(() => {
    if (open) reset();
  }, [open, reset]);
  const values = useMemo(() => ({ on: dayjs() }), []);

  const save = (v: Values) => {
    if (!person) return Promise.resolve();
    const day = v.on.format('YYYY-MM-DD');
    const note = v.note?.trim() || undefined;
    return direction === 'out'
      ? moveOut.mutateAsync({ id: person.id, body: { version: person.version, movedOutOn: day, note } })
      : moveIn.mutateAsync({ id: person.id, body: { version: person.version, movedInOn: day, note } });
  };

  const out = direction === 'out';
  return (
    <FormModal<Values>
      open={open}
      title={
        out
          ? t(`迁出：${person?.name ?? ''}`, `Move out: ${person?.name ?? ''}`)
          : t(`迁回：${person?.name ?? ''}`, `Move back in: ${person?.name ?? ''}`)
      }
      form={form}
      values={values}
      onSave={save}
      saving={m.isPending}
      error={m.error}
      okText={out ? t('确认迁出', 'Move out') : t('确认迁回', 'Move back in')}
      done={out ? t('已迁出', 'Moved out') : t('已迁回', 'Moved back in')}
      onClose={onClose}
    >
      {out ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t(
            '迁出后此人不再计入本户成员，记录保留（可在“显示已迁出”中查看并迁回）；超过保留期限后个人信息将被匿名化。',
            'The person leaves the household but the record stays (see 显示已迁出, and move them back); after the retention period their personal data is anonymised.',
          )}
        />
      ) : null}
      <Form.Item
        name="on"
        label={out ? t('迁出日期', 'Moved out on') : t('迁回日期', 'Moved back on')}
        rules={[{ required: true, message: t('请选择日期', 'Choose a date') }]}
      >
        <DatePicker style={{ width: '100%' }} maxDate={dayjs()} />
      </Form.Item>
      <Form.Item name="note" label={t('备注', 'Note')}>
        <Input.TextArea
          rows={2}
          maxLength={200}
          showCount
          placeholder={out ? t('如：迁往外地', 'e.g. moved away') : undefined}
        />
      </Form.Item>
    </FormModal>
  );
}
