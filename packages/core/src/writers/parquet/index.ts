export {
  COMPRESSION_LEVELS,
  compressionAvailable,
  compressionLevelProblem,
  type ParquetColumns,
  type ParquetCompression,
} from './compression.js';
export { ParquetEncodeError } from './encode.js';
export {
  type LakeSourceNames,
  type ParquetLayout,
  type Partition,
  partitionOf,
  UNKNOWN_PARTITION,
} from './layout.js';
export {
  DEFAULT_MAX_DEPTH,
  type OcsfParquetSchema,
  ocsfParquetSchema,
  type ParquetField,
  type ParquetLeafType,
  type ParquetSchemaOptions,
} from './schema.js';
export {
  createParquetWriter,
  DEFAULT_MAX_FILE_BYTES,
  DEFAULT_ROW_GROUP_ROWS,
  type ParquetEventWriter,
  type ParquetWriterOptions,
} from './writer.js';
