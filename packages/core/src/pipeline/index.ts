export { type Claimant, chainTranslators, type EventCheck } from './claimants.js';
export { formatLocation, type RejectEntry, rawOf } from './rejects.js';
export { formatSummary, Stats, type StatsSnapshot } from './stats.js';
export { type TranslateInputOptions, translateInput } from './translate-input.js';
