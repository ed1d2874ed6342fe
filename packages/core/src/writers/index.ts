export { createJsonArrayWriter, createJsonlWriter, type EventWriter } from './json-writers.js';
export * from './parquet/index.js';
export { openSink, type SinkTarget, type TextSink } from './sink.js';
