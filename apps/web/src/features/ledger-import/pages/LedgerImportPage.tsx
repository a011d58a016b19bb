/**
 * /console/ledger/import — the Excel import wizard: upload → check (the server parses in the background; the
 * page polls) → preview and decisions → one all-or-nothing import (polled again) → result. The import's id is
 * in the URL (?id=), so a reload or a second tab comes back to the same step.
 */
import { Skeleton, Steps } from 'antd';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageHeader } from '../../../components/PageHeader';
import { useI18n } from '../../../lib/i18n';
import { type ImportView, useImport } from '../api';
import { PreviewCard } from '../components/PreviewCard';
import { ProgressCard, ResultCard } from '../components/StatusCards';
import { UploadCard } from '../components/UploadCard';

const stepOf = (s: ImportView['status'] | undefined) =>
  !s || s === 'parsing' ? (s ? 1 : 0) : s === 'preview' ? 1 : s === 'committing' ? 2 : 3;

export function LedgerImportPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const id = params.get('id');
  const imp = useImport(id);
  const view = imp.data;
  const restart = () => setParams({}, { replace: false });

  let body: React.ReactNode;
  if (!id) body = <UploadCard onUploaded={(newId) => setParams({ id: newId })} />;
  else if (imp.error) body = <ErrorAlert error={imp.error} onRetry={() => imp.refetch()} />;
  else if (!view) body = <Skeleton active />;
  else if (view.status === 'parsing' || view.status === 'committing') body = <ProgressCard view={view} />;
  else if (view.status === 'preview') body = <PreviewCard key={view.id} view={view} />;
  else body = <ResultCard view={view} onRestart={restart} />;

  return (
    <>
      <PageHeader
        title={t('导入台账', 'Import the ledger')}
        subtitle={t(
          '从 Excel 批量导入住户人员：逐行检查、处理重复，确认后一次性整体导入',
          'Bulk-import residents from Excel: every row checked, duplicates decided, then imported all at once',
        )}
      />
      <Steps
        size="small"
        current={stepOf(view?.status)}
        status={view?.status === 'committed' ? 'finish' : view?.status === 'failed' ? 'error' : 'process'}
        style={{ marginBottom: 24 }}
        items={[
          { title: t('上传文件', 'Upload') },
          { title: t('检查与处理', 'Check & decide') },
          { title: t('导入', 'Import') },
          { title: t('完成', 'Done') },
        ]}
      />
      {body}
    </>
  );
}
