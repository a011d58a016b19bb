/**
 * A case's history (its events, oldest first): what happened (action label), the status change, who and
 * when, the note or reason, and the photos (thumbnails that open a preview). Used by the console detail page
 * and, `compact`, by the resident's phone pages.
 */
import { caseActionLabels, caseStatusLabels } from '@grassroots/shared/cases/cases.lifecycle';
import type { CaseEvent } from '@grassroots/shared/cases/cases.schema';
import { Empty, Flex, Image, Timeline, Typography } from 'antd';
import { formatDateTime } from '../../lib/format';
import { useI18n } from '../../lib/i18n';

export interface CaseTimelineProps {
  events: CaseEvent[];
  /** Phone layout: smaller thumbnails, no status change line. */
  compact?: boolean;
}

/** Where a case attachment is read from (scoped by the server: whoever sees the case sees its photos). */
export const attachmentUrl = (id: string) => `/api/attachments/${encodeURIComponent(id)}`;

/** Colour of an event's dot: red for setbacks, green for completions, blue otherwise (not the brand red). */
const setbacks = new Set(['reject', 'return', 'rework', 'denySuspend', 'escalate', 'merge']);
const completions = new Set(['resolve', 'verify', 'close', 'rate']);
const dotColor = (action: CaseEvent['action']) =>
  setbacks.has(action) ? 'red' : completions.has(action) ? 'green' : '#1677ff';

export interface CasePhotosProps {
  ids: string[];
  /** Thumbnail edge in px. */
  size?: number;
  /** Alt text prefix, e.g. '处置照片' → '处置照片 1'. */
  label?: string;
}

/** Photo thumbnails; a click enlarges them, with arrows through the group. */
export function CasePhotos({ ids, size = 72, label }: CasePhotosProps) {
  const { t } = useI18n();
  if (!ids.length) return null;
  const prefix = label ?? t('照片', 'Photo');
  return (
    <Image.PreviewGroup>
      <Flex gap={8} wrap>
        {ids.map((id, i) => (
          <Image
            key={id}
            src={attachmentUrl(id)}
            alt={`${prefix} ${i + 1}`}
            width={size}
            height={size}
            style={{ objectFit: 'cover', borderRadius: 4 }}
          />
        ))}
      </Flex>
    </Image.PreviewGroup>
  );
}

export function CaseTimeline({ events, compact }: CaseTimelineProps) {
  const { t, tl } = useI18n();
  if (!events.length) return <Empty description={t('暂无办理记录', 'No history yet')} />;
  const actionLabel = (a: CaseEvent['action']) =>
    a === 'create' ? t('提交诉求', 'Submitted') : tl(caseActionLabels[a]);
  const items = events.map((e, i) => {
    const actor = e.actorId === null ? t('系统', 'System') : (e.actorName ?? t('未知人员', 'Unknown'));
    const change =
      e.from && e.from !== e.to
        ? `${tl(caseStatusLabels[e.from])} → ${tl(caseStatusLabels[e.to])}`
        : e.from
          ? tl(caseStatusLabels[e.to])
          : null;
    return {
      key: `${e.at}-${i}`,
      color: dotColor(e.action),
      content: (
        <div className="gr-case-event" data-action={e.action}>
          <Flex gap={8} wrap align="baseline">
            <Typography.Text strong>{actionLabel(e.action)}</Typography.Text>
            {!compact && change ? <Typography.Text type="secondary">{change}</Typography.Text> : null}
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: '0.86em', display: 'block' }}>
            {actor} · <time dateTime={e.at}>{formatDateTime(e.at)}</time>
          </Typography.Text>
          {e.reason ? (
            <Typography.Paragraph style={{ margin: '4px 0 0' }}>
              {t('原因：', 'Reason: ')}
              {e.reason}
            </Typography.Paragraph>
          ) : null}
          {e.note ? (
            <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>{e.note}</Typography.Paragraph>
          ) : null}
          {/* The submission's photos are shown with its description, not again here. */}
          {e.action !== 'create' && e.attachmentIds?.length ? (
            <div style={{ marginTop: 6 }}>
              <CasePhotos
                ids={e.attachmentIds}
                size={compact ? 56 : 72}
                label={t(`${actionLabel(e.action)}照片`, `${actionLabel(e.action)} photo`)}
              />
            </div>
          ) : null}
        </div>
      ),
    };
  });
  return <Timeline items={items} />;
}
