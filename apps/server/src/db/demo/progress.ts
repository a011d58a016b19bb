/** A text progress bar for the scale CLI: `[#####-----] 52% households 52000/100000` on stderr. */

export function formatBar(phase: string, done: number, total: number, width = 20): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(ratio * 100)}% ${phase} ${done}/${total}`;
}

/**
 * On a terminal the bar redraws in place; otherwise (CI logs, pipes) it prints one line per 10 %
 * so logs stay short.
 */
export function progressBar(out: NodeJS.WriteStream = process.stderr) {
  let lastPhase = '';
  let lastDecile = -1;
  return (phase: string, done: number, total: number) => {
    const line = formatBar(phase, done, total);
    const decile = Math.floor((done / Math.max(1, total)) * 10);
    if (phase !== lastPhase) {
      lastPhase = phase;
      lastDecile = -1;
    }
    if (out.isTTY) {
      out.write(`\r${line}\x1b[K${done >= total ? '\n' : ''}`);
    } else if (decile !== lastDecile || done >= total) {
      lastDecile = decile;
      out.write(`${line}\n`);
    }
  };
}
