export { formatLocation, type RejectEntry, rawOf } from './rejects.js';
export { formatSummary, Stats, type StatsSnapshot } from './stats.js';
export { type EventCheck, type TranslateInputOptions, translateInput } from './translate-input.js';
