/**
 * /h5/household 我的家庭 — what the ledger holds about the resident's household: the address, the members with
 * ID numbers and phones masked (even their own: the phone may be shared), and what they can do about it
 * (PIPL): ask for a correction, ask to erase a member's data, download everything as a file.
 */
import { DownloadOutlined, EditOutlined, LinkOutlined, UserDeleteOutlined } from '@ant-design/icons';
import { ageGroupOf } from '@grassroots/shared/ledger/ledger.rules';
import {
  type LedgerRequestView,
  ledgerRequestKindLabels,
  ledgerRequestStatusLabels,
} from '@grassroots/shared/ledger/ledger.schema';
import { App, Button, Card, Flex, List, Skeleton, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { RequireLogin } from '../../../components/RequireLogin';
import { useI18n } from '../../../lib/i18n';
import { useAction } from '../../../lib/use-action';
import { ageGroupLabel, genderLabel, relationLabel } from '../../ledger/ledger-labels';
import { downloadMyData, type MyHousehold, type MyMember, useMyHousehold } from '../api';
import { type RequestKind, RequestModal } from '../components/RequestModal';

export function MyHouseholdPage() {
  return (
    <RequireLogin loginPath="/h5/login">
      <MyHouseholdView />
    </RequireLogin>
  );
}

function MyHouseholdView() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const q = useMyHousehold();
  const download = useAction();

  const save = () =>
    download.run(async () => {
      const name = await downloadMyData(locale);
      message.success(t(`已下载 ${name}`, `Downloaded ${name}`));
    });

  if (q.isPending) return <Skeleton active />;
  if (q.error) return <ErrorAlert error={q.error} onRetry={() => q.refetch()} />;
  const items = q.data.items;
  if (!items.length)
    return (
      <Card>
        <Typography.Paragraph>
          {t('您还没有已确认的住户。', 'You have no confirmed household yet.')}
        </Typography.Paragraph>
        <Link to="/h5/link">
          <Button type="primary" size="large" block icon={<LinkOutlined />}>
            {t('申请关联住户', 'Ask to link a household')}
          </Button>
        </Link>
      </Card>
    );
  return (
    <Flex vertical gap={12}>
      {items.map((h) => (
        <HouseholdCard key={h.id} h={h} />
      ))}
      <Card>
        <Typography.Paragraph style={{ marginTop: 0 }}>
          {t(
            '您可以下载本户在台账中的全部信息（含完整身份证号，请妥善保存）。',
            'You can download everything the ledger holds about your household (full ID numbers included: keep it safe).',
          )}
        </Typography.Paragraph>
        {download.error ? <ErrorAlert error={download.error} style={{ marginBottom: 12 }} /> : null}
        <Button size="large" block icon={<DownloadOutlined />} loading={download.busy} onClick={save}>
          {t('下载我的数据', 'Download my data')}
        </Button>
      </Card>
    </Flex>
  );
}

function HouseholdCard({ h }: { h: MyHousehold }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [asking, setAsking] = useState<RequestKind | null>(null);
  return (
    <>
      <Card>
        <Typography.Title level={2} style={{ fontSize: '1.2em', marginTop: 0 }}>
          {h.address}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {h.gridName}
          {h.phone ? ` · ${t('电话', 'Phone')} ${h.phone}` : ''}
        </Typography.Paragraph>
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          {t(
            '身份证号和电话已脱敏显示。如信息有误，可申请更正。',
            'ID numbers and phones are shown masked. If something is wrong, ask for a correction.',
          )}
        </Typography.Paragraph>
      </Card>
      <Card
        title={
          <h2 style={{ fontSize: '1.1em', margin: 0 }}>
            {t(`家庭成员（${h.members.length}）`, `Members (${h.members.length})`)}
          </h2>
        }
      >
        <List
          dataSource={h.members}
          rowKey="id"
          // antd's own empty text is too pale for the contrast check.
          locale={{
            emptyText: (
              <Typography.Text type="secondary">{t('台账中暂无成员', 'No members in the ledger')}</Typography.Text>
            ),
          }}
          renderItem={(m) => <MemberItem m={m} />}
        />
        <Flex vertical gap={10} style={{ marginTop: 12 }}>
          <Button type="primary" size="large" block icon={<EditOutlined />} onClick={() => setAsking('correction')}>
            {t('申请更正', 'Ask for a correction')}
          </Button>
          <Button size="large" block danger icon={<UserDeleteOutlined />} onClick={() => setAsking('erasure')}>
            {t('申请注销个人信息', 'Ask to erase personal data')}
          </Button>
        </Flex>
      </Card>
      {h.requests.length ? <RequestsCard requests={h.requests} /> : null}
      <RequestModal
        kind={asking}
        members={h.members}
        onClose={() => setAsking(null)}
        onSent={(k) => {
          setAsking(null);
          message.success(
            k === 'erasure'
              ? t('注销申请已提交，工作人员核实后办理', 'Sent; the staff will check and handle it')
              : t('更正申请已提交', 'Correction request sent'),
          );
        }}
      />
    </>
  );
}

function MemberItem({ m }: { m: MyMember }) {
  const { t, locale } = useI18n();
  const group = m.birthDate ? ageGroupOf(m.birthDate, dayjs().format('YYYY-MM-DD')) : null;
  return (
    <List.Item>
      <Flex vertical gap={2} style={{ width: '100%' }}>
        <Flex gap={8} align="center" wrap>
          <Typography.Text strong style={{ fontSize: '1.1em' }}>
            {m.name}
          </Typography.Text>
          <Tag>{relationLabel(m.relation, locale)}</Tag>
          {m.gender ? <span>{genderLabel(m.gender, locale)}</span> : null}
        </Flex>
        <span>
          {t('身份证', 'ID')} {m.idNumber ?? t('未登记', 'not recorded')}
        </span>
        <span>
          {t('电话', 'Phone')} {m.phone ?? t('未登记', 'not recorded')}
        </span>
        {group ? <Typography.Text type="secondary">{ageGroupLabel(group, locale)}</Typography.Text> : null}
      </Flex>
    </List.Item>
  );
}

function RequestsCard({ requests }: { requests: LedgerRequestView[] }) {
  const { t, tl } = useI18n();
  return (
    <Card title={<h2 style={{ fontSize: '1.1em', margin: 0 }}>{t('我的申请', 'My requests')}</h2>}>
      <List
        dataSource={requests}
        rowKey="id"
        renderItem={(r) => (
          <List.Item>
            <Flex vertical gap={4} style={{ width: '100%' }}>
              <Flex gap={8} wrap>
                <Tag color={r.kind === 'erasure' ? 'red' : 'blue'}>{tl(ledgerRequestKindLabels[r.kind])}</Tag>
                <Tag color={r.status === 'open' ? 'gold' : r.status === 'done' ? 'green' : 'default'}>
                  {tl(ledgerRequestStatusLabels[r.status])}
                </Tag>
                {r.personName ? <span>{r.personName}</span> : null}
              </Flex>
              <span>{r.message}</span>
              {r.resolution ? (
                <Typography.Text type="secondary">
                  {t(`答复：${r.resolution}`, `Reply: ${r.resolution}`)}
                </Typography.Text>
              ) : null}
            </Flex>
          </List.Item>
        )}
      />
    </Card>
  );
}
