import type { InputFormat } from '@ocsfx/core';

export interface TranslateFlags {
  source?: string;
  inputFormat?: InputFormat;
  format: 'jsonl' | 'json' | 'parquet';
  /** Parquet only: `plain` (default) or `security-lake` (needs `sourceName`). */
  layout?: 'security-lake' | 'plain';
  /** `--source-name` values: `NAME` or `CLASS_UID=NAME` (see lake-sources.ts). */
  sourceName?: string[];
  /** Parquet only: default gzip. */
  compression?: 'gzip' | 'zstd';
  /** Parquet only: `--compression-level` (default: the codec's, see core's COMPRESSION_LEVELS). */
  compressionLevel?: number;
  output?: string;
  rejects?: string;
  ocsfVersion?: string;
  validate?: boolean;
  ocsfSchema?: string;
  quiet?: boolean;
  /** Exit 1 when any record was rejected. */
  failOnReject?: boolean;
  /** `--exclude` globs for files found in directories and by globs. */
  exclude?: string[];
  /** Worker threads for files; 1 translates on the main thread. */
  jobs: number;
  /** `--progress`: show progress even when stderr is not a terminal. */
  progress?: boolean;
  /** `--report FILE`: write the run's JSON report there. */
  report?: string;
  /** Values of plugin-declared options, by option name. */
  pluginOptions: Record<string, string | boolean | undefined>;
}
