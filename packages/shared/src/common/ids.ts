import { z } from 'zod';

/** Ids travel as opaque strings; the server stores integers. */
export const idParam = z.string().regex(/^[1-9][0-9]{0,15}$/, 'invalid id');
export const idString = z.string();
