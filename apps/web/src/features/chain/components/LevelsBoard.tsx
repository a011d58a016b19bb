/** The five levels of an area as cards: people, duty labels as tags, duty phone; edit and remove for writers. */
import { DeleteOutlined, EditOutlined, PhoneOutlined } from '@ant-design/icons';
import type { ChainView } from '@grassroots/shared/chain/chain.schema';
import { Button, Card, Empty, Flex, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { api } from '../../../lib/api';
import { useI18n } from '../../../lib/i18n';
import { useChainMutation } from '../api';
import { EditLabelsModal } from './AddMemberModal';

type Person = ChainView['levels'][number]['people'][number];

export function LevelsBoard({ view }: { view: ChainView }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState<Person | null>(null);
  const remove = useChainMutation((grantId: string) => api.delete(`/api/chain/members/${grantId}`));
  return (
    <Flex vertical gap={12}>
      {view.levels.map((level) => (
        <Card
          key={level.level}
          size="small"
          title={
            <Space>
              <Tag color="red">L{level.level}</Tag>
              {level.label}
            </Space>
          }
          extra={
            <Typography.Text type="secondary">
              {t(`${level.people.length} 人`, `${level.people.length}`)}
            </Typography.Text>
          }
        >
          {level.people.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('尚未配备', 'Nobody assigned yet')} />
          ) : (
            <List
              dataSource={level.people}
              rowKey={(p) => `${p.via}-${p.grantId}`}
              renderItem={(p) => (
                <List.Item
                  actions={[
                    p.allowedActions.includes('editLabels') ? (
                      <Button
                        key="edit"
                        type="link"
                        icon={<EditOutlined />}
                        onClick={() => setEditing(p)}
                        aria-label={t(`修改 ${p.name} 的职责标签`, `Edit labels of ${p.name}`)}
                      >
                        {t('标签', 'Labels')}
                      </Button>
                    ) : null,
                    p.allowedActions.includes('remove') ? (
                      <ConfirmButton
                        key="remove"
                        type="link"
                        icon={<DeleteOutlined />}
                        confirm={t(`确定移除 ${p.name}？`, `Remove ${p.name}?`)}
                        description={t('将撤销其在该区域的此项角色', 'This revokes the role on this area')}
                        onConfirm={() => remove.mutateAsync(p.grantId)}
                      >
                        {t('移除', 'Remove')}
                      </ConfirmButton>
                    ) : null,
                  ].filter(Boolean)}
                >
                  <List.Item.Meta
                    title={
                      <Space wrap>
                        <span>{p.name}</span>
                        {p.areaName ? <Typography.Text type="secondary">{p.areaName}</Typography.Text> : null}
                        {p.via === 'community_link' ? <Tag color="gold">{t('包联社区', 'Linked leader')}</Tag> : null}
                        {p.linkedHouseholds !== undefined ? (
                          <Tag color="blue">
                            {t(`包联 ${p.linkedHouseholds} 户`, `${p.linkedHouseholds} households`)}
                          </Tag>
                        ) : null}
                      </Space>
                    }
                    description={
                      <Space wrap size={[4, 4]}>
                        {p.dutyLabels.map((l) => (
                          <Tag key={l} color="volcano">
                            {l}
                          </Tag>
                        ))}
                        {p.dutyPhone ? (
                          <a href={`tel:${p.dutyPhone}`}>
                            <PhoneOutlined /> {p.dutyPhone}
                          </a>
                        ) : (
                          <Typography.Text type="secondary">{t('未登记值班电话', 'No duty phone')}</Typography.Text>
                        )}
                      </Space>
                    }
                  />
                </List.Item>
              )}
            />
          )}
        </Card>
      ))}
      <EditLabelsModal
        grantId={editing?.grantId ?? null}
        labels={editing?.dutyLabels ?? []}
        name={editing?.name ?? ''}
        onClose={() => setEditing(null)}
      />
    </Flex>
  );
}
