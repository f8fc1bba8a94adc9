import cliProgress from 'cli-progress';
import type { RunProgress } from '../api/run.js';
import { formatTimePs } from '../core/index.js';

/**
 * A progress bar on stderr for long runs; silent when stderr is not a
 * terminal (pipes, CI) so machine-read output stays clean.
 */
export function progressReporter(enabled = process.stderr.isTTY === true && !process.env['CI']): {
  update: (p: RunProgress) => void;
  stop: () => void;
} {
  if (!enabled) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      format: '{bar} {percentage}% | {simtime} simulated | {events} events | {ops} ops',
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let last = 0;
  return {
    update: (p) => {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const payload = { simtime: formatTimePs(p.nowPs), events: p.events, ops: p.operations };
      if (!started) {
        bar.start(1000, 0, payload);
        started = true;
      }
      bar.update(Math.round((p.fraction ?? 0) * 1000), payload);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
