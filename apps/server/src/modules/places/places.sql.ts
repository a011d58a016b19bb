/** Small SQL helpers shared by the places repositories. */
export { containsText as contains } from '../../db/dialect.js';

/** Offset of a page (1-based). */
export const offsetOf = (page: number, pageSize: number) => (page - 1) * pageSize;
