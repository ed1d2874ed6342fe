import type { SchemaElement } from 'hyparquet';
import { PhysicalType } from './column.js';
import type { RowGroupMeta } from './file.js';
import type { OcsfParquetSchema } from './schema.js';
import { ThriftWriter } from './thrift.js';

/** Thrift ids of the enums the schema uses (parquet.thrift). */
const REPETITION = { REQUIRED: 0, OPTIONAL: 1, REPEATED: 2 } as const;
const CONVERTED = { UTF8: 0, MAP: 1, LIST: 3, TIMESTAMP_MILLIS: 9, JSON: 19 } as const;
/** LogicalType union members: STRING 1, MAP 2, LIST 3, TIMESTAMP 8, JSON 12. */
const LOGICAL = { STRING: 1, MAP: 2, LIST: 3, TIMESTAMP: 8, JSON: 12 } as const;
/** TimeUnit union members. */
const TIME_UNIT = { MILLIS: 1, MICROS: 2, NANOS: 3 } as const;

function enumId<T extends Record<string, number>>(table: T, name: string, what: string): number {
  const id = table[name];
  if (id === undefined) throw new Error(`the Parquet writer has no ${what} ${name}`);
  return id;
}

function schemaElement(w: ThriftWriter, e: SchemaElement): void {
  if (e.type !== undefined) w.i32(1, enumId(PhysicalType, e.type, 'physical type'));
  if (e.repetition_type !== undefined) w.i32(3, enumId(REPETITION, e.repetition_type, 'repetition'));
  w.binary(4, e.name);
  if (e.num_children !== undefined) w.i32(5, e.num_children);
  if (e.converted_type !== undefined) w.i32(6, enumId(CONVERTED, e.converted_type, 'converted type'));
  const logical = e.logical_type;
  if (logical !== undefined) {
    w.struct(10, (u) => {
      const member = enumId(LOGICAL, logical.type, 'logical type');
      u.struct(member, (t) => {
        if (logical.type === 'TIMESTAMP') {
          t.bool(1, logical.isAdjustedToUTC);
          t.struct(2, (unit) => unit.struct(enumId(TIME_UNIT, logical.unit, 'time unit'), () => {}));
        }
      });
    });
  }
}

/** The file footer (FileMetaData, Thrift compact) of a finished file. */
export function footer(
  schema: OcsfParquetSchema,
  groups: readonly RowGroupMeta[],
  types: readonly number[],
  paths: readonly (readonly string[])[],
  codec: number,
  rows: number,
): Uint8Array {
  const w = new ThriftWriter();
  w.i32(1, 1);
  w.listStruct(2, schema.elements, schemaElement);
  w.i64(3, rows);
  w.listStruct(4, groups, (g, group) => {
    let uncompressed = 0;
    let compressed = 0;
    for (const { chunk } of group.columns) {
      uncompressed += chunk.uncompressed;
      compressed += chunk.compressed;
    }
    g.listStruct(1, group.columns, (c, { chunk, offset }, i) => {
      c.i64(2, offset);
      c.struct(3, (m) => {
        m.i32(1, types[i] as number);
        m.listI32(2, chunk.encodings);
        m.listBinary(3, paths[i] as string[]);
        m.i32(4, codec);
        m.i64(5, chunk.numValues);
        m.i64(6, chunk.uncompressed);
        m.i64(7, chunk.compressed);
        m.i64(9, offset + chunk.dictionaryBytes);
        if (chunk.dictionaryBytes > 0) m.i64(11, offset);
        m.struct(12, (s) => {
          s.i64(3, chunk.nullCount);
          if (chunk.max && chunk.min) s.binary(5, chunk.max).binary(6, chunk.min);
        });
      });
    });
    g.i64(2, uncompressed);
    g.i64(3, group.rows);
    g.i64(5, group.offset);
    g.i64(6, compressed);
  });
  w.listStruct(
    5,
    [
      ['ocsf.version', schema.version],
      ['ocsf.class_uid', String(schema.classUid)],
    ] as const,
    (kv, [key, value]) => kv.binary(1, key).binary(2, value),
  );
  w.binary(6, 'ocsfx');
  // TypeDefinedOrder for every column: min_value/max_value follow the type's natural order.
  w.listStruct(7, types, (o) => o.struct(1, () => {}));
  return w.end();
}
