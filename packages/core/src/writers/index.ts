export { createJsonArrayWriter, createJsonlWriter, type EventWriter } from './json-writers.js';
export { openSink, type SinkTarget, type TextSink } from './sink.js';
