/**
 * 代居民上报: the grid worker finds a household of their grid (GET /api/households?q=, scoped by the server)
 * and picks it. Works as a Form.Item child (value / onChange = the household id). A value the picker did not
 * choose itself (the form kept it while 更换类别 remounted this) is fetched and shown, or cleared when it can
 * no longer be read: the form never sends a household the worker cannot see.
 */
import { CheckOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Input, List, Skeleton, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useI18n } from '../../../lib/i18n';
import { type HouseholdView, useHouseholds } from '../../places/api';
import { useHousehold } from '../api';
import { bigButton } from './CategoryPicker';

export interface HouseholdPickerProps {
  value?: string;
  onChange?: (id: string | undefined) => void;
  id?: string;
}

export function HouseholdPicker({ value, onChange, id }: HouseholdPickerProps) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [chosen, setChosen] = useState<HouseholdView | null>(null);
  const list = useHouseholds({ q: q || undefined, page: 1, pageSize: 5 }, !value);
  const picked = value && chosen?.id === value ? chosen : null;
  const lookup = useHousehold(value && !picked ? value : undefined);
  const shown = picked ?? (value && lookup.data?.id === value ? lookup.data : null);
  const unreadable = !!value && !picked && lookup.isError;
  useEffect(() => {
    if (unreadable) onChange?.(undefined);
  }, [unreadable, onChange]);

  if (shown)
    return (
      <Flex vertical gap={8}>
        <Typography.Text strong style={{ fontSize: '1.1em' }}>
          <CheckOutlined aria-hidden /> {shown.address}
        </Typography.Text>
        {shown.headName ? (
          <Typography.Text type="secondary">
            {t(`户主：${shown.headName}`, `Head: ${shown.headName}`)}
            {shown.phoneMasked ? ` · ${shown.phoneMasked}` : ''}
          </Typography.Text>
        ) : null}
        <Button
          onClick={() => {
            setChosen(null);
            onChange?.(undefined);
          }}
        >
          {t('更换住户', 'Choose another household')}
        </Button>
      </Flex>
    );
  // The household of a kept value is on its way (or about to be cleared): no search list meanwhile.
  if (value) return <Skeleton active paragraph={{ rows: 1 }} />;

  return (
    <Flex vertical gap={8}>
      <Input.Search
        id={id}
        size="large"
        allowClear
        placeholder={t('地址、户主或完整电话号码', 'Address, head of household or full phone')}
        onSearch={(v) => setQ(v.trim())}
        enterButton={t('搜索', 'Search')}
      />
      {list.error ? <ErrorAlert error={list.error} onRetry={() => list.refetch()} /> : null}
      <List
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        rowKey="id"
        locale={{ emptyText: <Empty description={t('没有找到住户', 'No household found')} /> }}
        renderItem={(h) => (
          <List.Item>
            <Button
              block
              size="large"
              style={{ ...bigButton, textAlign: 'start' }}
              onClick={() => {
                setChosen(h);
                onChange?.(h.id);
              }}
            >
              <Flex vertical align="start" style={{ width: '100%' }}>
                <span>{h.address}</span>
                <span style={{ color: 'rgba(0,0,0,0.65)', fontSize: '0.9em' }}>
                  {[h.headName, h.phoneMasked].filter(Boolean).join(' · ')}
                  {h.noSmartphone ? (
                    <Tag color="orange" style={{ marginInlineStart: 6 }}>
                      {t('无智能手机', 'No smartphone')}
                    </Tag>
                  ) : null}
                </span>
              </Flex>
            </Button>
          </List.Item>
        )}
      />
    </Flex>
  );
}
