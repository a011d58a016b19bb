/** What every service gets: database, config, clock, personal-data crypto, audit writer. */
import type { Config } from '../config.js';
import type { Db } from '../db/dialect.js';
import type { AuditLog } from './audit.js';
import type { Clock } from './clock.js';
import type { Pii } from './pii.js';

export interface AppContext {
  db: Db;
  config: Config;
  clock: Clock;
  pii: Pii;
  audit: AuditLog;
}
