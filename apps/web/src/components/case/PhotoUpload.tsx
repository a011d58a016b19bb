/**
 * Photos of a case (intake, resolve, …): an antd picture-card Upload that posts each file to
 * POST /api/attachments and reports the attachment ids. Works as a Form.Item child (value / onChange = ids).
 * Type and size are checked before upload so a resident learns at once why a photo is refused; the server
 * still decides the type by content.
 */

import { PlusOutlined } from '@ant-design/icons';
import { MAX_ATTACHMENT_BYTES, type UploadResponse } from '@grassroots/shared/attachments/attachments.schema';
import { App, Upload, type UploadFile, type UploadProps } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import { errorMessage } from '../ErrorAlert';

export const PHOTO_MIMES = ['image/jpeg', 'image/png', 'image/webp'];

export interface PhotoUploadProps {
  value?: string[];
  onChange?: (ids: string[]) => void;
  /** At most this many photos (default 9, the server's per-upload limit). */
  max?: number;
  /** Set by Form.Item so its label points here. */
  id?: string;
  disabled?: boolean;
  /** Told when uploads start and finish, e.g. to hold a submit button while photos are still on their way. */
  onUploadingChange?: (uploading: boolean) => void;
}

interface Uploaded {
  id: string;
}

const idOf = (f: UploadFile) => (f.status === 'done' ? (f.response as Uploaded | undefined)?.id : undefined);
const doneIds = (list: UploadFile[]) => list.map(idOf).filter((x): x is string => !!x);
const sameIds = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const urlOf = (id: string) => `/api/attachments/${encodeURIComponent(id)}`;

export function PhotoUpload({ value, onChange, max = 9, id, disabled, onUploadingChange }: PhotoUploadProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const photoName = (i: number) => t(`照片 ${i + 1}`, `Photo ${i + 1}`);
  const [files, setFiles] = useState<UploadFile[]>(() => (value ?? []).map((x, i) => fromId(x, photoName(i))));
  // The latest list, for beforeUpload's count check (it runs before React re-renders).
  const filesRef = useRef(files);
  filesRef.current = files;

  // A value set from outside (form reset, initial values) replaces the finished photos; uploads in flight
  // stay. Only a changed `value` counts, so the component also works uncontrolled.
  const lastValue = useRef(value);
  useEffect(() => {
    if (value === lastValue.current) return;
    lastValue.current = value;
    const want = value ?? [];
    if (sameIds(want, doneIds(filesRef.current))) return;
    const pending = filesRef.current.filter((f) => f.status === 'uploading');
    const known = new Map(filesRef.current.map((f) => [idOf(f), f]));
    setFiles([...want.map((x, i) => known.get(x) ?? fromId(x, photoName(i))), ...pending]);
  });

  const beforeUpload: UploadProps['beforeUpload'] = (file, batch) => {
    const slot = filesRef.current.length + batch.indexOf(file);
    if (slot >= max) {
      if (slot === max) message.warning(t(`最多上传 ${max} 张照片`, `At most ${max} photos`));
      return Upload.LIST_IGNORE;
    }
    if (!PHOTO_MIMES.includes(file.type)) {
      message.error(t(`只能上传 JPG、PNG 或 WebP 照片：${file.name}`, `Only JPG, PNG or WebP photos: ${file.name}`));
      return Upload.LIST_IGNORE;
    }
    if (file.size > MAX_ATTACHMENT_BYTES) {
      const mb = MAX_ATTACHMENT_BYTES / 1024 / 1024;
      message.error(t(`照片不能超过 ${mb} MB：${file.name}`, `A photo may be at most ${mb} MB: ${file.name}`));
      return Upload.LIST_IGNORE;
    }
    return true;
  };

  const customRequest: UploadProps['customRequest'] = ({ file, onSuccess, onError }) => {
    const form = new FormData();
    form.append('file', file as Blob);
    api
      .upload<UploadResponse>('/api/attachments', form)
      .then((res) => {
        const item = res.items[0];
        if (!item) throw new Error(t('上传失败', 'Upload failed'));
        onSuccess?.({ id: item.id } satisfies Uploaded);
      })
      .catch((e: unknown) => {
        message.error(errorMessage(e, t('上传失败，请重试', 'Upload failed; try again')));
        onError?.(e instanceof Error ? e : new Error(String(e)));
      });
  };

  const wasUploading = useRef(false);
  const handleChange: UploadProps['onChange'] = ({ fileList }) => {
    // Finished uploads show the stored copy; failed ones are dropped (the message already said why).
    const next = fileList
      .filter((f) => f.status !== 'error')
      .map((f) => {
        const x = idOf(f);
        return x && !f.url ? { ...f, url: urlOf(x) } : f;
      });
    setFiles(next);
    const uploading = next.some((f) => f.status === 'uploading');
    if (uploading !== wasUploading.current) {
      wasUploading.current = uploading;
      onUploadingChange?.(uploading);
    }
    const ids = doneIds(next);
    if (!sameIds(ids, value ?? [])) {
      lastValue.current = ids; // our own report coming back as `value` is not an outside change
      onChange?.(ids);
    }
  };

  return (
    <Upload
      id={id}
      listType="picture-card"
      accept={PHOTO_MIMES.join(',')}
      multiple
      disabled={disabled}
      fileList={files}
      beforeUpload={beforeUpload}
      customRequest={customRequest}
      onChange={handleChange}
      showUploadList={{ showPreviewIcon: true, showRemoveIcon: !disabled }}
    >
      {files.length >= max || disabled ? null : (
        <div>
          <PlusOutlined aria-hidden />
          <div style={{ marginTop: 4 }}>{t('添加照片', 'Add photo')}</div>
        </div>
      )}
    </Upload>
  );
}

function fromId(id: string, name: string): UploadFile {
  return { uid: `att-${id}`, name, status: 'done', url: urlOf(id), response: { id } satisfies Uploaded };
}
