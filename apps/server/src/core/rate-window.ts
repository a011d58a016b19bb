/**
 * Fixed one-minute windows per key (API keys carry their own requests-per-minute limit).
 * Kept in memory, so with several nodes each node allows the limit on its own; a shared limit would
 * need the database or Redis on every request, which the intake benchmark cannot afford.
 */
import type { Clock } from './clock.js';

export class RateWindow {
  private windows = new Map<number, { start: number; count: number }>();
  constructor(
    private clock: Clock,
    private windowMs = 60_000,
  ) {}

  /** Counts one hit; returns the seconds to wait when the limit is exceeded, else null. */
  hit(key: number, limit: number): number | null {
    const now = this.clock.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    return w.count > limit ? Math.ceil((w.start + this.windowMs - now) / 1000) : null;
  }
}
