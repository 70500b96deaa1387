import { describe, expect, it } from 'vitest';
import { DatasetBuilder } from '../model/builder.ts';
import { importText } from './index.ts';
import { readShared } from '../../test/fixtures.ts';
import { summarize } from '../model/summary.ts';

function run(...files: [string, string][]) {
  const b = new DatasetBuilder();
  const outcomes = files.map(([name, text]) => importText(b, name, text));
  return { outcomes, ds: b.finish() };
}

describe('format detection and file-level errors', () => {
  it('detects each format by content, whatever the file is called', () => {
    const { outcomes } = run(['a.txt', readShared('otlp/proto-example.json')], ['b.txt', readShared('jaeger/jaeger-ui-tracegraph-test.json')], ['c.txt', readShared('zipkin/lens-ascend.json')], ['d.txt', readShared('otlp/jaeger-ui-multi-in.jsonl')]);
    expect(outcomes.map((o) => o.format)).toEqual(['otlp', 'jaeger', 'zipkin', 'otlp-jsonl']);
  });

  it('names the file and line:column of invalid JSON', () => {
    const { outcomes, ds } = run(['broken.json', '{\n  "resourceSpans": [\n    {"resource": }\n  ]\n}']);
    expect(outcomes[0].error).toBe('invalid JSON at line 3:18: unexpected character "}"');
    expect(ds.errors).toEqual([{ file: 'broken.json', message: outcomes[0].error }]);
  });

  it('says which formats were tried and why each did not fit', () => {
    const { outcomes } = run(['x.json', '{"hello": "world"}']);
    expect(outcomes[0].error).toMatch(/^not a recognised trace file; tried OTLP\/JSON: .+; Jaeger JSON: .+; Zipkin v2 JSON: .+/);
  });

  it('keeps earlier files when a later one is broken', () => {
    const { ds } = run(['good.json', readShared('zipkin/lens-ascend.json')], ['bad.json', '[{"traceId": ']);
    const s = summarize(ds);
    expect(s.spans).toBe(8);
    expect(s.errors).toHaveLength(1);
    expect(s.errors[0].file).toBe('bad.json');
  });

  it('reads JSON lines, reporting a broken line by number and loading the others', () => {
    const lines = readShared('otlp/jaeger-ui-multi-in.jsonl').split('\n').filter((l) => l.trim());
    lines.splice(2, 0, '{"resourceSpans": [ oops');
    const { outcomes, ds } = run(['multi.jsonl', lines.join('\n')]);
    expect(outcomes[0].format).toBe('otlp-jsonl');
    expect(ds.spanCount).toBe(4);
    const bad = ds.warnings.find((w) => w.code === 'BAD_LINE');
    expect(bad?.where).toMatch(/^multi\.jsonl:3:\d+$/);
  });

  it('ignores a byte-order mark', () => {
    const { outcomes } = run(['bom.json', '\ufeff' + readShared('otlp/proto-example.json')]);
    expect(outcomes[0].format).toBe('otlp');
  });

  it('never lets __proto__ keys reach a prototype', () => {
    const evil = '{"__proto__": {"polluted": 1}, "resourceSpans": [{"__proto__": {"polluted": 2}, "resource": {"attributes": [{"key": "__proto__", "value": {"stringValue": "x"}}]}, "scopeSpans": []}]}';
    run(['evil.json', evil]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('reads no field through a changed Object.prototype (the own-property checks come back)', () => {
    const T = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
    const otlp = `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${T}","spanId":"bbbbbbbbbbbbbbbb","name":"a","startTimeUnixNano":"1","endTimeUnixNano":"2","attributes":[{"key":"k","value":{"intValue":"7"}}]}]}]}]}`;
    const jaeger = `{"data":[{"traceID":"${T}","spans":[{"traceID":"${T}","spanID":"cccccccccccccccc","operationName":"b","startTime":1,"duration":1,"processID":"p1"}],"processes":{"p1":{"serviceName":"s"}}}]}`;
    const zipkin = `[{"traceId":"${T}","id":"dddddddddddddddd","name":"c","timestamp":1,"duration":1,"localEndpoint":{"serviceName":"z"}}]`;
    const proto = Object.prototype as Record<string, unknown>;
    const added = ['parentSpanId', 'parentId', 'kind', 'stringValue', 'status', 'references', 'tags', 'remoteEndpoint', 'shared'];
    try {
      // enumerable, as a careless page or a prototype-pollution bug would leave them
      proto.parentSpanId = 'eeeeeeeeeeeeeeee';
      proto.parentId = 'eeeeeeeeeeeeeeee';
      proto.kind = 'SPAN_KIND_SERVER';
      proto.stringValue = 'inherited';
      proto.status = { code: 2 };
      proto.references = [{ refType: 'CHILD_OF', traceID: T, spanID: 'eeeeeeeeeeeeeeee' }];
      proto.tags = { 'inherited.tag': 'x' };
      proto.remoteEndpoint = { serviceName: 'inherited' };
      proto.shared = true;
      const { ds } = run(['o.json', otlp], ['j.json', jaeger], ['z.json', zipkin]);
      expect(ds.spanCount).toBe(3);
      for (let i = 0; i < 3; i++) {
        expect(ds.parent[i]).toBe(-1);
        expect(ds.kind[i]).toBe(0);
        expect(ds.status[i]).toBe(0);
      }
      const keys: string[] = [];
      for (let i = 0; i < 3; i++) for (let a = ds.attrStart[i]; a < ds.attrStart[i] + ds.attrCount[i]; a++) keys.push(ds.strings[ds.attrKey[a]]);
      expect(keys).toEqual(['k']);
      expect(ds.attrVal[ds.attrStart[0]]).toBe(7);
      expect(ds.warnings.filter((w) => w.code === 'MISSING_PARENT')).toEqual([]);
    } finally {
      for (const k of added) delete proto[k];
    }
  });
});
