/**
 * The resident's own ledger data: GET /api/me/household (their confirmed households, members masked, their
 * requests), POST /api/me/household/requests (correction / erasure), GET /api/me/household/export (a JSON file).
 */
import type { CreateLedgerRequestBody, LedgerRequestView, MyHousehold } from '@grassroots/shared/ledger/ledger.schema';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { downloadFile } from '../../lib/download';

export type { MyHousehold };
export type MyMember = MyHousehold['members'][number];

const key = ['me', 'household'] as const;

export const useMyHousehold = () =>
  useQuery({ queryKey: key, queryFn: () => api.get<{ items: MyHousehold[] }>('/api/me/household') });

export function useCreateMyRequest() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: CreateLedgerRequestBody) => api.post<LedgerRequestView>('/api/me/household/requests', b),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
}

/** Saves everything the ledger holds about the household as a JSON file (the server logs the download). */
export const downloadMyData = (locale: 'zh-CN' | 'en') =>
  downloadFile('/api/me/household/export', {}, locale, `my-household-${new Date().toISOString().slice(0, 10)}.json`);
