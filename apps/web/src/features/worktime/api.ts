/** Data access for the working-time calendar: /api/worktime. */
import type {
  HolidayDay,
  PeriodView,
  PutDayBody,
  ReplaceYearBody,
  WorktimeView,
} from '@grassroots/shared/worktime/worktime.api';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

export type { HolidayDay, PeriodView, WorktimeView };

export const useWorktime = (year: number | undefined) =>
  useQuery({
    queryKey: ['worktime', year ?? 'current'],
    queryFn: () => api.get<WorktimeView>('/api/worktime', { year }),
    placeholderData: keepPreviousData,
  });

export const fetchPreview = (q: { start: string; amount: number; unit: 'hours' | 'days' }) =>
  api.get<{ deadline: string }>('/api/worktime/preview', q);

/** Every write invalidates the calendar and any deadline preview (they depend on it). */
function useWorktimeMutation<A>(fn: (a: A) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: ['worktime'] }),
        qc.invalidateQueries({ queryKey: ['worktime-preview'] }),
      ]),
  });
}

export const useSavePeriods = () =>
  useWorktimeMutation((periods: PeriodView[]) => api.put('/api/worktime/periods', { periods }));

export const useSetDay = () =>
  useWorktimeMutation(({ date, ...body }: PutDayBody & { date: string }) =>
    api.put(`/api/worktime/days/${date}`, body),
  );

export const useClearDay = () => useWorktimeMutation((date: string) => api.delete(`/api/worktime/days/${date}`));

export const useReplaceYear = () =>
  useWorktimeMutation(({ year, days }: ReplaceYearBody & { year: number }) =>
    api.post(`/api/worktime/years/${year}`, { days }),
  );
