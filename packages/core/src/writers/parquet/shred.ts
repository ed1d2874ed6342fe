import { CodeWriter, plainNames, prop, timeCacheFor, timeExpr } from './codegen.js';
import { ColumnWriter, type LeafSpec, type Ledger, type PhysicalTypeName } from './column.js';
import type { Codec } from './compression.js';
import { encodeMap, jsonText, timestampMillis } from './encode.js';
import type { ParquetField, ParquetLeafType } from './schema.js';

/*
 * Record shredding (Dremel): each event is walked once along the file's schema and every leaf column gets
 * its definition level, repetition level and value appended. Levels follow the schema `schemaElements`
 * writes: every field OPTIONAL; a list is `<name>` (OPTIONAL) → `list` (REPEATED) → `element` (OPTIONAL);
 * a map is `<name>` (OPTIONAL) → `key_value` (REPEATED) → `key` (REQUIRED), `value` (OPTIONAL).
 */

interface LeafValue {
  readonly kind: 'leaf';
  readonly type: ParquetLeafType;
  readonly column: ColumnWriter;
  /** OCSF attribute path (the timestamp cache of the compiled write is per path). */
  readonly path: string;
}
interface StructValue {
  readonly kind: 'struct';
  readonly fields: readonly FieldNode[];
}
interface MapValue {
  readonly kind: 'map';
  readonly field: ParquetField;
  readonly key: ColumnWriter;
  readonly value: ColumnWriter;
  /** Definition level of an entry (the map is there and not empty). */
  readonly entryDef: number;
  readonly entryRep: number;
}
type ValueNode = LeafValue | StructValue | MapValue;

interface FieldNode {
  readonly name: string;
  readonly list: boolean;
  /** Definition level of the enclosing struct: what this field's columns get when it is null. */
  readonly def: number;
  /** Repetition level of the second and later list elements. */
  readonly rep: number;
  readonly value: ValueNode;
  /** Every leaf column below this field. */
  readonly leaves: readonly ColumnWriter[];
}

const PHYSICAL: Record<ParquetLeafType, PhysicalTypeName> = {
  string: 'BYTE_ARRAY',
  json: 'BYTE_ARRAY',
  int32: 'INT32',
  int64: 'INT64',
  timestamp: 'INT64',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
};

export interface ShredderOptions {
  /**
   * Default true: events are written by code generated for the schema (straight-line, one property read
   * and one column call per leaf); false: by the generic walk of the schema's nodes (the reference the
   * generated code is tested against; also the path where code cannot be generated).
   */
  compiled?: boolean;
}

/** The leaf columns of a file's schema and the walk that fills them. */
export class Shredder {
  readonly columns: ColumnWriter[] = [];
  readonly #fields: readonly FieldNode[];
  readonly #codec: Codec;
  readonly #ledger: Ledger;
  readonly #compiled: CompiledWrite | undefined;

  constructor(fields: readonly ParquetField[], codec: Codec, ledger: Ledger, options: ShredderOptions = {}) {
    this.#codec = codec;
    this.#ledger = ledger;
    this.#fields = fields.map((f) => this.#field(f, [], 0, 0));
    this.#compiled = options.compiled !== false && plainNames(fields) ? compileWrite(this.#fields) : undefined;
  }

  #column(path: readonly string[], type: PhysicalTypeName, maxDef: number, maxRep: number): ColumnWriter {
    const spec: LeafSpec = { path, type, maxDef, maxRep, dictionary: type === 'BYTE_ARRAY' || type === 'INT32' };
    const column = new ColumnWriter(spec, this.#codec, this.#ledger);
    this.columns.push(column);
    return column;
  }

  #field(field: ParquetField, path: readonly string[], def: number, rep: number): FieldNode {
    const first = this.columns.length;
    const at = [...path, field.name];
    const value = field.list
      ? this.#value(field, [...at, 'list', 'element'], def + 2, rep + 1)
      : this.#value(field, at, def, rep);
    return { name: field.name, list: field.list, def, rep: rep + 1, value, leaves: this.columns.slice(first) };
  }

  /** A value node whose enclosing level is defined at `def`; the value itself is OPTIONAL (def + 1). */
  #value(field: ParquetField, path: readonly string[], def: number, rep: number): ValueNode {
    const value = field.value;
    switch (value.kind) {
      case 'leaf':
        return {
          kind: 'leaf',
          type: value.type,
          column: this.#column(path, PHYSICAL[value.type], def + 1, rep),
          path: field.path,
        };
      case 'struct':
        return { kind: 'struct', fields: value.fields.map((f) => this.#field(f, path, def + 1, rep)) };
      case 'map': {
        const key = this.#column([...path, 'key_value', 'key'], 'BYTE_ARRAY', def + 2, rep + 1);
        const val = this.#column([...path, 'key_value', 'value'], 'BYTE_ARRAY', def + 3, rep + 1);
        return { kind: 'map', field, key, value: val, entryDef: def + 2, entryRep: rep + 1 };
      }
    }
  }

  /** Whether events are written by generated code (see `ShredderOptions.compiled`). */
  get compiled(): boolean {
    return this.#compiled !== undefined;
  }

  /** Appends one event (checked against the schema beforehand: nothing here can fail half-way). */
  write(event: Readonly<Record<string, unknown>>): void {
    if (this.#compiled) this.#compiled(event);
    else writeStruct(this.#fields, event, 0);
  }
}

function writeStruct(fields: readonly FieldNode[], value: Readonly<Record<string, unknown>>, rep: number): void {
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i] as FieldNode;
    writeField(f, value[f.name], rep);
  }
}

function nulls(leaves: readonly ColumnWriter[], def: number, rep: number): void {
  for (let i = 0; i < leaves.length; i++) (leaves[i] as ColumnWriter).null(def, rep);
}

function writeField(f: FieldNode, v: unknown, rep: number): void {
  if (v === undefined || v === null) {
    nulls(f.leaves, f.def, rep);
    return;
  }
  if (!f.list) {
    writeValue(f.value, v, rep);
    return;
  }
  const items = v as readonly unknown[];
  if (items.length === 0) {
    nulls(f.leaves, f.def + 1, rep);
    return;
  }
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const r = i === 0 ? rep : f.rep;
    if (item === undefined || item === null) nulls(f.leaves, f.def + 2, r);
    else writeValue(f.value, item, r);
  }
}

function writeValue(node: ValueNode, v: unknown, rep: number): void {
  switch (node.kind) {
    case 'leaf':
      writeLeaf(node.column, node.type, v, rep);
      return;
    case 'struct':
      writeStruct(node.fields, v as Record<string, unknown>, rep);
      return;
    case 'map':
      writeMap(node, v, rep);
      return;
  }
}

function writeMap(node: MapValue, v: unknown, rep: number): void {
  const entries = encodeMap(v, node.field);
  let i = 0;
  for (const k in entries) {
    const r = i === 0 ? rep : node.entryRep;
    node.key.string(k, r);
    const value = entries[k];
    if (value === null || value === undefined) node.value.null(node.entryDef, r);
    else node.value.string(value, r);
    i++;
  }
  if (i === 0) {
    // An empty map: there, with no entries.
    node.key.null(node.entryDef - 1, rep);
    node.value.null(node.entryDef - 1, rep);
  }
}

function writeLeaf(column: ColumnWriter, type: ParquetLeafType, v: unknown, rep: number): void {
  switch (type) {
    case 'string':
      column.string(v as string, rep);
      return;
    case 'int32':
      column.int32(v as number, rep);
      return;
    case 'int64':
      column.int64(v as number | bigint, rep);
      return;
    case 'timestamp':
      column.int64(timestampMillis(v), rep);
      return;
    case 'double':
      column.double(v as number, rep);
      return;
    case 'boolean':
      column.boolean(v as boolean, rep);
      return;
    case 'json':
      column.string(jsonText(v) as string, rep);
      return;
  }
}

type CompiledWrite = (event: Readonly<Record<string, unknown>>) => void;

/** Beyond this many leaves, a null field's columns are nulled in a loop rather than call by call. */
const INLINE_NULLS = 6;

/**
 * The same walk as `writeStruct` (same column calls in the same order), as generated code: one function per
 * struct, each field a constant property read followed by its columns' calls.
 */
function compileWrite(fields: readonly FieldNode[]): CompiledWrite | undefined {
  return new WriteCodeWriter().write(fields);
}

class WriteCodeWriter extends CodeWriter {
  write(fields: readonly FieldNode[]): CompiledWrite | undefined {
    const root = this.functionName('shred_');
    this.addFunction(`function ${root}(v) { ${this.#struct(fields, 'event')}(v, 0); }`);
    return this.compile<CompiledWrite>(root);
  }

  /** Writes the function shredding one struct's fields (`path` names it); returns its name. */
  #struct(fields: readonly FieldNode[], path: string): string {
    const name = this.functionName(`shred_${path}_`);
    const lines = [`function ${name}(v, r) {`, 'let x;'];
    for (const f of fields) {
      lines.push(`x = ${prop('v', f.name)};`);
      lines.push(`if (x === undefined || x === null) { ${this.#nulls(f, f.def, 'r')} }`);
      const at = path === 'event' ? f.name : `${path}.${f.name}`;
      if (!f.list) lines.push(`else { ${this.#value(f.value, 'x', 'r', at)} }`);
      else {
        lines.push(
          `else if (x.length === 0) { ${this.#nulls(f, f.def + 1, 'r')} }`,
          'else for (let i = 0; i < x.length; i++) {',
          'const y = x[i];',
          `const q = i === 0 ? r : ${f.rep};`,
          `if (y === undefined || y === null) { ${this.#nulls(f, f.def + 2, 'q')} }`,
          `else { ${this.#value(f.value, 'y', 'q', at)} }`,
          '}',
        );
      }
    }
    lines.push('}');
    this.addFunction(lines.join('\n'));
    return name;
  }

  #nulls(f: FieldNode, def: number, rep: string): string {
    if (f.leaves.length > INLINE_NULLS) {
      return `${this.constant(nulls)}(${this.constant(f.leaves)}, ${def}, ${rep});`;
    }
    return f.leaves.map((c) => `${this.constant(c)}.null(${def}, ${rep});`).join(' ');
  }

  #value(node: ValueNode, x: string, rep: string, path: string): string {
    switch (node.kind) {
      case 'struct':
        return `${this.#struct(node.fields, path)}(${x}, ${rep});`;
      case 'map':
        return `${this.constant(writeMap)}(${this.constant(node)}, ${x}, ${rep});`;
      case 'leaf': {
        const c = this.constant(node.column);
        switch (node.type) {
          case 'string':
            return `${c}.string(${x}, ${rep});`;
          case 'int32':
            return `${c}.int32(${x}, ${rep});`;
          case 'int64':
            return `${c}.int64(${x}, ${rep});`;
          case 'timestamp':
            return `${c}.int64(${timeExpr(x, this.constant(timeCacheFor(node.path)))}, ${rep});`;
          case 'double':
            return `${c}.double(${x}, ${rep});`;
          case 'boolean':
            return `${c}.boolean(${x}, ${rep});`;
          case 'json':
            return `${c}.string(${this.constant(jsonText)}(${x}), ${rep});`;
        }
      }
    }
  }
}
