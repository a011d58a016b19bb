/** Page title row: title (an h1, one per page), optional subtitle, actions on the right. */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useI18n } from '../lib/i18n';

export interface PageHeaderProps {
  title: ReactNode;
  subtitle?: ReactNode;
  extra?: ReactNode;
  /** Show a back arrow: `true` goes back in history, a string navigates to that path. */
  back?: boolean | string;
}

export function PageHeader({ title, subtitle, extra, back }: PageHeaderProps) {
  const navigate = useNavigate();
  const { t } = useI18n();
  return (
    <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
      <Flex align="center" gap={8} style={{ minWidth: 0 }}>
        {back ? (
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            aria-label={t('返回', 'Back')}
            onClick={() => (typeof back === 'string' ? navigate(back) : navigate(-1))}
          />
        ) : null}
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={1} style={{ fontSize: '1.5em', margin: 0 }}>
            {title}
          </Typography.Title>
          {subtitle ? <Typography.Text type="secondary">{subtitle}</Typography.Text> : null}
        </div>
      </Flex>
      {extra ? (
        <Flex gap={8} wrap>
          {extra}
        </Flex>
      ) : null}
    </Flex>
  );
}
