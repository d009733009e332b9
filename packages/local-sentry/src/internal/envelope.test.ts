import { parseEnvelope } from '@sentry/core';
import { describe, expect, it } from 'vitest';
import { splitEnvelope } from './envelope';

// splitEnvelope must frame envelopes exactly as @sentry/core's parser does; it only keeps the text too.
const cases: Array<[string, Buffer]> = [
  ['event without length', Buffer.from('{"event_id":"a"}\n{"type":"event"}\n{"message":"hi","n":1}\n')],
  ['no trailing newline', Buffer.from('{}\n{"type":"event"}\n{"message":"hi"}')],
  [
    'binary item with length, then a JSON item',
    Buffer.concat([Buffer.from('{}\n{"type":"attachment","length":5}\n'), Buffer.from([0, 1, 10, 3, 4]), Buffer.from('\n{"type":"session"}\n{"sid":"x"}\n')]),
  ],
  ['length 0 reads a JSON line', Buffer.from('{}\n{"type":"client_report","length":0}\n{"discarded_events":[]}\n')],
  ['byte-order mark on the header', Buffer.from('\uFEFF{"dsn":"x"}\n{"type":"event"}\n{"message":"é ü 😀"}\n')],
  ['header only', Buffer.from('{"event_id":"b"}\n')],
];

describe('splitEnvelope', () => {
  it.each(cases)('frames %s like parseEnvelope', (_name, raw) => {
    const [header, items] = splitEnvelope(raw);
    const [expectedHeader, expectedItems] = parseEnvelope(new Uint8Array(raw));
    expect(header).toEqual(expectedHeader);
    expect(items.map(([h, p]) => [h, p instanceof Uint8Array ? [...p] : p])).toEqual(expectedItems.map(([h, p]) => [h, p instanceof Uint8Array ? [...p] : p]));
  });

  it('keeps the JSON text of each payload as sent', () => {
    const [, items] = splitEnvelope(Buffer.from('{}\n{"type":"event"}\n{ "message" : "spaced",  "a":[1, 2] }\n'));
    expect(items[0]![2]).toBe('{ "message" : "spaced",  "a":[1, 2] }');
  });

  it('throws on a line that is not JSON, as parseEnvelope does', () => {
    const raw = Buffer.from('{}\n{"type":"event"}\n{"broken": \n');
    expect(() => splitEnvelope(raw)).toThrow(SyntaxError);
    expect(() => parseEnvelope(new Uint8Array(raw))).toThrow(SyntaxError);
  });
});
