import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parquetMetadataAsync, parquetSchema } from 'hyparquet';
import { afterEach, describe, expect, it } from 'vitest';
import { ParquetEncodeError } from './encode.js';
import { partitionOf, partitionValue } from './layout.js';
import { leafPaths, ocsfParquetSchema } from './schema.js';
import { filesBelow, readEvents, tempDirs } from './test-helpers/files.js';
import { createParquetWriter } from './writer.js';

const temp = tempDirs('ocsfx-parquet-');
const tempDir = () => temp.make();
afterEach(() => temp.cleanup());
const listFiles = async (dir: string) => (await filesBelow(dir)).map((f) => relative(dir, f));

function authEvent(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    activity_id: 1,
    category_uid: 3,
    class_uid: 3002,
    cloud: { provider: 'AWS', region: 'eu-west-1', account: { uid: '000011112222' } },
    metadata: {
      version: '1.1.0',
      product: { name: 'CloudTrail', vendor_name: 'AWS', feature: { name: 'Management' } },
      profiles: ['cloud', 'datetime'],
    },
    severity_id: 1,
    src_endpoint: { ip: `10.0.0.${i % 250}` },
    time: Date.UTC(2024, 8, 11, 12, 0, i),
    time_dt: new Date(Date.UTC(2024, 8, 11, 12, 0, i)).toISOString(),
    type_uid: 300201,
    user: { name: `user${i}`, uid: `arn:aws:iam::000011112222:user/user${i}` },
    observables: [{ name: 'src_endpoint.ip', type: 'IP Address', type_id: 2, value: `10.0.0.${i % 250}` }],
    unmapped: { 'additionalEventData.MFAUsed': 'No', count: i },
    ...extra,
  };
}

describe('the Parquet schema of an OCSF class', () => {
  it('has nested structs, 3-level LISTs, a MAP for unmapped, INT64 time, INT32 enums and UTC millisecond timestamps', () => {
    const schema = ocsfParquetSchema(3002, '1.1.0');
    const byName = new Map(schema.elements.map((e) => [e.name, e]));
    expect(byName.get('time')).toMatchObject({ type: 'INT64', repetition_type: 'OPTIONAL' });
    expect(byName.get('time')?.converted_type).toBeUndefined();
    expect(byName.get('class_uid')).toMatchObject({ type: 'INT32' });
    expect(byName.get('activity_id')).toMatchObject({ type: 'INT32' });
    expect(byName.get('type_uid')).toMatchObject({ type: 'INT64' });
    expect(byName.get('time_dt')).toMatchObject({
      type: 'INT64',
      logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
    });
    const at = schema.elements.findIndex((e) => e.name === 'observables');
    expect(schema.elements.slice(at, at + 3)).toMatchObject([
      { name: 'observables', converted_type: 'LIST', logical_type: { type: 'LIST' }, num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      { name: 'element', repetition_type: 'OPTIONAL' },
    ]);
    const um = schema.elements.findIndex((e) => e.name === 'unmapped');
    expect(schema.elements.slice(um, um + 4)).toMatchObject([
      { name: 'unmapped', converted_type: 'MAP', logical_type: { type: 'MAP' }, num_children: 1 },
      { name: 'key_value', repetition_type: 'REPEATED', num_children: 2 },
      { name: 'key', repetition_type: 'REQUIRED', converted_type: 'UTF8' },
      { name: 'value', repetition_type: 'OPTIONAL', converted_type: 'UTF8' },
    ]);
  });

  it('keeps objects to the depth cut and never nests an object inside itself', () => {
    const paths = leafPaths(ocsfParquetSchema(4001, '1.1.0').fields);
    expect(paths).toEqual(
      expect.arrayContaining(['src_endpoint.ip', 'metadata.product.feature.name', 'cloud.account.uid']),
    );
    expect(Math.max(...paths.map((p) => p.split('.').length))).toBeLessThanOrEqual(4);
    const shallow = leafPaths(ocsfParquetSchema(4001, '1.1.0', { maxDepth: 1 }).fields);
    expect(shallow).toContain('src_endpoint.ip');
    expect(shallow).not.toContain('metadata.product.name');
    expect(paths.some((p) => /(^|\.)process\..*\bprocess\./.test(p))).toBe(false);
  });

  it('names the class and version it cannot find', () => {
    expect(() => ocsfParquetSchema(9999, '1.1.0')).toThrow(/no class 9999/);
    expect(() => ocsfParquetSchema(3002, '0.9')).toThrow(/0\.9/);
  });
});

describe('partitions', () => {
  it('come from cloud.region, the account uid of either version and the UTC day of time', () => {
    expect(partitionOf(authEvent(1))).toEqual({ region: 'eu-west-1', accountId: '000011112222', eventDay: '20240911' });
    expect(partitionOf({ cloud: { account_uid: '1' }, time: Date.UTC(2023, 0, 2, 23, 59) })).toMatchObject({
      accountId: '1',
      eventDay: '20230102',
    });
    expect(partitionOf({ actor: { user: { account_uid: '2' } } })).toMatchObject({ accountId: '2' });
    expect(partitionOf({ actor: { user: { account: { uid: '3' } } } })).toMatchObject({ accountId: '3' });
    expect(partitionOf({ user: { account_uid: '4' } })).toMatchObject({ accountId: '4' });
    expect(partitionOf({})).toEqual({ region: 'unknown', accountId: 'unknown', eventDay: 'unknown' });
  });

  it('can never leave their directory', () => {
    expect(partitionValue('../../etc')).toBe('.._.._etc');
    expect(partitionValue('..')).toBe('unknown');
    expect(partitionValue('a/b')).toBe('a_b');
  });
});

describe('createParquetWriter', () => {
  it('writes one file per class in the plain layout, and reads back the events (unmapped values as strings)', async () => {
    const dir = tempDir();
    const writer = createParquetWriter({ dir, rowGroupRows: 7 });
    const events = Array.from({ length: 30 }, (_, i) => authEvent(i));
    for (const e of events) await writer.write(e);
    await writer.close();
    const files = await listFiles(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^3002-[0-9a-f-]{36}\.gz\.parquet$/);
    const back = await readEvents(join(dir, files[0] as string));
    // unmapped is MAP<string,string>: the number 7 comes back as "7".
    expect(back).toEqual(
      events.map((e) => ({
        ...e,
        unmapped: { 'additionalEventData.MFAUsed': 'No', count: String(((e.time as number) % 60000) / 1000) },
      })),
    );
    const bytes = await readFile(join(dir, files[0] as string));
    const metadata = await parquetMetadataAsync(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    );
    expect(metadata.row_groups.map((g) => Number(g.num_rows))).toEqual([7, 7, 7, 7, 2]);
    expect(metadata.row_groups[0]?.columns[0]?.meta_data?.codec).toBe('GZIP');
    expect(parquetSchema(metadata).children.map((c) => c.element.name)).toContain('unmapped');
  });

  it('writes the Security Lake layout, one file per partition', async () => {
    const dir = tempDir();
    const writer = createParquetWriter({ dir, layout: 'security-lake', sourceName: 'cloudtrail-auth' });
    await writer.write(authEvent(1));
    await writer.write(authEvent(2, { cloud: { region: 'us-east-1', account: { uid: '9' } } }));
    await writer.write(authEvent(3));
    await writer.write(authEvent(4, { time: Date.UTC(2024, 8, 12) }));
    await writer.close();
    const files = await listFiles(dir);
    expect(files.map((f) => f.replace(/[0-9a-f-]{36}/, 'UUID'))).toEqual([
      'ext/cloudtrail-auth/region=eu-west-1/accountId=000011112222/eventDay=20240911/UUID.gz.parquet',
      'ext/cloudtrail-auth/region=eu-west-1/accountId=000011112222/eventDay=20240912/UUID.gz.parquet',
      'ext/cloudtrail-auth/region=us-east-1/accountId=9/eventDay=20240911/UUID.gz.parquet',
    ]);
    expect(writer.files).toHaveLength(3);
    const first = files[0] as string;
    expect((await readEvents(join(dir, first))).map((e) => (e as { user: { name: string } }).user.name)).toEqual([
      'user1',
      'user3',
    ]);
  });

  it('starts a new file when the size limit is reached', async () => {
    const dir = tempDir();
    const writer = createParquetWriter({ dir, rowGroupRows: 10, maxFileBytes: 1 });
    for (let i = 0; i < 25; i++) await writer.write(authEvent(i));
    await writer.close();
    const files = await listFiles(dir);
    expect(files).toHaveLength(3);
    let total = 0;
    for (const f of files) total += (await readEvents(join(dir, f))).length;
    expect(total).toBe(25);
  });

  it('bounds what it buffers across open files', async () => {
    const dir = tempDir();
    const writer = createParquetWriter({
      dir,
      layout: 'security-lake',
      sourceName: 's',
      rowGroupRows: 100,
      maxBufferedRows: 100,
    });
    for (let i = 0; i < 300; i++) await writer.write(authEvent(i, { cloud: { region: `r${i % 3}` } }));
    await writer.close();
    const files = await listFiles(dir);
    expect(files).toHaveLength(3);
    for (const f of files) {
      const bytes = await readFile(join(dir, f));
      const md = await parquetMetadataAsync(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      // 300 rows over 3 partitions with a shared budget of 100: flushed before any buffer held all 100.
      expect(md.row_groups.length).toBeGreaterThan(1);
      expect(Number(md.num_rows)).toBe(100);
    }
  });

  it('refuses attributes outside the schema and values of the wrong type, naming the attribute', () => {
    const writer = createParquetWriter({ dir: tempDir() });
    expect(() => writer.write(authEvent(1, { not_ocsf: 1 }))).toThrow(ParquetEncodeError);
    expect(() => writer.write(authEvent(1, { src_endpoint: { port: 'eighty' } }))).toThrow(/src_endpoint\.port/);
    expect(() => writer.write({ class_uid: 3002 })).toThrow(/metadata\.version/);
  });

  it('writes each class to its own Security Lake source, and refuses a class without one', async () => {
    const dir = tempDir();
    const writer = createParquetWriter({ dir, layout: 'security-lake', sourceName: { 3002: 'auth', 4001: 'flows' } });
    const flow = {
      activity_id: 6,
      category_uid: 4,
      class_uid: 4001,
      cloud: { provider: 'AWS', region: 'eu-west-1', account: { uid: '000011112222' } },
      metadata: { version: '1.1.0', product: { name: 'Amazon VPC', vendor_name: 'AWS' } },
      severity_id: 1,
      time: Date.UTC(2024, 8, 11),
      type_uid: 400106,
    };
    await writer.write(authEvent(1));
    await writer.write(flow);
    expect(() => writer.write({ ...flow, class_uid: 4003, type_uid: 400301 })).toThrow(/--source-name 4003=NAME/);
    await writer.close();
    const files = (await listFiles(dir)).map((f) => f.replace(/[0-9a-f-]{36}/, 'UUID'));
    expect(files.sort()).toEqual([
      'ext/auth/region=eu-west-1/accountId=000011112222/eventDay=20240911/UUID.gz.parquet',
      'ext/flows/region=eu-west-1/accountId=000011112222/eventDay=20240911/UUID.gz.parquet',
    ]);
  });

  it('leaves no file behind when aborted, and commits nothing before close', async () => {
    const dir = tempDir();
    const writer = createParquetWriter({ dir, rowGroupRows: 2, layout: 'security-lake', sourceName: 'x' });
    for (let i = 0; i < 5; i++) await writer.write(authEvent(i));
    expect((await listFiles(dir)).every((f) => /\/\.[^/]+\.tmp$/.test(f))).toBe(true);
    await writer.abort();
    expect(await listFiles(dir)).toEqual([]);
  });

  it('refuses a second class in a Security Lake source and a bad source name', async () => {
    const writer = createParquetWriter({ dir: tempDir(), layout: 'security-lake', sourceName: 'x' });
    await writer.write(authEvent(1));
    expect(() => writer.write(authEvent(2, { metadata: { version: '1.0.0-rc.2' } }))).toThrow(
      /source "x" already holds OCSF 3002@1\.1\.0.*--source-name 3002=NAME/,
    );
    await writer.abort();
    expect(() =>
      createParquetWriter({ dir: 'x', layout: 'security-lake', sourceName: { 3002: 'a', 4001: 'a' } }),
    ).toThrow(/one OCSF class/);
    expect(() => createParquetWriter({ dir: 'x', layout: 'security-lake', sourceName: { auth: 'a' } })).toThrow(
      /CLASS_UID=NAME/,
    );
    expect(() => createParquetWriter({ dir: 'x', layout: 'security-lake' })).toThrow(/source name/);
    expect(() => createParquetWriter({ dir: 'x', layout: 'security-lake', sourceName: '../x' })).toThrow(/letters/);
  });
});
