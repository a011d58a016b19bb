/**
 * A person's or household's tags: the open ones as tags, the sensitive ones only as a count ("敏感标签 N"),
 * never by name — unless the caller passes the unmasked list (shown while an unmask dialog is open).
 */
import { LockOutlined } from '@ant-design/icons';
import { Flex, Tag, Tooltip } from 'antd';
import { useI18n } from '../../../lib/i18n';
import { tagLabel } from '../ledger-labels';

export interface TagListProps {
  tags: string[];
  sensitiveTagCount?: number;
  /** Clear sensitive tags (after an unmask). */
  sensitiveTags?: string[] | null;
}

export function TagList({ tags, sensitiveTagCount = 0, sensitiveTags }: TagListProps) {
  const { t, locale } = useI18n();
  if (!tags.length && !sensitiveTagCount && !sensitiveTags?.length) return <span>—</span>;
  return (
    <Flex gap={4} wrap>
      {tags.map((tag) => (
        <Tag key={tag} style={{ marginInlineEnd: 0 }}>
          {tagLabel(tag, locale)}
        </Tag>
      ))}
      {sensitiveTags
        ? sensitiveTags.map((tag) => (
            <Tag key={tag} color="orange" style={{ marginInlineEnd: 0 }}>
              {tagLabel(tag, locale)}
            </Tag>
          ))
        : sensitiveTagCount > 0 && (
            <Tooltip title={t('敏感标签不公开显示，需查看明文', 'Sensitive tags are hidden; unmask to see them')}>
              <Tag icon={<LockOutlined />} color="purple" style={{ marginInlineEnd: 0 }}>
                {t(`敏感标签 ${sensitiveTagCount}`, `Sensitive ${sensitiveTagCount}`)}
              </Tag>
            </Tooltip>
          )}
    </Flex>
  );
}
