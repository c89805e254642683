/**
 * Progress of the demo seeding: one redrawn line with a bar on a terminal, a plain line per phase and per
 * quarter elsewhere (CI logs, pipes).
 */
export interface Progress {
  readonly update: (phase: string, done: number, total: number) => void;
  /** Ends the current phase with a line of its own. */
  readonly finish: (line: string) => void;
}

export function progress(out: NodeJS.WriteStream): Progress {
  const tty = out.isTTY;
  let current = '';
  let lastQuarter = -1;
  let started = performance.now();
  const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  return {
    update: (phase, done, total) => {
      if (phase !== current) {
        current = phase;
        lastQuarter = -1;
        started = performance.now();
      }
      if (tty) {
        const width = 24;
        const filled = total > 0 ? Math.round((done / total) * width) : 0;
        out.write(
          `\r\x1b[2K  ${phase} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}  ${elapsed()}`,
        );
        return;
      }
      const quarter = total > 0 ? Math.floor((done / total) * 4) : 0;
      if (quarter !== lastQuarter) {
        lastQuarter = quarter;
        out.write(`  ${phase}: ${done}/${total}\n`);
      }
    },
    finish: (line) => {
      out.write(`${tty ? '\r\x1b[2K' : ''}  ✔ ${line} (${elapsed()})\n`);
      current = '';
      started = performance.now();
    },
  };
}
