export { JsonBytes, type JsonEncoder, jsonFragment } from './json-bytes.js';
export { createJsonArrayWriter, createJsonlWriter, type EventWriter, type JsonlWriter } from './json-writers.js';
export {
  describeErrno,
  ensureDir,
  NAME_MAX,
  OutputError,
  removeTempFilesSync,
  TEMP_FILE,
  truncateUtf8,
} from './output-files.js';
export * from './parquet/index.js';
export { openSink, type SinkTarget, type TextSink } from './sink.js';
