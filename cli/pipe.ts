/**
 * A reader that stops early (`helen schema | head -1`) closes the pipe, and
 * the next write fails with EPIPE. For every command that is a normal end,
 * not an error: nobody is left to read the rest, so exit quietly with 0.
 * Any other error of the standard streams is left as it was (uncaught).
 */
export function endQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      throw e;
    });
  }
}
