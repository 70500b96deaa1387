/**
 * Reading the attributes that name a span's remote side (peer), without string work per attribute:
 * attribute keys are interned in `ds.strings`, so each key index is mapped once to a slot number and
 * a span's attributes are then matched by integer compares.
 */
import type { Dataset } from '../model/types.ts';
import { AttrType } from '../model/types.ts';
import { poolValue, valueText } from '../model/access.ts';
import type { NodeType } from './types.ts';

/** The attribute keys the graph reads; a key's position is its slot. */
export const PEER_KEYS = [
  'peer.service',
  'server.service.name',
  'service.peer.name',
  'client.service.name',
  'server.address',
  'server.port',
  'net.peer.name',
  'net.peer.port',
  'network.peer.address',
  'network.peer.port',
  'net.sock.peer.addr',
  'net.sock.peer.port',
  'db.namespace',
  'db.name',
  'db.system.name',
  'db.system',
  'messaging.destination.name',
  'messaging.destination',
  'messaging.system',
  'url.full',
  'http.url',
  'http.request.method',
  'http.method',
  'db.query.text',
  'db.statement',
] as const;

const S = Object.fromEntries(PEER_KEYS.map((k, i) => [k, i])) as { [K in (typeof PEER_KEYS)[number]]: number };
const SLOT_COUNT = PEER_KEYS.length;
const SLOT_BY_KEY = new Map<string, number>(PEER_KEYS.map((k, i) => [k, i]));

/** How a name's port is used: never, always appended, or appended only where it tells instances apart. */
export const PortUse = { NONE: 0, ALWAYS: 1, IF_AMBIGUOUS: 2 } as const;

/**
 * Callee naming order for a CLIENT/PRODUCER with no SERVER/CONSUMER child: the first slot with a
 * non-empty value names the node. `peer.service` is what Zipkin's remoteEndpoint.serviceName maps to;
 * `server.service.name` and `service.peer.name` are its semantic-convention successors; `net.*` keys
 * are the pre-1.21 names of `server.*` / `network.*`.
 */
const CALLEE_ORDER: readonly (readonly [slot: number, port: number, portUse: number])[] = [
  [S['peer.service'], -1, PortUse.NONE],
  [S['server.service.name'], -1, PortUse.NONE],
  [S['service.peer.name'], -1, PortUse.NONE],
  [S['server.address'], S['server.port'], PortUse.IF_AMBIGUOUS],
  [S['net.peer.name'], S['net.peer.port'], PortUse.IF_AMBIGUOUS],
  [S['network.peer.address'], S['network.peer.port'], PortUse.ALWAYS],
  [S['net.sock.peer.addr'], S['net.sock.peer.port'], PortUse.ALWAYS],
  [S['db.namespace'], -1, PortUse.NONE],
  [S['db.name'], -1, PortUse.NONE],
  [S['db.system.name'], -1, PortUse.NONE],
  [S['db.system'], -1, PortUse.NONE],
  [S['messaging.destination.name'], -1, PortUse.NONE],
  [S['messaging.destination'], -1, PortUse.NONE],
  [S['url.full'], -1, PortUse.IF_AMBIGUOUS],
  [S['http.url'], -1, PortUse.IF_AMBIGUOUS],
];
const URL_SLOTS = new Set([S['url.full'], S['http.url']]);

/** Entry naming for a root SERVER: who called it, by its own peer attribute. */
const ENTRY_ORDER: readonly number[] = [S['peer.service'], S['client.service.name'], S['service.peer.name']];
/** Entry naming for a root CONSUMER: the caller's name, else the destination it consumed from. */
const ENTRY_CONSUMER_ORDER: readonly number[] = [...ENTRY_ORDER, S['messaging.destination.name'], S['messaging.destination']];
/** Fallback broker names (after messaging.system + destination): Zipkin's remote service name and its successors. */
const BROKER_ORDER: readonly number[] = [S['peer.service'], S['server.service.name'], S['service.peer.name']];

const DB_SLOTS = [S['db.namespace'], S['db.name'], S['db.system.name'], S['db.system'], S['db.query.text'], S['db.statement']];
const MESSAGING_SLOTS = [S['messaging.system'], S['messaging.destination.name'], S['messaging.destination']];
const HTTP_SLOTS = [S['url.full'], S['http.url'], S['http.request.method'], S['http.method']];

/**
 * Reads one span's peer attributes at a time. `load(i)` then the accessors; the result of a naming
 * call is left in `name`, `port`, `namedBy` (no object per span).
 */
export class PeerReader {
  private readonly ds: Dataset;
  /** Per string index: 0 unknown, 1 not a peer key, slot + 2 otherwise. Created on first use. */
  private keySlot: Uint8Array | null = null;
  private readonly at = new Int32Array(SLOT_COUNT).fill(-1);
  private loaded = -1;

  /** Memoized joins ("host:port", "system/destination") and number texts: no string built per span. */
  private readonly joinedPort = new Map<string, Map<string, string>>();
  private readonly joinedSlash = new Map<string, Map<string, string>>();
  private readonly numberText = new Map<number, string>();

  /** The name found by the last naming call ('' when none). */
  name = '';
  /** The port that may be appended to `name` (IF_AMBIGUOUS), or ''. */
  port = '';
  portUse: number = PortUse.NONE;
  namedBy = '';

  constructor(ds: Dataset) {
    this.ds = ds;
  }

  load(i: number): void {
    if (this.loaded === i) return;
    this.loaded = i;
    const ds = this.ds;
    this.at.fill(-1);
    const s = ds.attrStart[i];
    const e = s + ds.attrCount[i];
    if (e === s) return;
    let keySlot = this.keySlot;
    if (keySlot === null) keySlot = this.keySlot = new Uint8Array(ds.strings.length);
    for (let a = s; a < e; a++) {
      const k = ds.attrKey[a];
      let slot = keySlot[k];
      if (slot === 0) {
        const found = SLOT_BY_KEY.get(ds.strings[k]);
        slot = keySlot[k] = found === undefined ? 1 : found + 2;
      }
      if (slot >= 2 && this.at[slot - 2] === -1) this.at[slot - 2] = a;
    }
  }

  /** The loaded span's value for a slot as text, or '' when absent or empty. */
  text(slot: number): string {
    const a = this.at[slot];
    if (a === -1) return '';
    const ds = this.ds;
    switch (ds.attrType[a]) {
      case AttrType.STRING:
        return ds.strings[ds.attrVal[a]];
      case AttrType.INT:
      case AttrType.DOUBLE: {
        const v = ds.attrVal[a];
        let t = this.numberText.get(v);
        if (t === undefined) this.numberText.set(v, (t = String(v)));
        return t;
      }
      case AttrType.BOOL:
        return ds.attrVal[a] !== 0 ? 'true' : 'false';
      default:
        return valueText(poolValue(ds, a));
    }
  }

  /** `host:port` (IPv6 bracketed) or `system/destination`, built once per distinct pair. */
  join(a: string, b: string, how: 'port' | 'slash'): string {
    const outer = how === 'port' ? this.joinedPort : this.joinedSlash;
    let inner = outer.get(a);
    if (inner === undefined) outer.set(a, (inner = new Map()));
    let v = inner.get(b);
    if (v === undefined) inner.set(b, (v = how === 'port' ? withPort(a, b) : `${a}/${b}`));
    return v;
  }

  private hasAny(slots: readonly number[]): boolean {
    for (const s of slots) if (this.at[s] !== -1) return true;
    return false;
  }

  /** The kind of peer the loaded span talks to, from the attribute families present. */
  peerType(isProducer: boolean): NodeType {
    if (this.hasAny(DB_SLOTS)) return 'database';
    if (isProducer || this.hasAny(MESSAGING_SLOTS)) return 'messaging';
    if (this.hasAny(HTTP_SLOTS)) return 'http';
    return 'other';
  }

  /**
   * Names the callee of the loaded CLIENT/PRODUCER span. Returns false when no naming attribute is
   * present; else sets `name`, `port`/`portUse` and `namedBy`.
   */
  callee(): boolean {
    for (const [slot, portSlot, portUse] of CALLEE_ORDER) {
      let v = this.text(slot);
      if (v === '') continue;
      let port = portSlot >= 0 ? this.text(portSlot) : '';
      if (URL_SLOTS.has(slot)) {
        const host = urlHost(v);
        if (host === null) continue;
        v = host.host;
        port = host.port;
      }
      if (v === '') continue;
      this.namedBy = PEER_KEYS[slot];
      this.portUse = port === '' ? PortUse.NONE : portUse;
      if (portUse === PortUse.ALWAYS && port !== '') {
        this.name = this.join(v, port, 'port');
        this.port = '';
      } else {
        this.name = v;
        this.port = port;
      }
      return true;
    }
    return false;
  }

  /** Names the caller of the loaded root SERVER (or CONSUMER) span from its own peer attribute. */
  entry(isConsumer: boolean): boolean {
    return this.first(isConsumer ? ENTRY_CONSUMER_ORDER : ENTRY_ORDER);
  }

  /**
   * Names the broker/destination of the loaded PRODUCER or CONSUMER span: "system/destination"
   * (messaging.system + messaging.destination.name), else either alone, else peer.service and its
   * successors (Zipkin's remoteEndpoint.serviceName, e.g. "kafka").
   */
  broker(): boolean {
    const system = this.text(S['messaging.system']);
    let dest = this.text(S['messaging.destination.name']);
    let destKey = 'messaging.destination.name';
    if (dest === '') {
      dest = this.text(S['messaging.destination']);
      destKey = 'messaging.destination';
    }
    this.port = '';
    this.portUse = PortUse.NONE;
    if (dest !== '') {
      this.name = system !== '' ? this.join(system, dest, 'slash') : dest;
      this.namedBy = destKey;
      return true;
    }
    if (system !== '') {
      this.name = system;
      this.namedBy = 'messaging.system';
      return true;
    }
    return this.first(BROKER_ORDER);
  }

  private first(order: readonly number[]): boolean {
    for (const slot of order) {
      const v = this.text(slot);
      if (v === '') continue;
      this.name = v;
      this.namedBy = PEER_KEYS[slot];
      this.port = '';
      this.portUse = PortUse.NONE;
      return true;
    }
    return false;
  }
}

/** "host:port", with IPv6 addresses bracketed. */
export function withPort(host: string, port: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Host and port of an absolute URL ("scheme://[user@]host[:port]/..."), or null when there is no host. */
export function urlHost(url: string): { host: string; port: string } | null {
  const sep = url.indexOf('://');
  if (sep <= 0) return null;
  const from = sep + 3;
  let to = url.length;
  for (let k = from; k < url.length; k++) {
    const c = url.charCodeAt(k);
    if (c === 47 /* / */ || c === 63 /* ? */ || c === 35 /* # */) {
      to = k;
      break;
    }
  }
  let auth = url.slice(from, to);
  const at = auth.lastIndexOf('@');
  if (at >= 0) auth = auth.slice(at + 1);
  let host = auth;
  let port = '';
  if (auth.startsWith('[')) {
    const close = auth.indexOf(']');
    if (close < 0) return null;
    host = auth.slice(1, close);
    if (auth.charCodeAt(close + 1) === 58 /* : */) port = auth.slice(close + 2);
  } else {
    const colon = auth.lastIndexOf(':');
    if (colon >= 0) {
      host = auth.slice(0, colon);
      port = auth.slice(colon + 1);
    }
  }
  host = host.toLowerCase();
  if (host === '') return null;
  return { host, port };
}
