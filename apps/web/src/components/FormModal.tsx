/**
 * A create/edit dialog around a vertical Form: loads `values` after a reset each time it opens, validates,
 * saves, says `done` and closes. A failed save stays open: shown above the form when the caller passes the
 * mutation's `error`, otherwise as a toast.
 */
import { App, Form, type FormInstance, Modal } from 'antd';
import { type ReactNode, useEffect, useRef } from 'react';
import { useI18n } from '../lib/i18n';
import { ErrorAlert, errorMessage } from './ErrorAlert';

export interface FormModalProps<V> {
  open: boolean;
  title: ReactNode;
  form: FormInstance<V>;
  /** Loaded on open (and when they change while open): memoise them. */
  values?: Parameters<FormInstance<V>['setFieldsValue']>[0];
  onSave: (v: V) => Promise<unknown>;
  saving: boolean;
  /** The success toast, e.g. 已保存 / 已创建; none when omitted. */
  done?: string;
  /** The OK button's text; 保存 by default. */
  okText?: string;
  onClose: () => void;
  /** The save mutation's error, to show it in the dialog instead of as a toast. */
  error?: unknown;
  requiredMark?: boolean | 'optional';
  width?: number;
  children: ReactNode;
}

export function FormModal<V>(props: FormModalProps<V>) {
  const { open, title, form, values, onSave, saving, done, onClose, error, requiredMark = true } = props;
  const { t } = useI18n();
  const { message } = App.useApp();
  const inline = error !== undefined;

  // Reset only when the dialog opens. Values that change while it is open (options that arrived late, a
  // refetch) fill just the fields the user has not touched, so typing is never thrown away.
  const loaded = useRef(false);
  useEffect(() => {
    if (!open) {
      loaded.current = false;
      return;
    }
    if (!loaded.current) {
      loaded.current = true;
      form.resetFields();
      if (values) form.setFieldsValue(values);
      return;
    }
    if (!values) return;
    const untouched = Object.entries(values as Record<string, unknown>).filter(
      ([k]) => !form.isFieldTouched(k as never),
    );
    form.setFieldsValue(Object.fromEntries(untouched) as typeof values);
  }, [open, values, form]);

  const submit = async () => {
    let v: V;
    try {
      v = await form.validateFields();
    } catch {
      return; // the form marks the fields itself
    }
    try {
      await onSave(v);
      if (done) message.success(done);
      onClose();
    } catch (e) {
      if (!inline) message.error(errorMessage(e, t('保存失败', 'Could not save')));
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      okText={props.okText ?? t('保存', 'Save')}
      cancelText={t('取消', 'Cancel')}
      onOk={submit}
      confirmLoading={saving}
      onCancel={onClose}
      destroyOnHidden
      width={props.width}
    >
      {inline && error ? <ErrorAlert error={error} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" requiredMark={requiredMark}>
        {props.children}
      </Form>
    </Modal>
  );
}
