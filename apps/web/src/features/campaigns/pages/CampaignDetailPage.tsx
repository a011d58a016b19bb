/**
 * /console/campaigns/:id — one campaign: its target and questions; start (locks the household list) and close,
 * both confirmed; coverage per grid (bars and chart); the households not reached yet; the Excel export.
 */
import { DownloadOutlined, EditOutlined, PlayCircleOutlined, StopOutlined } from '@ant-design/icons';
import { campaignFieldTypeLabels } from '@grassroots/shared/campaigns/campaigns.rules';
import type { CampaignTarget } from '@grassroots/shared/campaigns/campaigns.schema';
import { ageGroupLabels } from '@grassroots/shared/ledger/ledger.rules';
import { App, Button, Card, Descriptions, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { ErrorAlert, errorMessage } from '../../../components/ErrorAlert';
import { PageHeader } from '../../../components/PageHeader';
import { formatDateTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import { type CampaignView, downloadCampaignXlsx, useCampaign, useCampaignTransition } from '../api';
import { CampaignFormModal } from '../components/CampaignFormModal';
import { CampaignStatusTag } from '../components/CampaignStatusTag';
import { CoverageCard } from '../components/CoverageCard';
import { PendingHouseholds } from '../components/PendingHouseholds';

export function CampaignDetailPage() {
  const { id = '' } = useParams();
  const campaign = useCampaign(id);
  if (campaign.isPending) return <Skeleton active />;
  if (!campaign.data) return <ErrorAlert error={campaign.error} onRetry={() => campaign.refetch()} />;
  return <CampaignDetail c={campaign.data} />;
}

function useTargetText() {
  const { t, tl } = useI18n();
  return (target: CampaignTarget) => {
    const parts = [
      target.tags?.length
        ? t(`标签：${target.tags.join('、')}（任一）`, `Tags: ${target.tags.join(', ')} (any)`)
        : null,
      target.noSmartphone ? t('无智能手机', 'No smartphone') : null,
      target.ageGroup
        ? t(`有${tl(ageGroupLabels[target.ageGroup])}成员`, `A member aged ${tl(ageGroupLabels[target.ageGroup])}`)
        : null,
    ].filter(Boolean);
    return parts.length ? parts.join(t('；', '; ')) : t('范围内全部住户', 'Every household of the area');
  };
}

function CampaignDetail({ c }: { c: CampaignView }) {
  const { t, tl, locale } = useI18n();
  const { message } = App.useApp();
  const targetText = useTargetText();
  const transition = useCampaignTransition(c.id);
  const [editing, setEditing] = useState(false);
  const [exporting, setExporting] = useState(false);
  const can = (a: CampaignView['allowedActions'][number]) => c.allowedActions.includes(a);
  const exportXlsx = async () => {
    setExporting(true);
    try {
      const name = await downloadCampaignXlsx(c.id, locale);
      message.success(t(`已导出：${name}`, `Exported: ${name}`));
    } catch (e) {
      message.error(errorMessage(e, t('导出失败', 'Export failed')));
    } finally {
      setExporting(false);
    }
  };
  return (
    <>
      <PageHeader
        back="/console/campaigns"
        title={c.name}
        subtitle={
          <Space size={8} wrap>
            <CampaignStatusTag status={c.status} />
            <span>
              {c.areaName} · {c.startsOn} ~ {c.endsOn}
            </span>
          </Space>
        }
        extra={
          <>
            {can('update') ? (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                {t('编辑', 'Edit')}
              </Button>
            ) : null}
            {can('start') ? (
              <ConfirmButton
                type="primary"
                danger={false}
                icon={<PlayCircleOutlined />}
                confirm={t('确定启动该摸排任务？', 'Start this campaign?')}
                description={t(
                  '启动后将按条件锁定对象住户清单，问卷和对象不能再修改。',
                  'The household list is fixed at start; questions and target can no longer change.',
                )}
                okText={t('启动', 'Start')}
                onConfirm={() => transition.mutateAsync({ action: 'start', version: c.version })}
              >
                {t('启动', 'Start')}
              </ConfirmButton>
            ) : null}
            {can('close') ? (
              <ConfirmButton
                icon={<StopOutlined />}
                confirm={t('确定结束该摸排任务？', 'Close this campaign?')}
                description={t('结束后网格员不能再登记走访。', 'Grid workers can no longer record visits.')}
                okText={t('结束', 'Close')}
                onConfirm={() => transition.mutateAsync({ action: 'close', version: c.version })}
              >
                {t('结束任务', 'Close')}
              </ConfirmButton>
            ) : null}
            {can('export') ? (
              <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportXlsx}>
                {t('导出 Excel', 'Export to Excel')}
              </Button>
            ) : null}
          </>
        }
      />
      <Card title={t('任务信息', 'About')} style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('摸排范围', 'Area')}>{c.areaName}</Descriptions.Item>
          <Descriptions.Item label={t('摸排对象', 'Target')}>{targetText(c.target)}</Descriptions.Item>
          <Descriptions.Item label={t('创建人', 'Created by')}>
            {c.createdBy.name} · {formatDateTime(c.createdAt)}
          </Descriptions.Item>
          {c.description ? (
            <Descriptions.Item label={t('说明', 'Description')}>{c.description}</Descriptions.Item>
          ) : null}
        </Descriptions>
        <Typography.Title level={2} style={{ fontSize: '1em', marginTop: 12 }}>
          {t('走访问卷', 'Questions')}
        </Typography.Title>
        <ol style={{ margin: 0, paddingInlineStart: 20 }}>
          {c.form.map((f) => (
            <li key={f.code} style={{ marginBottom: 4 }}>
              {locale === 'en' && f.labelEn ? f.labelEn : f.label} <Tag>{tl(campaignFieldTypeLabels[f.datatype])}</Tag>
              {f.required ? <Tag color="red">{t('必填', 'Required')}</Tag> : null}
              {f.options.length ? <Typography.Text type="secondary">{f.options.join(' / ')}</Typography.Text> : null}
            </li>
          ))}
        </ol>
      </Card>
      {c.status === 'draft' ? (
        <Card>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t(
              '草稿：启动后按条件生成对象住户清单，网格员即可在手机上走访登记。',
              'Draft: starting it builds the household list and opens it to grid workers.',
            )}
          </Typography.Paragraph>
        </Card>
      ) : (
        <>
          <CoverageCard campaignId={c.id} />
          <PendingHouseholds campaignId={c.id} />
        </>
      )}
      <CampaignFormModal open={editing} campaign={c} onClose={() => setEditing(false)} />
    </>
  );
}
