/** Read helpers over the columnar Dataset: the one place that knows how the columns encode values. */
import type { AnyValue, Attribute, Dataset, SpanEvent, SpanKindName, SpanLink } from './types.ts';
import { AttrType, KIND_NAMES, STATUS_NAMES } from './types.ts';

export function spanName(ds: Dataset, i: number): string {
  return ds.strings[ds.name[i]];
}

export function serviceName(ds: Dataset, i: number): string {
  return ds.resources[ds.resource[i]]?.serviceName ?? '';
}

export function kindName(ds: Dataset, i: number): SpanKindName {
  return KIND_NAMES[ds.kind[i]] ?? 'UNSPECIFIED';
}

export function statusName(ds: Dataset, i: number): (typeof STATUS_NAMES)[number] {
  return STATUS_NAMES[ds.status[i]] ?? 'UNSET';
}

export function traceIdOf(ds: Dataset, i: number): string {
  return ds.traces[ds.trace[i]].id;
}

/** The value of attribute entry `a` of the pool. */
export function poolValue(ds: Dataset, a: number): AnyValue {
  const v = ds.attrVal[a];
  switch (ds.attrType[a]) {
    case AttrType.STRING:
      return { type: 'string', value: ds.strings[v] };
    case AttrType.BOOL:
      return { type: 'bool', value: v !== 0 };
    case AttrType.INT:
      return { type: 'int', value: v };
    case AttrType.DOUBLE:
      return { type: 'double', value: v };
    default:
      return ds.complexValues[v] ?? { type: 'empty', value: null };
  }
}

export function attributes(ds: Dataset, i: number): Attribute[] {
  const out: Attribute[] = [];
  const s = ds.attrStart[i];
  const e = s + ds.attrCount[i];
  for (let a = s; a < e; a++) out.push({ key: ds.strings[ds.attrKey[a]], value: poolValue(ds, a) });
  return out;
}

/** The first attribute of span i with this key, or undefined. */
export function attribute(ds: Dataset, i: number, key: string): AnyValue | undefined {
  const s = ds.attrStart[i];
  const e = s + ds.attrCount[i];
  for (let a = s; a < e; a++) if (ds.strings[ds.attrKey[a]] === key) return poolValue(ds, a);
  return undefined;
}

/** Attribute as display text (strings as they are, others formatted), or undefined. */
export function attributeText(ds: Dataset, i: number, key: string): string | undefined {
  const v = attribute(ds, i, key);
  return v === undefined ? undefined : valueText(v);
}

export function valueText(v: AnyValue): string {
  switch (v.type) {
    case 'string':
    case 'bytes':
      return v.value;
    case 'bool':
    case 'int':
    case 'double':
      return String(v.value);
    case 'empty':
      return '';
    case 'array':
      return `[${v.value.map(valueText).join(', ')}]`;
    case 'kvlist':
      return `{${v.value.map((kv) => `${kv.key}: ${valueText(kv.value)}`).join(', ')}}`;
  }
}

export function events(ds: Dataset, i: number): readonly SpanEvent[] {
  return ds.events.get(i) ?? [];
}

export function links(ds: Dataset, i: number): readonly SpanLink[] {
  return ds.links.get(i) ?? [];
}

/** Resource attribute of span i's resource, or span attribute, in that order (as the collector looks dimensions up). */
export function resourceOrSpanAttribute(ds: Dataset, i: number, key: string): AnyValue | undefined {
  const r = ds.resources[ds.resource[i]];
  const fromResource = r?.attributes.find((a) => a.key === key);
  return fromResource ? fromResource.value : attribute(ds, i, key);
}
