/**
 * Likely duplicates of a case (GET /api/cases/:id/duplicates): the registrar's "可能重复" card and the merge
 * form's choice (which may also hold a case found by its number, without a match reason). Each row links to
 * the other case; `onChoose` adds a 合并到此 button.
 */
import { Button, Flex, List, Radio, Tag, Typography, theme } from 'antd';
import { Link } from 'react-router';
import { CaseStatusTag } from '../../../components/case/CaseStatusTag';
import { formatDateTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import type { CaseDuplicate } from './api';

/** A likely duplicate, or a case the registrar found by its number (no `match`). */
export type Duplicate = Omit<CaseDuplicate, 'match'> & { match?: CaseDuplicate['match'] };

function DuplicateRow({ c }: { c: Duplicate }) {
  const { t } = useI18n();
  const why = !c.match
    ? t('按编号查找', 'Found by number')
    : c.match.reason === 'household'
      ? t('同一住户', 'Same household')
      : c.match.reason === 'building'
        ? t('同一楼栋', 'Same building')
        : t(`相距约 ${c.match.distanceM ?? '?'} 米`, `About ${c.match.distanceM ?? '?'} m away`);
  return (
    <Flex vertical gap={2} style={{ minWidth: 0 }}>
      <Flex gap={8} wrap align="center">
        <Link to={`/console/cases/${c.id}`} target="_blank">
          {c.number}
        </Link>
        <CaseStatusTag status={c.status} />
        <Typography.Text type="secondary">{c.categoryName}</Typography.Text>
        <Tag>{why}</Tag>
      </Flex>
      <Typography.Text ellipsis={{ tooltip: c.description }} style={{ maxWidth: 520 }}>
        {c.description}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {[c.address, c.areaName, formatDateTime(c.createdAt)].filter(Boolean).join(' · ')}
      </Typography.Text>
    </Flex>
  );
}

/** Read-only list, with a 合并到此 button per row when merging is allowed. */
export function DuplicateList({ items, onChoose }: { items: Duplicate[]; onChoose?: (c: Duplicate) => void }) {
  const { t } = useI18n();
  return (
    <List
      size="small"
      dataSource={items}
      renderItem={(c) => (
        <List.Item
          actions={
            onChoose
              ? [
                  <Button
                    key="merge"
                    size="small"
                    danger
                    onClick={() => onChoose(c)}
                    aria-label={t(`合并到 ${c.number}`, `Merge into ${c.number}`)}
                  >
                    {t('合并到此', 'Merge into this')}
                  </Button>,
                ]
              : undefined
          }
        >
          <DuplicateRow c={c} />
        </List.Item>
      )}
    />
  );
}

/** The merge form's control: one radio per duplicate (Form.Item child: value / onChange = case id). */
export function DuplicatePicker({
  items,
  value,
  onChange,
  id,
}: {
  items: Duplicate[];
  value?: string;
  onChange?: (id: string) => void;
  id?: string;
}) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  return (
    <Radio.Group id={id} value={value} onChange={(e) => onChange?.(e.target.value)} style={{ width: '100%' }}>
      {/* A radio group sets font-size 0 for its buttons; the rows beside the radios need the normal size back. */}
      <Flex vertical gap={8} style={{ fontSize: token.fontSize }}>
        {items.map((c) => (
          <Flex key={c.id} gap={12} align="start" style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: 8 }}>
            <Radio value={c.id} style={{ whiteSpace: 'nowrap' }}>
              {t('合并到此', 'Merge into this')}
              <span className="gr-visually-hidden">{c.number}</span>
            </Radio>
            <DuplicateRow c={c} />
          </Flex>
        ))}
      </Flex>
    </Radio.Group>
  );
}
