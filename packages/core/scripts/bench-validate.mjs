#!/usr/bin/env node
// Validation throughput for OCSF 1.1.0 Network Activity (4001) events, with the bundled data, against dist/.
//
//   node scripts/bench-validate.mjs [count=5000] [rounds=5]
//
// The events look like VPC Flow Log translations: ACCEPT/REJECT, both directions, IPv4/IPv6, NODATA records,
// observables and unmapped fields, with the datetime profile on half of them (two compiled validators in use).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'dist', 'index.js');
if (!existsSync(dist)) {
  console.error(`bench-validate: ${dist} is missing; run \`pnpm --filter @ocsfx/core build\` first.`);
  process.exit(2);
}
const { createValidator } = await import(dist);

const count = Number(process.argv[2] ?? 5000);
const rounds = Number(process.argv[3] ?? 5);

// A small deterministic PRNG, so runs compare.
let seed = 42;
const rand = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = (list) => list[Math.floor(rand() * list.length)];
const ipv4 = () =>
  `${10 + Math.floor(rand() * 200)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${1 + Math.floor(rand() * 254)}`;
const ipv6 = () => `2600:1f18:${Math.floor(rand() * 65535).toString(16)}::${Math.floor(rand() * 65535).toString(16)}`;
const hex = (n) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');

function flowEvent(i) {
  const accept = rand() < 0.7;
  const ingress = rand() < 0.5;
  const datetime = i % 2 === 0;
  const v6 = rand() < 0.1;
  const start = 1_700_000_000 + i;
  const activity = accept ? 6 : 5;
  const src = { ip: v6 ? ipv6() : ipv4(), port: Math.floor(rand() * 65535) };
  const dst = { ip: v6 ? ipv6() : ipv4(), port: pick([22, 80, 443, 3306, 5432]) };
  const ids = {
    instance_uid: `i-${hex(17)}`,
    interface_uid: `eni-${hex(17)}`,
    subnet_uid: `subnet-${hex(17)}`,
    vpc_uid: `vpc-${hex(8)}`,
  };
  Object.assign(ingress ? dst : src, ids);
  const event = {
    action: accept ? 'Allowed' : 'Denied',
    action_id: accept ? 1 : 2,
    activity_id: activity,
    activity_name: accept ? 'Traffic' : 'Refuse',
    category_name: 'Network Activity',
    category_uid: 4,
    class_name: 'Network Activity',
    class_uid: 4001,
    cloud: { account: { uid: '123456789012' }, provider: 'AWS', region: pick(['us-east-1', 'eu-west-1']) },
    connection_info: {
      boundary_id: pick([4, 5, 11]),
      direction: ingress ? 'Inbound' : 'Outbound',
      direction_id: ingress ? 1 : 2,
      protocol_num: pick([6, 17]),
      protocol_ver: v6 ? 'IPv6' : 'IPv4',
      tcp_flags: pick([2, 18, 19]),
    },
    disposition: accept ? 'Allowed' : 'Blocked',
    disposition_id: accept ? 1 : 2,
    dst_endpoint: dst,
    end_time: (start + 60) * 1000,
    metadata: {
      product: { feature: { name: 'Flowlogs' }, name: 'Amazon VPC', vendor_name: 'AWS', version: '5' },
      profiles: datetime ? ['cloud', 'security_control', 'datetime'] : ['cloud', 'security_control'],
      version: '1.1.0',
    },
    observables: [
      { name: 'src_endpoint.ip', type: 'IP Address', type_id: 2, value: src.ip },
      { name: 'dst_endpoint.ip', type: 'IP Address', type_id: 2, value: dst.ip },
      {
        name: `${ingress ? 'dst' : 'src'}_endpoint.instance_uid`,
        type: 'Resource UID',
        type_id: 10,
        value: ids.instance_uid,
      },
    ],
    severity: 'Informational',
    severity_id: 1,
    src_endpoint: src,
    start_time: start * 1000,
    status_code: 'OK',
    time: start * 1000,
    traffic: { bytes: Math.floor(rand() * 1e6), packets: 1 + Math.floor(rand() * 1000) },
    type_name: `Network Activity: ${accept ? 'Traffic' : 'Refuse'}`,
    type_uid: 400100 + activity,
    unmapped: { 'pkt-src-aws-service': '-', 'flow-direction': ingress ? 'ingress' : 'egress' },
  };
  if (datetime) {
    const iso = (ms) => new Date(ms).toISOString();
    Object.assign(event, {
      time_dt: iso(event.time),
      start_time_dt: iso(event.start_time),
      end_time_dt: iso(event.end_time),
    });
  }
  return event;
}

const events = Array.from({ length: count }, (_, i) => flowEvent(i));
const validator = createValidator({ version: '1.1.0' });

let t = performance.now();
const firstIssues = validator.validate(events[0]);
const warm = performance.now() - t;
if (firstIssues.length > 0) {
  console.error('bench-validate: the generated event is not valid:', firstIssues);
  process.exit(1);
}
for (const event of events) validator.validate(event); // warm both profile variants and the JIT

const rates = [];
let invalid = 0;
for (let r = 0; r < rounds; r++) {
  t = performance.now();
  for (const event of events) invalid += validator.validate(event).length > 0 ? 1 : 0;
  rates.push(count / ((performance.now() - t) / 1000));
}
rates.sort((a, b) => a - b);
const median = rates[Math.floor(rates.length / 2)];
console.log(
  JSON.stringify({
    bench: 'validate OCSF 1.1.0 4001',
    events: count,
    rounds,
    invalid,
    firstCompileMs: Math.round(warm),
    eventsPerSecond: Math.round(median),
    min: Math.round(rates[0]),
    max: Math.round(rates[rates.length - 1]),
  }),
);
if (invalid > 0) process.exit(1);
