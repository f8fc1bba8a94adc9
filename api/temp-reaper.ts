import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { setTempDirWatcher, TEMP_PREFIX } from '../core/io/output-file.js';

/**
 * Removes this process's temporary output files if it dies before renaming
 * them into place (Ctrl-C, SIGTERM, SIGKILL, out of memory).
 *
 * A signal handler cannot do it: a run is synchronous, so a JavaScript handler
 * would only run once the run is over, and Ctrl-C would not stop it. Instead a
 * small watcher process is started with the first temporary file; it learns
 * the folders holding them over an IPC channel, and when the channel closes
 * (this process is gone, however it ended) it removes every
 * `.helen-tmp-<pid>-*` file of this process in those folders. After a normal
 * end there are none left, so it simply exits.
 */
const REAPER_SCRIPT = `
const { readdirSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const [prefix] = process.argv.slice(1);
const dirs = new Set();
// Ctrl-C reaches the whole process group: this process must outlive the one it watches.
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => {});
process.on('message', (d) => dirs.add(String(d)));
process.on('disconnect', () => {
  for (const d of dirs) {
    try {
      for (const f of readdirSync(d)) if (f.startsWith(prefix)) rmSync(join(d, f), { force: true });
    } catch {}
  }
  process.exit(0);
});
`;

let enabled = false;
let reaper: ChildProcess | undefined;
const watched = new Set<string>();

/** Turns the watcher on for this process (the CLI does; library users keep their own process to themselves). */
export function enableTempReaper(): void {
  enabled = true;
  setTempDirWatcher(watchTempDir);
}

/** Tells the watcher that temporary files of this process may appear in `dir`. */
export function watchTempDir(dir: string): void {
  const abs = resolve(dir);
  if (!enabled || watched.has(abs)) return;
  watched.add(abs);
  try {
    if (!reaper) {
      reaper = spawn(process.execPath, ['-e', REAPER_SCRIPT, `${TEMP_PREFIX}${process.pid}-`], {
        detached: true,
        stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
        windowsHide: true,
      });
      reaper.on('error', () => {});
      // This process exits when its work is done, not when the watcher does.
      reaper.unref();
      reaper.channel?.unref();
    }
    reaper.send(abs);
  } catch {
    // Without a watcher an interrupted run may leave its temporary file; the output itself is never corrupted.
  }
}
