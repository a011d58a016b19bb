/**
 * Destructive actions always ask first. `ConfirmButton` is a Popconfirm around a (danger) button; when
 * onConfirm returns a promise the OK button spins until it settles, and a failure shows its message.
 * `useConfirm()` is the same question as a modal, for menus and table rows.
 */
import { App, Button, type ButtonProps, Popconfirm } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../lib/i18n';
import { errorMessage } from './ErrorAlert';

export interface ConfirmButtonProps extends Omit<ButtonProps, 'onClick'> {
  /** The question, e.g. t('确定删除该网格？', 'Delete this grid?') */
  confirm: ReactNode;
  description?: ReactNode;
  okText?: string;
  onConfirm: () => unknown | Promise<unknown>;
}

export function ConfirmButton({
  confirm,
  description,
  okText,
  onConfirm,
  danger = true,
  ...button
}: ConfirmButtonProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const run = async () => {
    try {
      await onConfirm();
    } catch (e) {
      message.error(errorMessage(e, t('操作失败', 'Failed')));
    }
  };
  return (
    <Popconfirm
      title={confirm}
      description={description}
      okText={okText ?? t('确定', 'OK')}
      cancelText={t('取消', 'Cancel')}
      okButtonProps={{ danger }}
      onConfirm={run}
    >
      <Button danger={danger} {...button} />
    </Popconfirm>
  );
}

export interface ConfirmOptions {
  title: ReactNode;
  content?: ReactNode;
  okText?: string;
  danger?: boolean;
}

/** `const confirm = useConfirm(); if (await confirm({ title: … })) …` */
export function useConfirm(): (o: ConfirmOptions) => Promise<boolean> {
  const { modal } = App.useApp();
  const { t } = useI18n();
  return (o) =>
    new Promise<boolean>((resolve) => {
      modal.confirm({
        title: o.title,
        content: o.content,
        okText: o.okText ?? t('确定', 'OK'),
        cancelText: t('取消', 'Cancel'),
        okButtonProps: { danger: o.danger ?? true },
        onOk: () => resolve(true),
        onCancel: () => resolve(false),
      });
    });
}
