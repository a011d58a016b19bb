/**
 * Step 2: the preview. Counters, a filter (rows with problems / duplicates / all), the rows with a choice each,
 * bulk choices (skip every problem row; one decision for every duplicate), then the one commit — enabled once
 * nothing blocks it, and confirmed first since it writes everything at once.
 */
import { importDecisionLabels, importDecisions } from '@grassroots/shared/ledger-import/ledger-import.rules';
import { Alert, Button, Card, Flex, Radio, Segmented, Statistic, Typography } from 'antd';
import { useState } from 'react';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useI18n } from '../../../lib/i18n';
import { usePaging } from '../../../lib/use-paging';
import { type ImportDecision, type ImportRowFilter, type ImportView, useImportActions, useImportRows } from '../api';
import { PreviewTable } from './PreviewTable';

export function PreviewCard({ view }: { view: ImportView }) {
  const { t, tl } = useI18n();
  const paging = usePaging(20);
  const initial: ImportRowFilter = view.errorRows ? 'problems' : view.duplicateRows ? 'duplicates' : 'all';
  const [filter, setFilter] = useState<ImportRowFilter>(initial);
  const rows = useImportRows(view.id, { filter, page: paging.page, pageSize: paging.pageSize }, true);
  const actions = useImportActions(view.id);
  const busy = actions.decide.isPending || actions.commit.isPending || actions.cancel.isPending;
  const decide = async (body: Parameters<typeof actions.decide.mutateAsync>[0]) => {
    await actions.decide.mutateAsync(body);
    await rows.refetch();
  };
  const toWrite = view.totalRows - view.skippedRows;
  const error = actions.decide.error ?? actions.commit.error ?? actions.cancel.error ?? rows.error;

  return (
    <Card
      title={t(`检查结果：${view.fileName}`, `Check results: ${view.fileName}`)}
      extra={
        <ConfirmButton
          confirm={t('取消本次导入？', 'Cancel this import?')}
          description={t(
            '已上传的数据将被删除，台账不会有任何变化。',
            'The uploaded rows are deleted; the ledger stays as it is.',
          )}
          disabled={busy}
          onConfirm={() => actions.cancel.mutateAsync()}
        >
          {t('取消导入', 'Cancel import')}
        </ConfirmButton>
      }
    >
      <Flex vertical gap={16}>
        <Flex gap={32} wrap>
          <Statistic title={t('总行数', 'Rows')} value={view.totalRows} />
          <Statistic title={t('有问题的行', 'Rows with problems')} value={view.errorRows} />
          <Statistic title={t('重复记录', 'Duplicates')} value={view.duplicateRows} />
          <Statistic title={t('已跳过', 'Skipped')} value={view.skippedRows} />
          <Statistic title={t('待处理', 'To resolve')} value={view.blockingRows} />
        </Flex>
        {view.ignoredColumns.length ? (
          <Alert
            type="info"
            showIcon
            message={t(
              `以下列不是模板列，已忽略：${view.ignoredColumns.join('、')}`,
              `These columns are not in the template and were ignored: ${view.ignoredColumns.join(', ')}`,
            )}
          />
        ) : null}
        <Flex gap={12} wrap align="center" justify="space-between">
          <Segmented<ImportRowFilter>
            value={filter}
            onChange={paging.resetting(setFilter)}
            options={[
              { value: 'problems', label: t(`有问题（${view.errorRows}）`, `Problems (${view.errorRows})`) },
              { value: 'duplicates', label: t(`重复（${view.duplicateRows}）`, `Duplicates (${view.duplicateRows})`) },
              { value: 'all', label: t(`全部（${view.totalRows}）`, `All (${view.totalRows})`) },
            ]}
          />
          <Flex gap={12} wrap align="center">
            <Button disabled={busy || view.errorRows === 0} onClick={() => decide({ skipProblems: true })}>
              {t('跳过全部问题行', 'Skip every row with problems')}
            </Button>
            <Typography.Text id="ledger-import-bulk">{t('全部重复记录：', 'All duplicates:')}</Typography.Text>
            <Radio.Group
              optionType="button"
              size="small"
              disabled={busy || view.duplicateRows === 0}
              aria-labelledby="ledger-import-bulk"
              value={null}
              onChange={(e) => decide({ all: e.target.value as ImportDecision })}
              options={importDecisions.map((d) => ({ value: d, label: tl(importDecisionLabels[d]) }))}
            />
          </Flex>
        </Flex>
        <ErrorAlert error={error} />
        <PreviewTable
          rows={rows.data?.items ?? []}
          total={rows.data?.total ?? 0}
          loading={rows.isFetching}
          paging={paging}
          busy={busy}
          onDecide={(rowNo, decision) => decide({ decisions: [{ rowNo, decision }] })}
        />
        {view.blockingRows > 0 ? (
          <Alert
            type="warning"
            showIcon
            message={t(
              `还有 ${view.blockingRows} 行需要处理：有问题的行请修正后重新上传或选择跳过；重复记录请选择跳过、更新已有或保留两条。`,
              `${view.blockingRows} rows still need a decision: skip rows with problems (or fix and upload again) and choose skip, update or keep for each duplicate.`,
            )}
          />
        ) : null}
        <Flex justify="flex-end">
          <ConfirmButton
            type="primary"
            danger={false}
            disabled={busy || view.blockingRows > 0 || toWrite === 0}
            confirm={t(`确认导入 ${toWrite} 行？`, `Import ${toWrite} rows?`)}
            description={t(
              '导入为整体提交：任何一处出错，所有数据都不会写入。',
              'The import is all or nothing: if anything fails, nothing is written.',
            )}
            okText={t('开始导入', 'Import')}
            onConfirm={() => actions.commit.mutateAsync(view.version)}
          >
            {t('确认导入', 'Import')}
          </ConfirmButton>
        </Flex>
      </Flex>
    </Card>
  );
}
