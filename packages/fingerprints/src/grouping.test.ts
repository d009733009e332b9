import { describe, expect, it } from 'vitest';
import { defaultGroupingKey, groupEvent } from './grouping';
import { parseRules } from './parser';
import type { FingerprintEvent } from './types';

const nodeError = (line: number, value = 'user 17 not found'): FingerprintEvent => ({
  platform: 'node',
  exception: {
    values: [
      {
        type: 'NotFoundError',
        value,
        stacktrace: {
          frames: [
            { module: 'express.lib.router:layer', function: 'Layer.handle [as handle_request]', lineno: 95, in_app: false },
            { module: 'app.src:users', function: 'async UserService.getUser', lineno: line, in_app: true },
            { module: 'app.src:db', function: 'query', lineno: line + 10, in_app: true },
          ],
        },
      },
    ],
  },
});

describe('defaultGroupingKey', () => {
  it('uses the type and in-app frames\' module and function, not line numbers or the value', () => {
    const key = defaultGroupingKey(nodeError(10));
    expect(key).toEqual({ strategy: 'exception', variant: 'app', components: ['type:NotFoundError', 'frame:app.src:users|getUser', 'frame:app.src:db|query'] });
    expect(defaultGroupingKey(nodeError(99, 'user 42 not found')).components).toEqual(key.components);
  });
  it('falls back to all frames (system variant) without in-app frames, with the file basename when there is no module', () => {
    const key = defaultGroupingKey({ exception: { values: [{ type: 'E', stacktrace: { frames: [{ filename: '/App/Lib/Thing.JS', function: 'Object.<anonymous>' }, { filename: 'x.js', function: 'run' }] } }] } });
    expect(key).toEqual({ strategy: 'exception', variant: 'system', components: ['type:E', 'frame:thing.js|', 'frame:x.js|run'] });
  });
  it('uses the parameterised value when no frame contributes', () => {
    expect(defaultGroupingKey({ exception: { values: [{ type: 'E', value: 'id 5 at 10.0.0.1' }] } }).components).toEqual(['type:E', 'value:id <int> at <ip>']);
  });
  it('every exception of a chain contributes', () => {
    expect(defaultGroupingKey({ exception: { values: [{ type: 'Cause', value: 'c' }, { type: 'Outer', value: 'o' }] } }).components).toEqual(['type:Cause', 'value:c', 'type:Outer', 'value:o']);
  });
  it('collapses recursion (the same frame back to back)', () => {
    const f = { module: 'm', function: 'recurse', in_app: true };
    expect(defaultGroupingKey({ exception: { values: [{ type: 'RangeError', stacktrace: { frames: [f, f, f] } }] } }).components).toEqual(['type:RangeError', 'frame:m|recurse']);
  });
  it('messages: parameterised, first two non-empty lines', () => {
    expect(defaultGroupingKey({ message: 'job 12 failed\n\nretry 3\nmore' })).toEqual({ strategy: 'message', variant: 'none', components: ['message:job <int> failed\nretry <int>...'] });
  });
  it('nothing to group by: one constant component', () => {
    expect(defaultGroupingKey({})).toEqual({ strategy: 'fallback', variant: 'none', components: ['fallback'] });
  });
});

describe('groupEvent (server-side outline for local-sentry)', () => {
  it('a server rule replaces the client fingerprint', () => {
    const e = { ...nodeError(1), fingerprint: ['client'] };
    const g = groupEvent(e, { rules: parseRules('type:NotFoundError -> not-found title="NF"') });
    expect(g).toMatchObject({ kind: 'custom', components: ['not-found'], title: 'NF' });
  });
  it('resolves client fingerprints; {{ default }} alone is default, with more parts hybrid', () => {
    const e = nodeError(1);
    expect(groupEvent({ ...e, fingerprint: ['{{ type }}', 'x'] })).toMatchObject({ kind: 'custom', components: ['NotFoundError', 'x'] });
    expect(groupEvent({ ...e, fingerprint: ['{{ default }}'] }).kind).toBe('default');
    const hybrid = groupEvent({ ...e, fingerprint: ['{{ default }}', '{{ transaction }}'] });
    expect(hybrid.kind).toBe('hybrid');
    expect(hybrid.components.slice(-1)).toEqual(['<no-transaction>']);
    expect(groupEvent(e)).toEqual({ kind: 'default', components: defaultGroupingKey(e).components });
  });
  it('a title-only rule groups by default but reports the title', () => {
    expect(groupEvent(nodeError(1), { rules: parseRules('type:* -> title="T"') })).toMatchObject({ kind: 'default', title: 'T' });
  });
});
