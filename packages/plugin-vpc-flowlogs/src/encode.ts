/**
 * The translator's JSON encoder (core's `Translator.encodeJson`): writes an event this translator just
 * made straight into the output bytes, in the order its attributes were added, so the bytes are exactly
 * `JSON.stringify(event)`'s. The constant parts (class, category, metadata, profiles, object keys) are
 * bytes made once per OCSF version; values go through core's `JsonBytes` (ASCII copied as it is).
 *
 * Only events of the common shape are encoded: records with both ports, the protocol and a packet or
 * byte count, whose `src_endpoint`, `dst_endpoint`, `connection_info` and `traffic` objects the mapping
 * table creates before any rule runs, so their place among the event's keys is always the same. Any
 * other record (NODATA, a custom format without ports, …) is left to `JSON.stringify`, as is an event
 * that is not the last one `translate` returned (the encoder knows the event by identity).
 */
import {
  ACTION,
  BOUNDARY,
  DIRECTION,
  DISPOSITION,
  type JsonBytes,
  jsonFragment,
  NETWORK_ACTIVITY,
  type OcsfEvent,
  typeName,
  typeUid,
} from '@ocsfx/core';
import { CLASS, CLOUD_PROVIDER, COMPILED_OBSERVABLES, PRODUCT } from './mapping.js';
import type { VpcTarget } from './versions.js';

/** The attributes of an event of the common shape, as the translator and its rules set them. */
interface Endpoint {
  port: number;
  svc_name?: string;
  ip?: string;
  intermediate_ips?: string[];
  interface_uid?: string;
  vpc_uid?: string;
  instance_uid?: string;
  subnet_uid?: string;
}

interface VpcEvent {
  activity_id: number;
  activity_name: string;
  type_uid: number;
  type_name: string;
  metadata: {
    product: { version?: string };
    log_source?: string;
    log_format?: string;
  };
  cloud: { account?: { uid: string }; account_uid?: string; region?: string; zone?: string };
  raw_data_size?: number;
  src_endpoint: Endpoint;
  dst_endpoint: Endpoint;
  connection_info: {
    protocol_num: number;
    tcp_flags?: number;
    boundary_id?: number;
    boundary?: string;
    protocol_ver_id?: number;
    protocol_ver?: string;
    direction_id: number;
    direction: string;
  };
  traffic: { packets?: number; bytes?: number; start_time?: number; end_time?: number };
  start_time?: number;
  end_time?: number;
  status_code?: string;
  action_id?: number;
  action?: string;
  disposition_id?: number;
  disposition?: string;
  time: number;
  duration?: number;
  time_dt?: string;
  start_time_dt?: string;
  end_time_dt?: string;
  observation_point_id?: number;
  observation_point?: string;
  is_src_dst_assignment_known?: boolean;
  observables?: { name: string; type: string; type_id: number; value: string }[];
  unmapped?: Record<string, unknown>;
}

const j = JSON.stringify;
const f = jsonFragment;

const ACTIVITY_ID = f('{"activity_id":');
const ACTIVITY_NAME = f(',"activity_name":');
const CLASS_TEXT = `,"category_uid":${CLASS.category_uid},"category_name":${j(CLASS.category_name)},"class_uid":${CLASS.class_uid},"class_name":${j(CLASS.class_name)},"severity_id":${CLASS.severity_id},"severity":${j(CLASS.severity)},"type_uid":`;
const CLASS_PART = f(CLASS_TEXT);
const TYPE_NAME = f(',"type_name":');

/**
 * An id with its caption, written as one fragment when the event holds the table's caption for that id
 * (`,"boundary_id":8,"boundary":"Inter-region VPC"`); by id, at most 99.
 */
interface Known {
  readonly caption: string;
  readonly bytes: Uint8Array;
}

function knownPairs(table: Readonly<Record<number, string>>, id: string, caption: string): (Known | undefined)[] {
  const out: (Known | undefined)[] = new Array(100).fill(undefined);
  for (const [key, text] of Object.entries(table)) {
    out[Number(key)] = { caption: text, bytes: f(`,"${id}":${key},"${caption}":${j(text)}`) };
  }
  return out;
}

/** The event's first ten attributes for each activity: they follow from `activity_id` alone. */
const HEADS: (Known | undefined)[] = (() => {
  const out: (Known | undefined)[] = new Array(100).fill(undefined);
  for (const [key, name] of Object.entries(NETWORK_ACTIVITY)) {
    const id = Number(key);
    const head = `{"activity_id":${id},"activity_name":${j(name)}${CLASS_TEXT}${typeUid(CLASS.class_uid, id)},"type_name":${j(typeName(CLASS.class_name, name))}`;
    out[id] = { caption: name, bytes: f(head) };
  }
  return out;
})();
const BOUNDARIES = knownPairs(BOUNDARY, 'boundary_id', 'boundary');
const DIRECTIONS = knownPairs(DIRECTION, 'direction_id', 'direction');
const ACTIONS = knownPairs(ACTION, 'action_id', 'action');
const DISPOSITIONS = knownPairs(DISPOSITION, 'disposition_id', 'disposition');
const PROTOCOL_VERSIONS = knownPairs(
  { 4: 'Internet Protocol version 4 (IPv4)', 6: 'Internet Protocol version 6 (IPv6)' },
  'protocol_ver_id',
  'protocol_ver',
);

/** `{"name":…,"type":…,"type_id":…,"value":` of each observable the translator makes, by name. */
const OBSERVABLE_HEADS: ReadonlyMap<string, { type: string; typeId: number; bytes: Uint8Array }> = new Map(
  COMPILED_OBSERVABLES.map((o) => [
    o.name,
    {
      type: o.type,
      typeId: o.typeId,
      bytes: f(`{"name":${j(o.name)},"type":${j(o.type)},"type_id":${o.typeId},"value":`),
    },
  ]),
);

/** Writes `,"<id>":N,"<caption>":"…"` from a table fragment when the caption is the table's. */
function pair(
  out: JsonBytes,
  known: readonly (Known | undefined)[],
  id: number,
  caption: string,
  idKey: Uint8Array,
  captionKey: Uint8Array,
): void {
  const hit = known[id];
  if (hit !== undefined && hit.caption === caption) {
    out.raw(hit.bytes);
    return;
  }
  out.raw(idKey);
  out.number(id);
  out.raw(captionKey);
  out.string(caption);
}
const PRODUCT_PART = f(
  `,"metadata":{"product":{"name":${j(PRODUCT.name)},"vendor_name":${j(PRODUCT.vendor_name)},"feature":{"name":${j(PRODUCT.feature)}}`,
);
const VERSION = f(',"version":');
const LOG_SOURCE = f(',"log_source":');
const LOG_FORMAT = f(',"log_format":');
const CLOUD = f(`,"cloud":{"provider":${j(CLOUD_PROVIDER)}`);
const ACCOUNT = f(',"account":{"uid":');
const ACCOUNT_UID = f(',"account_uid":');
const REGION = f(',"region":');
const ZONE = f(',"zone":');
const RAW_DATA_SIZE = f(',"raw_data_size":');
const SRC_ENDPOINT = f(',"src_endpoint":{"port":');
const DST_ENDPOINT = f(',"dst_endpoint":{"port":');
const SVC_NAME = f(',"svc_name":');
const IP = f(',"ip":');
const INTERMEDIATE_IPS = f(',"intermediate_ips":[');
const INTERFACE_UID = f(',"interface_uid":');
const VPC_UID = f(',"vpc_uid":');
const INSTANCE_UID = f(',"instance_uid":');
const SUBNET_UID = f(',"subnet_uid":');
const CONNECTION_INFO = f(',"connection_info":{"protocol_num":');
const TCP_FLAGS = f(',"tcp_flags":');
const BOUNDARY_ID = f(',"boundary_id":');
const BOUNDARY_CAPTION = f(',"boundary":');
const PROTOCOL_VER_ID = f(',"protocol_ver_id":');
const PROTOCOL_VER = f(',"protocol_ver":');
const DIRECTION_ID = f(',"direction_id":');
const DIRECTION_CAPTION = f(',"direction":');
const TRAFFIC = f(',"traffic":{');
const PACKETS = f('"packets":');
const BYTES = f('"bytes":');
const START_TIME = f('"start_time":');
const END_TIME = f('"end_time":');
const STATUS_CODE = f(',"status_code":');
const ACTION_ID = f(',"action_id":');
const ACTION_CAPTION = f(',"action":');
const DISPOSITION_ID = f(',"disposition_id":');
const DISPOSITION_CAPTION = f(',"disposition":');
const TIME = f(',"time":');
const DURATION = f(',"duration":');
const TIME_DT = f(',"time_dt":');
const START_TIME_DT = f(',"start_time_dt":');
const END_TIME_DT = f(',"end_time_dt":');
const OBSERVATION_POINT_ID = f(',"observation_point_id":');
const OBSERVATION_POINT = f(',"observation_point":');
const SRC_DST_ASSIGNMENT_TRUE = f(',"is_src_dst_assignment_known":true');
const SRC_DST_ASSIGNMENT_FALSE = f(',"is_src_dst_assignment_known":false');
const OBSERVABLES = f(',"observables":[');
const OBSERVABLE_NAME = f('{"name":');
const OBSERVABLE_TYPE = f(',"type":');
const OBSERVABLE_TYPE_ID = f(',"type_id":');
const OBSERVABLE_VALUE = f(',"value":');
const UNMAPPED = f(',"unmapped":');

const COMMA = 44;
const CLOSE_ARRAY = 93;
const CLOSE_OBJECT = 125;

/** The encoder of one translator: `mark` names the event `encode` may write (the last fast-path one). */
export interface VpcEncoder {
  encode(event: OcsfEvent, out: JsonBytes): boolean;
  mark(event: OcsfEvent | undefined): void;
}

export function createVpcEncoder(target: VpcTarget): VpcEncoder {
  // `},"profiles":[…],"version":"1.1.0"`: closes `product`, the rest of `metadata` until its optional tail.
  const metadataTail = f(`},"profiles":${j(target.profiles)},"version":${j(target.version)}`);
  let marked: OcsfEvent | undefined;

  function encode(raw: OcsfEvent, out: JsonBytes): boolean {
    if (raw !== marked) return false;
    const e = raw as unknown as VpcEvent;
    const head = HEADS[e.activity_id];
    if (
      head !== undefined &&
      head.caption === e.activity_name &&
      e.type_uid === typeUid(CLASS.class_uid, e.activity_id) &&
      e.type_name === typeName(CLASS.class_name, head.caption)
    ) {
      out.raw(head.bytes);
    } else {
      out.raw(ACTIVITY_ID);
      out.number(e.activity_id);
      out.raw(ACTIVITY_NAME);
      out.string(e.activity_name);
      out.raw(CLASS_PART);
      out.number(e.type_uid);
      out.raw(TYPE_NAME);
      out.string(e.type_name);
    }

    const metadata = e.metadata;
    out.raw(PRODUCT_PART);
    const productVersion = metadata.product.version;
    if (productVersion !== undefined) {
      out.raw(VERSION);
      out.string(productVersion);
    }
    out.raw(metadataTail);
    if (metadata.log_source !== undefined) {
      out.raw(LOG_SOURCE);
      out.string(metadata.log_source);
    }
    if (metadata.log_format !== undefined) {
      out.raw(LOG_FORMAT);
      out.string(metadata.log_format);
    }
    out.byte(CLOSE_OBJECT);

    const cloud = e.cloud;
    out.raw(CLOUD);
    if (cloud.account !== undefined) {
      out.raw(ACCOUNT);
      out.string(cloud.account.uid);
      out.byte(CLOSE_OBJECT);
    }
    if (cloud.account_uid !== undefined) {
      out.raw(ACCOUNT_UID);
      out.string(cloud.account_uid);
    }
    if (cloud.region !== undefined) {
      out.raw(REGION);
      out.string(cloud.region);
    }
    if (cloud.zone !== undefined) {
      out.raw(ZONE);
      out.string(cloud.zone);
    }
    out.byte(CLOSE_OBJECT);
    if (e.raw_data_size !== undefined) {
      out.raw(RAW_DATA_SIZE);
      out.number(e.raw_data_size);
    }

    out.raw(SRC_ENDPOINT);
    endpoint(e.src_endpoint, out);
    out.raw(DST_ENDPOINT);
    endpoint(e.dst_endpoint, out);

    const info = e.connection_info;
    out.raw(CONNECTION_INFO);
    out.number(info.protocol_num);
    if (info.tcp_flags !== undefined) {
      out.raw(TCP_FLAGS);
      out.number(info.tcp_flags);
    }
    if (info.boundary_id !== undefined) {
      pair(out, BOUNDARIES, info.boundary_id, info.boundary as string, BOUNDARY_ID, BOUNDARY_CAPTION);
    }
    if (info.protocol_ver_id !== undefined) {
      pair(out, PROTOCOL_VERSIONS, info.protocol_ver_id, info.protocol_ver as string, PROTOCOL_VER_ID, PROTOCOL_VER);
    }
    pair(out, DIRECTIONS, info.direction_id, info.direction, DIRECTION_ID, DIRECTION_CAPTION);
    out.byte(CLOSE_OBJECT);

    const traffic = e.traffic;
    out.raw(TRAFFIC);
    let comma = false;
    if (traffic.packets !== undefined) {
      out.raw(PACKETS);
      out.number(traffic.packets);
      comma = true;
    }
    if (traffic.bytes !== undefined) {
      if (comma) out.byte(COMMA);
      out.raw(BYTES);
      out.number(traffic.bytes);
      comma = true;
    }
    if (traffic.start_time !== undefined) {
      if (comma) out.byte(COMMA);
      out.raw(START_TIME);
      out.number(traffic.start_time);
      comma = true;
    }
    if (traffic.end_time !== undefined) {
      if (comma) out.byte(COMMA);
      out.raw(END_TIME);
      out.number(traffic.end_time);
    }
    out.byte(CLOSE_OBJECT);

    if (e.start_time !== undefined) {
      out.byte(COMMA);
      out.raw(START_TIME);
      out.number(e.start_time);
    }
    if (e.end_time !== undefined) {
      out.byte(COMMA);
      out.raw(END_TIME);
      out.number(e.end_time);
    }
    if (e.status_code !== undefined) {
      out.raw(STATUS_CODE);
      out.string(e.status_code);
    }
    if (e.action_id !== undefined) pair(out, ACTIONS, e.action_id, e.action as string, ACTION_ID, ACTION_CAPTION);
    if (e.disposition_id !== undefined) {
      pair(out, DISPOSITIONS, e.disposition_id, e.disposition as string, DISPOSITION_ID, DISPOSITION_CAPTION);
    }
    out.raw(TIME);
    out.number(e.time);
    if (e.duration !== undefined) {
      out.raw(DURATION);
      out.number(e.duration);
    }
    if (e.time_dt !== undefined) {
      out.raw(TIME_DT);
      out.string(e.time_dt);
    }
    if (e.start_time_dt !== undefined) {
      out.raw(START_TIME_DT);
      out.string(e.start_time_dt);
    }
    if (e.end_time_dt !== undefined) {
      out.raw(END_TIME_DT);
      out.string(e.end_time_dt);
    }
    if (e.observation_point_id !== undefined) {
      out.raw(OBSERVATION_POINT_ID);
      out.number(e.observation_point_id);
      out.raw(OBSERVATION_POINT);
      out.string(e.observation_point as string);
    }
    if (e.is_src_dst_assignment_known !== undefined) {
      out.raw(e.is_src_dst_assignment_known ? SRC_DST_ASSIGNMENT_TRUE : SRC_DST_ASSIGNMENT_FALSE);
    }
    const observables = e.observables;
    if (observables !== undefined) {
      out.raw(OBSERVABLES);
      for (let i = 0; i < observables.length; i++) {
        const o = observables[i] as { name: string; type: string; type_id: number; value: string };
        if (i > 0) out.byte(COMMA);
        const known = OBSERVABLE_HEADS.get(o.name);
        if (known !== undefined && known.type === o.type && known.typeId === o.type_id) {
          out.raw(known.bytes);
        } else {
          out.raw(OBSERVABLE_NAME);
          out.string(o.name);
          out.raw(OBSERVABLE_TYPE);
          out.string(o.type);
          out.raw(OBSERVABLE_TYPE_ID);
          out.number(o.type_id);
          out.raw(OBSERVABLE_VALUE);
        }
        out.string(o.value);
        out.byte(CLOSE_OBJECT);
      }
      out.byte(CLOSE_ARRAY);
    }
    if (e.unmapped !== undefined) {
      // Column names and values from the file, in the file's order: JSON.stringify writes them.
      out.raw(UNMAPPED);
      out.value(e.unmapped);
    }
    out.byte(CLOSE_OBJECT);
    return true;
  }

  return {
    encode,
    mark(event) {
      marked = event;
    },
  };
}

/** `{"port":N` is written; the rest of a network endpoint in the order the translator adds it, and `}`. */
function endpoint(p: Endpoint, out: JsonBytes): void {
  out.number(p.port);
  if (p.svc_name !== undefined) {
    out.raw(SVC_NAME);
    out.string(p.svc_name);
  }
  if (p.ip !== undefined) {
    out.raw(IP);
    out.string(p.ip);
  }
  const intermediate = p.intermediate_ips;
  if (intermediate !== undefined) {
    out.raw(INTERMEDIATE_IPS);
    for (let i = 0; i < intermediate.length; i++) {
      if (i > 0) out.byte(COMMA);
      out.string(intermediate[i] as string);
    }
    out.byte(CLOSE_ARRAY);
  }
  if (p.interface_uid !== undefined) {
    out.raw(INTERFACE_UID);
    out.string(p.interface_uid);
  }
  if (p.vpc_uid !== undefined) {
    out.raw(VPC_UID);
    out.string(p.vpc_uid);
  }
  if (p.instance_uid !== undefined) {
    out.raw(INSTANCE_UID);
    out.string(p.instance_uid);
  }
  if (p.subnet_uid !== undefined) {
    out.raw(SUBNET_UID);
    out.string(p.subnet_uid);
  }
  out.byte(CLOSE_OBJECT);
}
