import { readdirSync, readFileSync } from 'node:fs';
import { hasShared, shared } from '@ocsfx/vitest-config/shared';

export interface Sample {
  file: string;
  /** The OCSF version the sample was written for. */
  version: string;
  /** The version it is validated against (1.5.0 has no schema here: 1.8.0, the nearest shipped after it). */
  against: string;
  event: Record<string, unknown>;
}

export const schemaDir = (version: string): string => shared('ocsf-schema', version);

/** Every expected OCSF output in the dossier samples. */
export function expectedSamples(): Sample[] {
  if (!hasShared) return [];
  const dir = shared('dossiers', 'samples');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.expected.json'))
    .sort()
    .map((file) => {
      const version = /\.ocsf-(.+)\.expected\.json$/.exec(file)?.[1] ?? '';
      return {
        file,
        version,
        against: version === '1.5.0' ? '1.8.0' : version,
        event: JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as Record<string, unknown>,
      };
    });
}

/**
 * Security Lake writes RFC 3339 times with a space between date and time in its 1.5.0 output
 * (`2025-07-11 15:26:24+00:00`); OCSF 1.8.0's datetime_t regex requires `T`. The normalised copy uses `T`.
 */
export function normalise(event: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(event);
  for (const [key, value] of Object.entries(copy)) {
    if (key.endsWith('_dt') && typeof value === 'string') copy[key] = value.replace(' ', 'T');
  }
  return copy;
}
