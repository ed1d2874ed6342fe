/**
 * Lossless: every raw value other than `-` can be found in the output, mapped or in `unmapped`. Values
 * the mapping converts are found through their conversion (stated here, one line each); everything
 * else must appear verbatim among the event's values.
 */
import { type OcsfEvent, openInput } from '@ocsfx/core';
import { hasShared, shared } from '@ocsfx/vitest-config/shared';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { canonicalName } from '../src/fields.js';
import plugin from '../src/index.js';
import { createVpcTranslator } from '../src/translate.js';
import { spell, validRecord } from './arbitraries.js';
import { ctx, row } from './helpers.js';

/** Where a converted field's value is found; the others are looked up verbatim. */
const CONVERTED: Record<string, (event: OcsfEvent, raw: string) => boolean> = {
  action: (e, raw) => e['action_id'] === (raw === 'ACCEPT' ? 1 : 2),
  'flow-direction': (e, raw) =>
    (e['connection_info'] as Record<string, unknown>)['direction_id'] === (raw === 'ingress' ? 1 : 2),
  'traffic-path': (e, raw) => (e['connection_info'] as Record<string, unknown>)['boundary_id'] === Number(raw) + 3,
  start: (e, raw) => e['start_time'] === Number(raw) * 1000,
  end: (e, raw) => e['end_time'] === Number(raw) * 1000,
  // IPv4 / IPv6 become protocol_ver_id 4 / 6 with the id's caption; other values (EFA) stay as protocol_ver.
  type: (e, raw) => {
    const info = e['connection_info'] as Record<string, unknown>;
    return (
      info['protocol_ver_id'] === ({ IPv4: 4, IPv6: 6 } as Record<string, number>)[raw] || info['protocol_ver'] === raw
    );
  },
};

/** Every leaf value of the event, as text (observables excluded: they only repeat other attributes). */
function leaves(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) leaves(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (k !== 'observables') leaves(v, out);
  } else out.add(String(value));
  return out;
}

/** Raw values (name, value) missing from the event. */
function lost(event: OcsfEvent, columns: readonly string[], values: readonly unknown[]): string[] {
  const found = leaves(event);
  const missing: string[] = [];
  columns.forEach((name, i) => {
    const raw = values[i];
    if (raw === '-' || raw === null || raw === undefined || raw === '') return;
    const text = String(raw);
    const check = CONVERTED[canonicalName(name)];
    if (check ? !check(event, text) : !found.has(text)) missing.push(`${name}=${text}`);
  });
  return missing;
}

describe('lossless', () => {
  test('generated records of any fields and order lose no value', () => {
    const translator = createVpcTranslator();
    fc.assert(
      fc.property(validRecord, ({ names, values, order, underscore }) => {
        const columns = order.map((i) => spell(names[i] as string, underscore));
        const cells = order.map((i) => values[i] as string);
        const outcome = translator.translate(row(columns, cells), ctx);
        if (outcome.kind !== 'emitted') throw new Error(JSON.stringify(outcome));
        expect(lost(outcome.events[0] as OcsfEvent, columns, cells)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  test('the check itself notices a lost value', () => {
    const event = { src_endpoint: { ip: '10.0.0.1' } };
    expect(lost(event, ['srcaddr', 'dstaddr'], ['10.0.0.1', '10.0.0.2'])).toEqual(['dstaddr=10.0.0.2']);
  });

  test.skipIf(!hasShared)('real fixture records lose no value', async () => {
    const files = [
      'aws-docs/vpc-user-guide/flow-log-record-examples/06-custom-v5-service-name-traffic-path-flow-direction.log',
      'aws-docs/vpc-user-guide/flow-log-record-examples/03-custom-v3-tcp-flag-sequence.log',
      'elastic-integrations/vpcflow/test-extra-samples.log',
      'sekoia-automation-library/AWS/tests/data/111111111111_vpcflowlogs_eu-west-3_fl-032a163fae170ae52_20220831T1255Z_2ad4bef5.parquet',
    ];
    let checked = 0;
    for (const file of files) {
      const translator = plugin.createTranslator({ ocsfVersion: '1.1.0', options: {} });
      const input = await openInput(shared('fixtures', 'real', file), { text: plugin.text });
      for await (const batch of input.records())
        for (const item of batch) {
          if (item.kind !== 'row') continue;
          const outcome = translator.translate(item, ctx);
          if (outcome.kind !== 'emitted') throw new Error(`${file}: ${JSON.stringify(outcome)}`);
          const columns = item.columns ?? [];
          expect(lost(outcome.events[0] as OcsfEvent, columns, item.values), file).toEqual([]);
          checked++;
        }
    }
    expect(checked).toBe(2 + 8 + 7 + 7);
  });
});
