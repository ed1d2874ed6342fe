export { type Claimant, chainTranslators, type EventCheck } from './claimants.js';
export { formatLocation, type RejectEntry, rawOf } from './rejects.js';
export {
  type EncodedJsonlWriter,
  SPLIT_BATCH_RECORDS,
  type SplitBatch,
  type SplitBatchResult,
  type TranslateInputSplitOptions,
  translateInputSplit,
  translateSplitBatch,
} from './split.js';
export { formatSummary, Stats, type StatsSnapshot } from './stats.js';
export { type TranslateInputOptions, translateInput } from './translate-input.js';
