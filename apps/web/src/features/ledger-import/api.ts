/**
 * Data access of the ledger import wizard: the import (polled while the server parses or commits), its preview
 * rows, decisions and the commit. The upload goes through XMLHttpRequest rather than fetch: only XHR reports
 * upload progress, which a 20 MB workbook on a slow line needs.
 */
import type { Page } from '@grassroots/shared/common/pagination';
import type { ImportDecision } from '@grassroots/shared/ledger-import/ledger-import.rules';
import type {
  ImportDecisionsBody,
  ImportRowFilter,
  ImportRowView,
  ImportView,
} from '@grassroots/shared/ledger-import/ledger-import.schema';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../../lib/api';

export type { ImportDecision, ImportRowFilter, ImportRowView, ImportView };

export const TEMPLATE_URL = '/api/ledger/import/template.xlsx';

export const importKeys = {
  all: ['ledger-import'] as const,
  one: (id: string) => ['ledger-import', id] as const,
  rows: (id: string, q: object) => ['ledger-import', id, 'rows', q] as const,
};

/** Parsing and committing run on the server after a 202: poll until they end. */
export const isRunning = (s: ImportView['status'] | undefined) => s === 'parsing' || s === 'committing';

export const useImport = (id: string | null) =>
  useQuery({
    queryKey: importKeys.one(id ?? ''),
    queryFn: () => api.get<ImportView>(`/api/ledger/imports/${id}`),
    enabled: !!id,
    refetchInterval: (q) => (isRunning(q.state.data?.status) ? 800 : false),
  });

export const useImportRows = (
  id: string,
  q: { filter: ImportRowFilter; page: number; pageSize: number },
  enabled: boolean,
) =>
  useQuery({
    queryKey: importKeys.rows(id, q),
    queryFn: () => api.get<Page<ImportRowView>>(`/api/ledger/imports/${id}/rows`, q),
    placeholderData: keepPreviousData,
    enabled,
  });

/** Decisions, commit and cancel: each refreshes the import and its rows. */
export function useImportActions(id: string) {
  const qc = useQueryClient();
  const refresh = (view?: ImportView) => {
    if (view) qc.setQueryData(importKeys.one(id), view);
    return qc.invalidateQueries({ queryKey: importKeys.one(id) });
  };
  return {
    decide: useMutation({
      mutationFn: (body: ImportDecisionsBody) => api.post<ImportView>(`/api/ledger/imports/${id}/decisions`, body),
      onSuccess: (view) => refresh(view),
    }),
    commit: useMutation({
      mutationFn: (version: number) => api.post<{ id: string }>(`/api/ledger/imports/${id}/commit`, { version }),
      onSuccess: () => refresh(),
    }),
    cancel: useMutation({
      mutationFn: () => api.post<ImportView>(`/api/ledger/imports/${id}/cancel`),
      onSuccess: (view) => refresh(view),
    }),
  };
}

/**
 * POST /api/ledger/imports with the workbook; `onProgress` gets 0–100 while the bytes go up. Resolves with the
 * new import's id, rejects with an ApiError carrying the server's message.
 */
export function uploadWorkbook(
  file: File,
  opts: { csrfToken: string | null; locale: string; onProgress: (percent: number) => void },
): Promise<{ id: string }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/ledger/imports');
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept-language', opts.locale);
    if (opts.csrfToken) xhr.setRequestHeader('x-csrf-token', opts.csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) opts.onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () =>
      reject(new ApiError(0, 'NETWORK', opts.locale === 'en' ? 'Network error' : '网络连接失败，请稍后重试'));
    xhr.onload = () => {
      let json: { id?: string; error?: { code?: string; message?: string; details?: unknown } } = {};
      try {
        json = JSON.parse(xhr.responseText || '{}');
      } catch {
        // not JSON: handled below by the status
      }
      if (xhr.status === 202 && json.id) return resolve({ id: json.id });
      const e = json.error ?? {};
      reject(
        new ApiError(xhr.status, (e.code as ApiError['code']) ?? 'INTERNAL', e.message ?? xhr.statusText, e.details),
      );
    };
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}
