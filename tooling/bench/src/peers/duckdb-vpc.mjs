#!/usr/bin/env node
import { DuckDBInstance } from '@duckdb/node-api';
/**
 * The SQL peer: what a user who does not pick ocsfx would write. DuckDB reads the VPC Flow Logs text
 * (`read_csv` of the .log.gz, space-delimited, `-` as null), maps every record to the plugin's OCSF 1.1.0
 * Network Activity event in one `SELECT … struct_pack …`, and `COPY`s the result to JSON lines or Parquet.
 * Same fields as the plugin, in the plugin's order, the same enum captions (taken from core's tables) and
 * observables; what SQL cannot express the same way is listed in the bench README (absent attributes are
 * written as null rather than left out, for one).
 *
 *   node duckdb-vpc.mjs json|parquet THREADS OUTPUT INPUT...
 *
 * Several inputs are read by one `read_csv` of the list into one output, the way one SQL statement does it.
 */
import { ACTION, BOUNDARY, DIRECTION, DISPOSITION, NETWORK_ACTIVITY } from '@ocsfx/core';

const [format, threads, output, ...inputs] = process.argv.slice(2);
if ((format !== 'json' && format !== 'parquet') || !(Number(threads) >= 1) || !output || inputs.length === 0) {
  console.error('usage: duckdb-vpc.mjs json|parquet THREADS OUTPUT INPUT...');
  process.exit(2);
}

/** The columns of the AWS default v5 set, typed as the plugin reads them. */
const COLUMNS = {
  version: 'INTEGER',
  'account-id': 'VARCHAR',
  'interface-id': 'VARCHAR',
  srcaddr: 'VARCHAR',
  dstaddr: 'VARCHAR',
  srcport: 'INTEGER',
  dstport: 'INTEGER',
  protocol: 'INTEGER',
  packets: 'BIGINT',
  bytes: 'BIGINT',
  start: 'BIGINT',
  end: 'BIGINT',
  action: 'VARCHAR',
  'log-status': 'VARCHAR',
  'vpc-id': 'VARCHAR',
  'subnet-id': 'VARCHAR',
  'instance-id': 'VARCHAR',
  'tcp-flags': 'INTEGER',
  type: 'VARCHAR',
  'pkt-srcaddr': 'VARCHAR',
  'pkt-dstaddr': 'VARCHAR',
  region: 'VARCHAR',
  'az-id': 'VARCHAR',
  'sublocation-type': 'VARCHAR',
  'sublocation-id': 'VARCHAR',
  'pkt-src-aws-service': 'VARCHAR',
  'pkt-dst-aws-service': 'VARCHAR',
  'flow-direction': 'VARCHAR',
  'traffic-path': 'INTEGER',
};

const q = (text) => `'${String(text).replaceAll("'", "''")}'`;
/** `CASE expr WHEN k THEN 'caption' … END` from one of core's enum tables. */
const caption = (expr, table) =>
  `CASE ${expr} ${Object.entries(table)
    .map(([id, name]) => `WHEN ${id} THEN ${q(name)}`)
    .join(' ')} END`;

const columns = `{${Object.entries(COLUMNS)
  .map(([name, type]) => `${q(name)}: ${q(type)}`)
  .join(', ')}}`;

// Which side the interface, VPC, instance and subnet ids describe (ingress → destination).
const ids = (side) => {
  const on = side === 'dst' ? `"flow-direction" = 'ingress'` : `"flow-direction" IS DISTINCT FROM 'ingress'`;
  return ['interface', 'vpc', 'instance', 'subnet']
    .map((name) => `${name}_uid := CASE WHEN ${on} THEN "${name}-id" END`)
    .join(', ');
};
const endpoint = (side) => {
  const addr = `${side}addr`;
  const pkt = `"pkt-${side}addr"`;
  return `struct_pack(
      port := ${side}port,
      ip := coalesce(${pkt}, ${addr}),
      intermediate_ips := CASE WHEN ${pkt} <> ${addr} THEN [${addr}] END,
      svc_name := "pkt-${side}-aws-service",
      ${ids(side)})`;
};
// Parquet has timestamp columns for the datetime profile's `_dt` twins; JSON has RFC 3339 text.
const datetime = (expr) =>
  format === 'parquet'
    ? `make_timestamp((${expr}) * 1000000)`
    : `strftime(make_timestamp((${expr}) * 1000000), '%Y-%m-%dT%H:%M:%S.%gZ')`;
const observable = (name, type, typeId, value) =>
  `struct_pack(name := ${q(name)}, type := ${q(type)}, type_id := ${typeId}, value := ${value})`;

const select = `
SELECT
  activity_id,
  ${caption('activity_id', NETWORK_ACTIVITY)} AS activity_name,
  4 AS category_uid,
  'Network Activity' AS category_name,
  4001 AS class_uid,
  'Network Activity' AS class_name,
  1 AS severity_id,
  'Informational' AS severity,
  400100 + activity_id AS type_uid,
  'Network Activity: ' || activity_name AS type_name,
  struct_pack(
    product := struct_pack(name := 'Amazon VPC', vendor_name := 'AWS', feature := struct_pack(name := 'Flowlogs'), version := CAST(version AS VARCHAR)),
    profiles := ['cloud', 'security_control', 'datetime'],
    version := '1.1.0') AS metadata,
  struct_pack(provider := 'AWS', account := struct_pack(uid := "account-id"), region := region, zone := "az-id") AS cloud,
  ${endpoint('src')} AS src_endpoint,
  ${endpoint('dst')} AS dst_endpoint,
  struct_pack(
    protocol_num := protocol,
    tcp_flags := "tcp-flags",
    protocol_ver := type,
    boundary_id := "traffic-path" + 3,
    boundary := ${caption('"traffic-path" + 3', BOUNDARY)},
    direction_id := direction_id,
    direction := ${caption('direction_id', DIRECTION)}) AS connection_info,
  struct_pack(packets := packets, bytes := bytes) AS traffic,
  start * 1000 AS start_time,
  "end" * 1000 AS end_time,
  "log-status" AS status_code,
  action_id,
  ${caption('action_id', ACTION)} AS action,
  CASE WHEN action_id > 0 THEN action_id END AS disposition_id,
  CASE WHEN action_id > 0 THEN ${caption('action_id', DISPOSITION)} END AS disposition,
  coalesce(start, "end") * 1000 AS time,
  ${datetime('coalesce(start, "end")')} AS time_dt,
  ${datetime('start')} AS start_time_dt,
  ${datetime('"end"')} AS end_time_dt,
  list_filter([
    ${observable('dst_endpoint.intermediate_ips[]', 'IP Address', 2, 'CASE WHEN "pkt-dstaddr" <> dstaddr THEN dstaddr END')},
    ${observable('dst_endpoint.ip', 'IP Address', 2, 'coalesce("pkt-dstaddr", dstaddr)')},
    ${observable('dst_endpoint.instance_uid', 'Resource UID', 10, `CASE WHEN "flow-direction" = 'ingress' THEN "instance-id" END`)},
    ${observable('src_endpoint.intermediate_ips[]', 'IP Address', 2, 'CASE WHEN "pkt-srcaddr" <> srcaddr THEN srcaddr END')},
    ${observable('src_endpoint.ip', 'IP Address', 2, 'coalesce("pkt-srcaddr", srcaddr)')},
    ${observable('src_endpoint.instance_uid', 'Resource UID', 10, `CASE WHEN "flow-direction" IS DISTINCT FROM 'ingress' THEN "instance-id" END`)}
  ], o -> o.value IS NOT NULL) AS observables,
  CASE WHEN "sublocation-type" IS NOT NULL OR "sublocation-id" IS NOT NULL
    THEN struct_pack("sublocation-type" := "sublocation-type", "sublocation-id" := "sublocation-id") END AS unmapped
FROM (
  SELECT *,
    CASE WHEN "log-status" IN ('NODATA', 'SKIPDATA') THEN 0 WHEN action = 'ACCEPT' THEN 6 WHEN action = 'REJECT' THEN 5 ELSE 0 END AS activity_id,
    CASE action WHEN 'ACCEPT' THEN 1 WHEN 'REJECT' THEN 2 ELSE 0 END AS action_id,
    CASE "flow-direction" WHEN 'ingress' THEN 1 WHEN 'egress' THEN 2 ELSE 0 END AS direction_id
  FROM read_csv([${inputs.map(q).join(', ')}], delim = ' ', header = true, nullstr = '-', quote = '', escape = '', columns = ${columns})
)`;

const options = format === 'parquet' ? '(FORMAT parquet, COMPRESSION gzip)' : '(FORMAT json)';
const db = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const conn = await db.connect();
try {
  const result = await conn.run(`COPY (${select}) TO ${q(output)} ${options}`);
  const rows = await result.getRowsJS();
  process.stderr.write(`${rows[0]?.[0] ?? '?'} records\n`);
} finally {
  conn.closeSync();
  db.closeSync();
}
