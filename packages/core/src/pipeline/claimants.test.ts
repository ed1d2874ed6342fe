import { describe, expect, it } from 'vitest';
import { definePlugin, emitted, rejected, skipped } from '../plugin/define.js';
import type { JsonRecord, OcsfEvent, Outcome, Plugin, RawRecord, Translator } from '../plugin/types.js';
import { PluginRegistry } from '../registry/registry.js';
import { JsonBytes, jsonFragment } from '../writers/json-bytes.js';
import { chainTranslators } from './claimants.js';

const ctx = { location: { file: 'trail.json' } };
const record = (value: unknown): JsonRecord => ({ kind: 'json', value, location: ctx.location });

/** Emits records whose `who` is `name`, rejects those whose `bad` is `name`, skips the rest. */
function owner(name: string): Translator & { seen: number } {
  const t = {
    seen: 0,
    translate(r: RawRecord): Outcome {
      t.seen++;
      const v = (r as JsonRecord).value as { who?: string; bad?: string };
      if (v.bad === name) return rejected(`${name}/bad`, `bad for ${name}`);
      if (v.who === name) return emitted({ by: name });
      return skipped(`${name}/not-mine`, `not ${name}'s`);
    },
  };
  return t;
}

describe('chainTranslators', () => {
  it('gives each record to the first claimant that does not skip it', () => {
    const a = owner('a');
    const b = owner('b');
    const chain = chainTranslators([{ translator: a }, { translator: b }]);
    expect(chain.translate(record({ who: 'a' }), ctx)).toEqual(emitted({ by: 'a' }));
    expect(chain.translate(record({ who: 'b' }), ctx)).toEqual(emitted({ by: 'b' }));
    // `a` took the first record, so `b` never saw it.
    expect([a.seen, b.seen]).toEqual([2, 1]);
  });

  it('treats a reject as final: the next claimant is not asked', () => {
    const a = owner('a');
    const b = owner('b');
    const chain = chainTranslators([{ translator: a }, { translator: b }]);
    expect(chain.translate(record({ bad: 'a', who: 'b' }), ctx)).toEqual(rejected('a/bad', 'bad for a'));
    expect(b.seen).toBe(0);
  });

  it("counts a record every claimant skips once, with the first claimant's code", () => {
    const chain = chainTranslators([{ translator: owner('a') }, { translator: owner('b') }]);
    expect(chain.translate(record({ who: 'c' }), ctx)).toEqual(skipped('a/not-mine', "not a's"));
  });

  it("checks an emitted event with its own claimant's check and rejects it as ocsf/invalid", () => {
    const chain = chainTranslators([
      { translator: owner('a'), check: () => undefined },
      { translator: owner('b'), check: (e) => (e.by === 'b' ? '/by: not allowed' : undefined) },
    ]);
    expect(chain.translate(record({ who: 'a' }), ctx).kind).toBe('emitted');
    expect(chain.translate(record({ who: 'b' }), ctx)).toEqual({
      kind: 'rejected',
      code: 'ocsf/invalid',
      reason: '/by: not allowed',
    });
  });

  it("offers its claimants' JSON encoders: each event is written by the encoder that takes it", () => {
    const own = (tag: string): Translator => {
      let last: unknown;
      return {
        translate(record) {
          const event = { tag, id: (record as JsonRecord).value };
          last = event;
          return emitted(event);
        },
        encodeJson(event, out) {
          if (event !== last) return false;
          out.raw(jsonFragment(`{"tag":"${tag}","id":`));
          out.value(event['id']);
          out.byte(125);
          return true;
        },
      };
    };
    const a = own('a');
    const b = own('b');
    const chain = chainTranslators([{ translator: a }, { translator: b }]);
    const encode = chain.encodeJson!;
    const ev = (t: Translator, id: number) => (t.translate(record(id), ctx) as { events: OcsfEvent[] }).events[0]!;
    for (const [t, id] of [
      [a, 1],
      [b, 2],
    ] as const) {
      const event = ev(t, id);
      const out = new JsonBytes(Buffer.alloc(8));
      expect(encode(event, out)).toBe(true);
      expect(out.buffer.toString('utf8', 0, out.length)).toBe(JSON.stringify(event));
    }
    const out = new JsonBytes(Buffer.alloc(8));
    expect(encode({ tag: 'neither' }, out)).toBe(false);
    expect(out.length).toBe(0);
    expect(chainTranslators([{ translator: owner('x') }, { translator: owner('y') }]).encodeJson).toBeUndefined();
  });

  it('returns a lone unchecked translator as it is, and refuses an empty chain', () => {
    const a = owner('a');
    expect(chainTranslators([{ translator: a }])).toBe(a);
    expect(() => chainTranslators([])).toThrow(/at least one/);
  });
});

describe('PluginRegistry.claimants', () => {
  const plugin = (id: string, score: number): Plugin =>
    definePlugin({
      id,
      title: id,
      apiVersion: 1,
      ocsf: { classUid: 6003, className: 'API Activity', versions: ['1.1.0'], defaultVersion: '1.1.0' },
      inputs: ['json'],
      detect: () => score,
      createTranslator: () => owner(id),
    });

  it('lists every plugin at or above the threshold, best first, ties in registration order', () => {
    const registry = new PluginRegistry();
    for (const [id, score] of [
      ['low', 0.2],
      ['tie-first', 0.8],
      ['best', 0.95],
      ['tie-second', 0.8],
      ['edge', 0.5],
    ] as const) {
      registry.register(plugin(id, score));
    }
    const sample = { file: 'x.json', format: 'json' as const, head: '{}', records: [] };
    expect(registry.claimants(sample).map((c) => c.plugin.id)).toEqual(['best', 'tie-first', 'tie-second', 'edge']);
  });
});
