/**
 * Set or clear one special date: 休息 (a holiday, meaningful on a weekday) or 调休上班 (a make-up working day,
 * meaningful on a weekend). The choices the server would refuse as pointless are not offered.
 */
import { Alert, AutoComplete, Button, Flex, Form, Modal, Radio, Typography } from 'antd';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useI18n } from '../../../lib/i18n';
import { type HolidayDay, useClearDay, useSetDay } from '../api';
import { isWeekendKey, weekdayLabel } from '../month-grid';

interface Props {
  date: string | null;
  current: HolidayDay | undefined;
  /** Names already used this year, offered as suggestions. */
  names: string[];
  onClose: () => void;
}

export function DayModal(props: Props) {
  // Keyed by date: each opened date gets a fresh form and fresh mutation state.
  return props.date ? <DayModalBody key={props.date} {...props} date={props.date} /> : null;
}

function DayModalBody({ date, current, names, onClose }: Props & { date: string }) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<{ kind: HolidayDay['kind']; name: string }>();
  const setDay = useSetDay();
  const clearDay = useClearDay();
  const weekend = isWeekendKey(date);
  // A weekend off day that exists (part of an announced span) may be renamed; a new one is pointless.
  const offAllowed = !weekend || current?.kind === 'off';
  const workAllowed = weekend;
  const kind = Form.useWatch('kind', form);

  const save = async () => {
    const v = await form.validateFields();
    await setDay.mutateAsync({ date, kind: v.kind, name: v.name.trim() });
    onClose();
  };

  return (
    <Modal
      open
      title={`${date} ${weekdayLabel(date, locale)}`}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Flex justify="space-between">
          {current ? (
            <ConfirmButton
              confirm={t(`清除 ${date} 的设置？`, `Clear ${date}?`)}
              description={t(
                `清除后该日恢复为${weekend ? '周末休息' : '正常工作日'}，之后计算的期限随之改变。`,
                `It becomes a normal ${weekend ? 'weekend day' : 'working day'} again.`,
              )}
              loading={clearDay.isPending}
              onConfirm={async () => {
                await clearDay.mutateAsync(date);
                onClose();
              }}
            >
              {t('清除设置', 'Clear')}
            </ConfirmButton>
          ) : (
            <span />
          )}
          <Flex gap={8}>
            <Button onClick={onClose}>{t('取消', 'Cancel')}</Button>
            <Button type="primary" loading={setDay.isPending} onClick={save} disabled={!offAllowed && !workAllowed}>
              {t('保存', 'Save')}
            </Button>
          </Flex>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">
        {current
          ? t(
              `当前：${current.kind === 'off' ? '休息日' : '调休上班日'}（${current.name}）`,
              `Now: ${current.kind === 'off' ? 'day off' : 'make-up working day'} (${current.name})`,
            )
          : weekend
            ? t('当前：周末，默认休息', 'Now: weekend, off by default')
            : t('当前：工作日，默认上班', 'Now: weekday, working by default')}
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ kind: current?.kind ?? (weekend ? 'work' : 'off'), name: current?.name ?? '' }}
      >
        <Form.Item name="kind" label={t('设为', 'Set as')} rules={[{ required: true }]}>
          <Radio.Group>
            <Radio value="off" disabled={!offAllowed}>
              {t('休息（节假日）', 'Day off (holiday)')}
            </Radio>
            <Radio value="work" disabled={!workAllowed}>
              {t('调休上班', 'Make-up working day')}
            </Radio>
          </Radio.Group>
        </Form.Item>
        {!offAllowed || !workAllowed ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={
              weekend
                ? t('周末本来就休息，只能设为调休上班。', 'Weekends are off anyway: only a make-up day makes sense.')
                : t('工作日本来就上班，只能设为休息。', 'Weekdays are working anyway: only a day off makes sense.')
            }
          />
        ) : null}
        <Form.Item
          name="name"
          label={t('名称', 'Name')}
          rules={[{ required: true, whitespace: true, message: t('请填写节日名称，如“国庆节”', 'Enter a name') }]}
        >
          <AutoComplete
            aria-label={t('名称', 'Name')}
            options={names.map((n) => ({ value: n }))}
            placeholder={
              kind === 'work' ? t('如：国庆节（调休）', 'e.g. National Day') : t('如：国庆节', 'e.g. National Day')
            }
            maxLength={50}
            filterOption={(input, o) => String(o?.value ?? '').includes(input)}
          />
        </Form.Item>
      </Form>
      {setDay.isError ? <ErrorAlert error={setDay.error} /> : null}
      {clearDay.isError ? <ErrorAlert error={clearDay.error} /> : null}
    </Modal>
  );
}
