/**
 * Several plugins claiming one input. One CloudTrail file holds sign-ins (one plugin's business) and every
 * other API call (another plugin's): each record goes to the claimants in order, and the first outcome that
 * is not `skipped` is the record's outcome. A skip means "not my business", so the next claimant may take
 * it; an emit or a reject is final. A record every claimant skips is counted once, with the first
 * claimant's code and reason.
 */
import type { OcsfEvent, Outcome, RawRecord, RecordContext, Translator } from '../plugin/types.js';
import type { JsonEncoder } from '../writers/json-bytes.js';

/** Checks one emitted event; returns a message when it is invalid (see `translateInput`'s `check`). */
export type EventCheck = (event: OcsfEvent) => string | undefined;

/** One plugin's translator in a chain, with the check of its own class and version (`--validate`). */
export interface Claimant {
  translator: Translator;
  check?: EventCheck;
}

/**
 * One translator made of several, tried in order per record. An emitted record whose event fails its
 * claimant's check becomes an `ocsf/invalid` reject (the same code `translateInput` uses). With one
 * claimant and no check this is that claimant's translator itself.
 */
export function chainTranslators(claimants: readonly Claimant[]): Translator {
  if (claimants.length === 0) throw new Error('chainTranslators needs at least one translator');
  const only = claimants[0] as Claimant;
  if (claimants.length === 1 && only.check === undefined) return only.translator;
  const encoders = claimants.flatMap(({ translator }) => (translator.encodeJson ? [translator.encodeJson] : []));
  // Each encoder takes only its own translator's events: the first that takes one writes it.
  const encodeJson: JsonEncoder | undefined =
    encoders.length === 0
      ? undefined
      : (event, out) => {
          const start = out.length;
          for (const encode of encoders) {
            if (encode(event, out)) return true;
            out.length = start;
          }
          return false;
        };
  return {
    ...(encodeJson ? { encodeJson } : {}),
    translate(record: RawRecord, ctx: RecordContext): Outcome {
      let firstSkip: Outcome | undefined;
      for (const { translator, check } of claimants) {
        const outcome = translator.translate(record, ctx);
        if (outcome.kind === 'skipped') {
          firstSkip ??= outcome;
          continue;
        }
        if (outcome.kind === 'emitted' && check !== undefined) {
          const problem = firstProblem(outcome.events, check);
          if (problem !== undefined) return { kind: 'rejected', code: 'ocsf/invalid', reason: problem };
        }
        return outcome;
      }
      return firstSkip as Outcome;
    },
  };
}

export function firstProblem(events: readonly OcsfEvent[], check: EventCheck): string | undefined {
  for (const event of events) {
    const problem = check(event);
    if (problem !== undefined) return problem;
  }
  return undefined;
}
