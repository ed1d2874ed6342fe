import type { RecordLocation } from '../plugin/types.js';
import { splitFields } from './fields.js';
import { MAX_JSON_DEPTH, parseJson, tooDeep } from './json-parse.js';
import type { ReaderItem } from './types.js';

/**
 * Unwraps one parsed JSON value into records, whatever envelope AWS delivered it in:
 * `{"Records":[…]}` (CloudTrail in S3), a top-level array, a CloudWatch Logs subscription message
 * (`DATA_MESSAGE` → one record per log event, `CONTROL_MESSAGE` → skipped), an EventBridge event
 * (the record is `detail`), a bare `{"message": "…"}` log event, or a plain object.
 * Elements get `index` (0-based) in their location; `base` carries the file and line.
 */
export function expandJson(value: unknown, base: RecordLocation, out: ReaderItem[]): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) expandElement(value[i], { ...base, index: i }, out);
    return;
  }
  if (isObject(value)) {
    const records = value['Records'];
    if (Array.isArray(records)) {
      for (let i = 0; i < records.length; i++)
        out.push({ kind: 'json', value: records[i], location: { ...base, index: i } });
      return;
    }
    const events = value['events'];
    if (Array.isArray(events) && events.length > 0 && events.every(isFilteredLogEvent)) {
      // `aws logs filter-log-events` output: {"events":[{logStreamName, timestamp, message, ingestionTime, eventId}…]}.
      for (let i = 0; i < events.length; i++) {
        out.push(messageRecord((events[i] as { message: string }).message, { ...base, index: i }));
      }
      return;
    }
  }
  expandElement(value, base, out);
}

/** An event of `aws logs filter-log-events` / `get-log-events` output: a message and only log-event keys. */
function isFilteredLogEvent(event: unknown): boolean {
  return isObject(event) && typeof event['message'] === 'string' && onlyLogEventKeys(event);
}

/** One element of a top-level array (or one top-level value) into records, whatever its envelope. */
export function expandElement(value: unknown, location: RecordLocation, out: ReaderItem[]): void {
  if (!isObject(value)) {
    out.push({ kind: 'json', value, location });
    return;
  }
  const messageType = value['messageType'];
  if (messageType === 'CONTROL_MESSAGE') {
    out.push({
      kind: 'issue',
      outcome: 'skipped',
      code: 'json/cloudwatch-control',
      reason: 'CloudWatch Logs control message (subscription health check), not a log event',
      location,
    });
    return;
  }
  const logEvents = value['logEvents'];
  if (messageType === 'DATA_MESSAGE' && Array.isArray(logEvents)) {
    for (let i = 0; i < logEvents.length; i++) {
      const event: unknown = logEvents[i];
      const loc = { ...location, index: i };
      if (isObject(event) && typeof event['message'] === 'string') out.push(messageRecord(event['message'], loc));
      else out.push({ kind: 'json', value: event, location: loc });
    }
    return;
  }
  const detail = value['detail'];
  if (typeof value['detail-type'] === 'string' && typeof value['source'] === 'string' && isObject(detail)) {
    out.push({ kind: 'json', value: detail, location });
    return;
  }
  if (typeof value['message'] === 'string' && onlyLogEventKeys(value)) {
    out.push(messageRecord(value['message'], location));
    return;
  }
  out.push({ kind: 'json', value, location });
}

const LOG_EVENT_KEYS = new Set([
  'message',
  'id',
  'timestamp',
  'ingestionTime',
  '@timestamp',
  'logStream',
  'logGroup',
  // filter-log-events / get-log-events output
  'logStreamName',
  'eventId',
]);

function onlyLogEventKeys(value: Record<string, unknown>): boolean {
  for (const key in value) if (!LOG_EVENT_KEYS.has(key)) return false;
  return true;
}

/**
 * A CloudWatch log event's message: JSON objects (CloudTrail through CloudWatch) become JSON records;
 * anything else is a space-separated line without header (VPC Flow Logs through CloudWatch).
 */
function messageRecord(message: string, location: RecordLocation): ReaderItem {
  const trimmed = message.trimStart();
  if (trimmed.charCodeAt(0) === 123 /* { */) {
    if (tooDeep(message)) {
      return {
        kind: 'issue',
        outcome: 'rejected',
        code: 'json/too-deep',
        reason: `the log event's message is JSON nested deeper than ${MAX_JSON_DEPTH} levels`,
        location,
        raw: message.slice(0, 1024),
      };
    }
    try {
      const parsed: unknown = parseJson(message);
      if (isObject(parsed)) return { kind: 'json', value: parsed, location };
    } catch {
      // not JSON after all: fall through to the text form
    }
  }
  return { kind: 'row', columns: null, values: splitFields(message), location, text: message };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
