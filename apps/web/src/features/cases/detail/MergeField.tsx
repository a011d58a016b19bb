/**
 * The merge form's 合并到 field: the likely duplicates (GET /api/cases/:id/duplicates) to choose from, and a
 * look-up by case number for when they are empty or miss the right one (GET /api/cases?q=<number>, exact
 * match only). The field is always shown, so an empty choice says why instead of OK doing nothing.
 */
import type { CaseSummary } from '@grassroots/shared/cases/cases.schema';
import type { Page } from '@grassroots/shared/common/pagination';
import { Alert, Flex, Form, Input, Spin, Typography } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { api } from '../../../lib/api';
import { useI18n } from '../../../lib/i18n';
import { useAction } from '../../../lib/use-action';
import { useDuplicates } from './api';
import { type MergeMiss, mergeNumber, pickMergeTarget } from './case-detail.rules';
import { type Duplicate, DuplicatePicker } from './DuplicateList';

export function MergeField({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const dups = useDuplicates(caseId, true);
  if (dups.isLoading) return <Spin />;
  if (dups.error) return <ErrorAlert error={dups.error} onRetry={() => dups.refetch()} />;
  return (
    <>
      <Typography.Paragraph type="secondary">
        {t(
          '本诉求将以"重复"不予立案，并记录合并到所选诉求。',
          'This case will be closed as a duplicate of the one you choose.',
        )}
      </Typography.Paragraph>
      <Form.Item
        name="duplicateOf"
        label={t('合并到', 'Merge into')}
        rules={[
          {
            required: true,
            message: t(
              '请选择要合并到的诉求，或输入诉求编号查找',
              'Choose the case to merge into, or find it by number',
            ),
          },
        ]}
      >
        <MergeTargetPicker caseId={caseId} suggestions={dups.data?.items ?? []} />
      </Form.Item>
    </>
  );
}

interface PickerProps {
  caseId: string;
  suggestions: Duplicate[];
  id?: string;
  value?: string;
  onChange?: (id: string) => void;
}

/** Form.Item child (value / onChange = the id of the case to merge into). */
function MergeTargetPicker({ caseId, suggestions, id = 'duplicateOf', value, onChange }: PickerProps) {
  const { t } = useI18n();
  const [found, setFound] = useState<CaseSummary | null>(null);
  const [miss, setMiss] = useState<MergeMiss | null>(null);
  const lookup = useAction();
  const candidates: Duplicate[] =
    found && !suggestions.some((s) => s.id === found.id) ? [...suggestions, found] : suggestions;

  const search = (typed: string) => {
    setMiss(null);
    const number = mergeNumber(typed);
    if (typeof number !== 'string') return setMiss(number);
    return lookup.run(async () => {
      const hits = await api.get<Page<CaseSummary>>('/api/cases', { q: number, pageSize: 5 });
      const r = pickMergeTarget(hits.items, number, caseId);
      if (!r.ok) return setMiss(r);
      setFound(r.target);
      onChange?.(r.target.id);
    });
  };

  const numberId = `${id}-number`;
  return (
    <Flex vertical gap={12}>
      {suggestions.length ? null : (
        <Typography.Text type="secondary">
          {t(
            '未发现可能重复的诉求，请输入要合并到的诉求编号查找。',
            'No likely duplicates found: enter the number of the case to merge into.',
          )}
        </Typography.Text>
      )}
      {candidates.length ? <DuplicatePicker id={id} items={candidates} value={value} onChange={onChange} /> : null}
      <Flex vertical gap={4}>
        <label htmlFor={numberId}>
          {suggestions.length
            ? t('不在上面？按编号查找', 'Not listed? Find it by number')
            : t('按编号查找', 'Find by number')}
        </label>
        <Input.Search
          id={numberId}
          autoComplete="off"
          allowClear
          placeholder={t('如 20261123-000042', 'e.g. 20261123-000042')}
          enterButton={t('查找', 'Find')}
          loading={lookup.busy}
          // Enter looks the number up; it must not submit the action form.
          onPressEnter={(e) => e.preventDefault()}
          onSearch={(v, _e, info) => {
            if (info?.source !== 'clear') search(v);
          }}
          style={{ maxWidth: 360 }}
        />
      </Flex>
      {miss ? <Alert type="warning" showIcon role="alert" title={<MissText miss={miss} />} /> : null}
      <ErrorAlert error={lookup.error} />
    </Flex>
  );
}

function MissText({ miss }: { miss: MergeMiss }) {
  const { t } = useI18n();
  const n = miss.number;
  switch (miss.why) {
    case 'format':
      return t('请输入完整的诉求编号，如 20261123-000042', 'Enter the full case number, e.g. 20261123-000042');
    case 'self':
      return t('不能合并到本诉求自身', 'A case cannot be merged into itself');
    case 'closed':
      return t(`诉求 ${n} 已不予立案或已被合并，不能合并到它`, `Case ${n} is rejected or merged; choose another`);
    default:
      return t(`未找到编号为 ${n} 的诉求（或不在您的管辖范围内）`, `No case ${n} found (or it is outside your areas)`);
  }
}
