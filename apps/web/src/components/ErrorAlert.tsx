/**
 * Shows what went wrong in the server's own words (ApiError.message is already localised), with the
 * field list for validation errors and an optional retry.
 */
import { Alert, Button } from 'antd';
import { ApiError } from '../lib/api';
import { useI18n } from '../lib/i18n';

interface FieldIssue {
  path?: string;
  message?: string;
}

export function errorMessage(error: unknown, fallback: string): string {
  if (error instanceof ApiError) return error.message || fallback;
  if (error instanceof Error && error.message) return error.message;
  return fallback;
}

export interface ErrorAlertProps {
  error: unknown;
  onRetry?: () => void;
  title?: string;
  style?: React.CSSProperties;
}

export function ErrorAlert({ error, onRetry, title, style }: ErrorAlertProps) {
  const { t } = useI18n();
  if (!error) return null;
  const message = errorMessage(error, t('操作失败，请稍后重试', 'Something went wrong; try again later'));
  const issues =
    error instanceof ApiError && error.code === 'VALIDATION_FAILED' && Array.isArray(error.details)
      ? (error.details as FieldIssue[])
      : [];
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={style}
      title={title ?? message}
      description={
        title || issues.length ? (
          <>
            {title ? <div>{message}</div> : null}
            {issues.length ? (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {issues.map((i, n) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: issues have no identity and never reorder
                  <li key={n}>{[i.path, i.message].filter(Boolean).join(': ')}</li>
                ))}
              </ul>
            ) : null}
          </>
        ) : undefined
      }
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('重试', 'Retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
