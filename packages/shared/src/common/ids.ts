import { z } from 'zod';

/** Largest id both databases store (PostgreSQL `integer`): a bigger one is simply unknown, never a 500. */
export const MAX_ID = 2_147_483_647;
const inRange = (s: string) => s.length < 10 || (s.length === 10 && Number(s) <= MAX_ID);

/** Ids travel as opaque strings; the server stores integers. */
export const idParam = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/, 'invalid id')
  .refine(inRange, 'invalid id');
export const idString = z.string();
