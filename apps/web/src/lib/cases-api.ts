/**
 * Case data shared by the console and the phone pages: one case by id, intake (POST /api/cases with an
 * Idempotency-Key). Every key lives under ['cases'] so a write anywhere refreshes every case list and page.
 */
import type { CaseView, CreateCaseBody } from '@grassroots/shared/cases/cases.schema';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api';

export const caseKeys = {
  all: ['cases'] as const,
  detail: (id: string) => ['cases', 'detail', id] as const,
};

/** One case with its history and the actions the caller may take now. */
export const useCase = (id: string) =>
  useQuery({
    queryKey: caseKeys.detail(id),
    queryFn: () => api.get<CaseView>(`/api/cases/${encodeURIComponent(id)}`),
  });

/** Files a case; `key` is the form's Idempotency-Key, reused on retry so a resend never files twice. */
export function useCreateCase() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: CreateCaseBody; key: string }) =>
      api.post<CaseView>('/api/cases', body, { headers: { 'Idempotency-Key': key } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: caseKeys.all }),
  });
}

/**
 * A UUID for Idempotency-Key. crypto.randomUUID needs a secure context; an intranet served over plain http
 * still gets a random (version 4) UUID from random bytes.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
