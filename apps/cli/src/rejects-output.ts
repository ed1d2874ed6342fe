import { type EventWriter, formatLocation, type RejectEntry } from '@ocsfx/core';

/** Without --rejects, each rejected record is reported on stderr so that none goes unseen. */
export function stderrRejects(stderr: (line: string) => void, quiet: boolean): Pick<EventWriter, 'write'> {
  return {
    write(event) {
      if (quiet) return undefined;
      const entry = event as unknown as RejectEntry;
      stderr(`ocsfx: rejected ${formatLocation(entry.location)}: ${entry.code}: ${entry.reason}`);
      return undefined;
    },
  };
}
