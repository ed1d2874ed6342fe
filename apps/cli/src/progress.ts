import type { Stats } from '@ocsfx/core';

/** A one-line progress display on stderr, only when stderr is a terminal. */
export function startProgress(stats: Stats, totalFiles: number, enabled: boolean): () => void {
  if (!enabled || !process.stderr.isTTY) return () => {};
  const timer = setInterval(() => {
    const secs = stats.elapsedMs / 1000;
    const rate = secs > 0 ? Math.round(stats.recordsIn / secs) : 0;
    process.stderr.write(
      `\r\x1b[2Kocsfx: ${stats.files}/${totalFiles} files, ${stats.recordsIn} records (${rate}/s), ${(stats.bytesIn / 1e6).toFixed(1)} MB`,
    );
  }, 250);
  timer.unref();
  return () => {
    clearInterval(timer);
    process.stderr.write('\r\x1b[2K');
  };
}
