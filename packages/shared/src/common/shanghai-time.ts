/** Calendar readings of an instant in Asia/Shanghai (UTC+8, no DST): one place instead of one per module. */
import { SHANGHAI_OFFSET_MS } from '../cases/cases.periods.js';

const shifted = (ms: number) => new Date(ms + SHANGHAI_OFFSET_MS).toISOString();

/** '2026-11-23' */
export const shanghaiDate = (ms: number) => shifted(ms).slice(0, 10);
/** '20261123', as in case numbers and export file names. */
export const shanghaiDayKey = (ms: number) => shanghaiDate(ms).replaceAll('-', '');
/** '2026-11-23 15:40', for spreadsheets. */
export const shanghaiMinute = (ms: number) => shifted(ms).slice(0, 16).replace('T', ' ');
