import { fileURLToPath } from 'node:url';
import { createValidator, type JsonRecord, type OcsfEvent, type Outcome, openInput, type RawRecord } from '@ocsfx/core';
import { describe, expect, it } from 'vitest';
import plugin from './index.js';
import { REASON } from './reasons.js';

const EXAMPLE = fileURLToPath(new URL('../example.log', import.meta.url));

function line(value: unknown, line = 1): JsonRecord {
  return { kind: 'json', value, location: { file: 'test.log', line } };
}

const FLOW = {
  log_type: 'acme.edge.flow',
  ts: '2024-05-01T12:00:00.120Z',
  device: 'edge-fw-01',
  dir: 'out',
  action: 'allow',
  rule: 'allow-web-out',
  proto: 'tcp',
  src: '192.0.2.10',
  sport: 51515,
  dst: '198.51.100.7',
  dport: 443,
  bytes_out: 1840,
  bytes_in: 52311,
  pkts: 48,
};

function translate(record: RawRecord): Outcome {
  return plugin
    .createTranslator({ ocsfVersion: '1.1.0', options: {} })
    .translate(record, { location: record.location });
}

function onlyEvent(outcome: Outcome): OcsfEvent {
  expect(outcome.kind).toBe('emitted');
  if (outcome.kind !== 'emitted') throw new Error('not emitted');
  expect(outcome.events).toHaveLength(1);
  return outcome.events[0]!;
}

async function outcomesOf(file: string): Promise<Outcome[]> {
  const input = await openInput(file);
  const outcomes: Outcome[] = [];
  try {
    for await (const batch of input.records()) {
      for (const item of batch) {
        if (item.kind !== 'issue') outcomes.push(translate(item));
      }
    }
  } finally {
    await input.close();
  }
  return outcomes;
}

describe('acme-firewall mapping', () => {
  it('maps an allowed flow to Network Activity: Traffic with endpoints, traffic and the rule', () => {
    expect(onlyEvent(translate(line(FLOW)))).toEqual({
      activity_id: 6,
      activity_name: 'Traffic',
      category_uid: 4,
      category_name: 'Network Activity',
      class_uid: 4001,
      class_name: 'Network Activity',
      type_uid: 400106,
      type_name: 'Network Activity: Traffic',
      severity_id: 1,
      severity: 'Informational',
      action_id: 1,
      action: 'Allowed',
      disposition_id: 1,
      disposition: 'Allowed',
      time: Date.parse('2024-05-01T12:00:00.120Z'),
      src_endpoint: { ip: '192.0.2.10', port: 51515 },
      dst_endpoint: { ip: '198.51.100.7', port: 443 },
      connection_info: { protocol_name: 'tcp', protocol_num: 6, direction_id: 2, direction: 'Outbound' },
      traffic: { bytes_in: 52311, bytes_out: 1840, bytes: 54151, packets: 48 },
      firewall_rule: { name: 'allow-web-out' },
      metadata: {
        version: '1.1.0',
        product: { name: 'Edge Firewall', vendor_name: 'Acme' },
        profiles: ['security_control'],
      },
      unmapped: { device: 'edge-fw-01' },
      observables: [
        { name: 'src_endpoint.ip', type: 'IP Address', type_id: 2, value: '192.0.2.10' },
        { name: 'dst_endpoint.ip', type: 'IP Address', type_id: 2, value: '198.51.100.7' },
      ],
    });
  });

  it.each([
    ['deny', 5, 2, 2, 'Blocked'],
    ['drop', 5, 2, 6, 'Dropped'],
  ])(
    'maps action %s to Refuse with action %i and disposition %i',
    (action, activityId, actionId, dispositionId, disposition) => {
      const event = onlyEvent(translate(line({ ...FLOW, action })));
      expect(event).toMatchObject({
        activity_id: activityId,
        type_uid: 400100 + activityId,
        action_id: actionId,
        disposition_id: dispositionId,
        disposition,
      });
    },
  );

  it('maps dir in to Inbound and a missing dir to Unknown (OCSF requires a direction)', () => {
    expect(onlyEvent(translate(line({ ...FLOW, dir: 'in' }))).connection_info).toMatchObject({ direction_id: 1 });
    expect(onlyEvent(translate(line({ ...FLOW, dir: undefined }))).connection_info).toMatchObject({
      direction_id: 0,
      direction: 'Unknown',
    });
  });

  it('skips records that are not flows (heartbeats), with a code', () => {
    expect(translate(line({ log_type: 'acme.edge.heartbeat', ts: FLOW.ts }))).toEqual({
      kind: 'skipped',
      code: REASON.notAFlow,
      reason: expect.stringContaining('acme.edge.heartbeat'),
    });
  });

  it.each([
    ['a JSON array', [1, 2], REASON.notAnObject, undefined],
    ['an unknown action', { ...FLOW, action: 'reset' }, REASON.unknownAction, 'action'],
    ['no action', { ...FLOW, action: undefined }, REASON.missingField, 'action'],
    ['no timestamp', { ...FLOW, ts: undefined }, REASON.missingField, 'ts'],
    ['a timestamp that is no date', { ...FLOW, ts: 'yesterday' }, REASON.badTime, 'ts'],
    ['a source that is no IP', { ...FLOW, src: 'not-an-ip' }, REASON.badIp, 'src'],
    ['a port out of range', { ...FLOW, dport: 70000 }, REASON.badNumber, 'dport'],
    ['a negative byte count', { ...FLOW, bytes_in: -1 }, REASON.badNumber, 'bytes_in'],
  ])('rejects %s with a stable code naming the field', (_, value, code, field) => {
    const outcome = translate(line(value));
    expect(outcome).toMatchObject({ kind: 'rejected', code });
    if (outcome.kind === 'rejected') expect(outcome.field).toBe(field);
  });

  it('rejects a text row: the source is NDJSON only', () => {
    const row: RawRecord = { kind: 'row', columns: null, values: ['a'], location: { file: 'x', line: 1 } };
    expect(translate(row)).toMatchObject({ kind: 'rejected', code: REASON.notAnObject });
  });
});

describe('example.log', () => {
  it('gives 3 events, 1 skipped heartbeat and 1 rejected line, and accounts for every line', async () => {
    const outcomes = await outcomesOf(EXAMPLE);
    expect(outcomes.map((o) => (o.kind === 'emitted' ? o.kind : `${o.kind}:${o.code}`))).toEqual([
      'emitted',
      'emitted',
      'emitted',
      `skipped:${REASON.notAFlow}`,
      `rejected:${REASON.badIp}`,
    ]);
  });

  it('emits events that are valid OCSF 1.1.0 Network Activity', async () => {
    const validator = createValidator({ version: '1.1.0', classUid: 4001 });
    const events = (await outcomesOf(EXAMPLE)).flatMap((o) => (o.kind === 'emitted' ? o.events : []));
    expect(events).toHaveLength(3);
    for (const event of events) expect(validator.validate(event)).toEqual([]);
  });
});

describe('acme-firewall detect', () => {
  it('is confident about the example log', async () => {
    const input = await openInput(EXAMPLE);
    try {
      expect(plugin.detect(await input.sample())).toBeGreaterThanOrEqual(0.9);
    } finally {
      await input.close();
    }
  });

  it('scores other JSON sources and text input 0', () => {
    const cloudTrail = line({ eventVersion: '1.08', eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin' });
    expect(plugin.detect({ file: 'ct.json', format: 'json', head: '', records: [cloudTrail] })).toBe(0);
    expect(plugin.detect({ file: 'vpc.log', format: 'text', head: 'version account-id', records: [] })).toBe(0);
    expect(plugin.detect({ file: 'empty.json', format: 'json', head: '', records: [] })).toBe(0);
  });
});
