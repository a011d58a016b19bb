/** Date/time display used everywhere in the UI (one format, so lists and details agree). */
import dayjs from 'dayjs';

type Instant = string | number | Date | null | undefined;

export const formatDateTime = (v: Instant, withSeconds = false) =>
  v == null || v === '' ? '—' : dayjs(v).format(withSeconds ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD HH:mm');

export const formatDate = (v: Instant) => (v == null || v === '' ? '—' : dayjs(v).format('YYYY-MM-DD'));
