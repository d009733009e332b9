import { startTestReceiver, type TestReceiver } from '@causal-organism/test-receiver';
import * as Sentry from '@sentry/node';
import type { Event, Integration } from '@sentry/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ExportError, ValidationError } from './builtins';
import { FingerprintOptionsError, FingerprintRuleSyntaxError } from './errors';
import { fingerprintIntegration } from './integration';
import { fingerprintRule, matcher } from './builders';
import { fingerprintRulesIntegration } from './rules-integration';
import { fingerprintRulesIntegration as browserRulesIntegration } from './browser-integration';
import { parameterize } from './parameterize';
import { parseRules } from './parser';
import type { FingerprintRule } from './types';
import { pgConnect, startLoopback, type Loopback } from '../test/real-errors';

let receiver: TestReceiver;
let net: Loopback;

beforeAll(async () => {
  [receiver, net] = await Promise.all([startTestReceiver(), startLoopback()]);
});
afterAll(async () => {
  await Sentry.close(2000);
  await Promise.all([receiver.close(), net.close()]);
});
afterEach(() => receiver.clear());

/** What our processEvent saw, recorded by a probe integration that runs right after it. */
const seen: Array<{ sdk: unknown; platform: unknown }> = [];
const probe: Integration = {
  name: 'Probe',
  processEvent(event: Event) {
    seen.push({ sdk: event.sdk, platform: event.platform });
    return event;
  },
};

type Options = NonNullable<Parameters<typeof fingerprintIntegration>[0]>;

/**
 * The same scenarios run through both entries: the root `fingerprintIntegration` (rules text
 * parsed here) and the browser entry's `fingerprintRulesIntegration` (rule objects, the compact
 * evaluator, `parameterize` passed in), which has no database classifiers.
 */
const VARIANTS = [
  { name: 'fingerprintIntegration', make: (o: Options): Integration => fingerprintIntegration(o), databases: true },
  {
    name: 'the browser entry',
    make: (o: Options): Integration =>
      browserRulesIntegration({ ...o, rules: typeof o.rules === 'string' ? parseRules(o.rules) : o.rules, parameterize }),
    databases: false,
  },
];
let variant = VARIANTS[0]!;

async function init(options: Options, ...more: Integration[]): Promise<void> {
  // One client at a time: close the previous one, as Sentry asks before a second init().
  if (Sentry.getClient() !== undefined) await Sentry.close(2000);
  Sentry.init({ dsn: receiver.dsn, defaultIntegrations: false, integrations: [variant.make(options), probe, ...more] });
}

async function send(capture: () => void): Promise<Event> {
  capture();
  await Sentry.flush(2000);
  await receiver.waitFor((r) => r.events().length === 1);
  return receiver.events()[0] as Event;
}

class ConnectionError extends Error {
  override name = 'ConnectionError';
}

describe.each(VARIANTS)('$name with the real SDK and a loopback receiver', (v) => {
  beforeAll(() => {
    variant = v;
  });

  it('applies custom rules and resolves variables before the event leaves', async () => {
    await init({ rules: 'error.type:ConnectionError -> system-down, {{ transaction }} title="Down: {{ transaction }}"' });
    const event = await send(() =>
      Sentry.withScope((scope) => {
        scope.setTransactionName('GET /users/:id');
        Sentry.captureException(new ConnectionError('refused'));
      }),
    );
    expect(event.fingerprint).toEqual(['system-down', 'GET /users/:id']);
    expect(event.contexts?.grouping).toEqual({ rule: 'type:"ConnectionError" -> "system-down{{ transaction }}" title="Down: {{ transaction }}"', builtin: false, title: 'Down: GET /users/:id' });
  });

  it('sends the raw fingerprint when resolveVariables is false (Sentry resolves it the same way)', async () => {
    await init({ rules: 'error.type:ConnectionError -> system-down, {{ transaction }}', resolveVariables: false });
    const event = await send(() => Sentry.captureException(new ConnectionError('x')));
    expect(event.fingerprint).toEqual(['system-down', '{{ transaction }}']);
  });

  it('sdk: matchers read the client metadata, because event.sdk is not set yet at processEvent', async () => {
    seen.length = 0;
    await init({ rules: 'sdk:sentry.javascript.node -> from-node\nsdk:other -> from-other' });
    const event = await send(() => Sentry.captureException(new Error('x')));
    // prepareEvent has added only `sdk.integrations`; the name comes with the envelope.
    expect((seen[0]!.sdk as { name?: string } | undefined)?.name).toBeUndefined();
    expect(event.sdk?.name).toBe('sentry.javascript.node');
    expect(event.fingerprint).toEqual(['from-node']);
  });

  it('family: reads event.platform, which the Node SDK has already set at processEvent', async () => {
    seen.length = 0;
    await init({ rules: 'family:native -> native\nfamily:javascript -> js' });
    const event = await send(() => Sentry.captureException(new Error('x')));
    expect(seen[0]!.platform).toBe('node');
    expect(event.fingerprint).toEqual(['js']);
  });

  it('built-in: a real pg connection timeout groups as [database-connection-error, postgresql, Error]', async () => {
    await init({});
    const err = await pgConnect({ host: '127.0.0.1', port: net.silentPort, user: 'u', password: 'p', connectionTimeoutMillis: 200 });
    const event = await send(() => Sentry.captureException(err));
    if (!v.databases) {
      // Pages have no database drivers: the browser entry leaves their classifiers out.
      expect(event.fingerprint).toBeUndefined();
      expect(event.tags?.['error.category']).toBeUndefined();
      return;
    }
    expect(event.fingerprint).toEqual(['database-connection-error', 'postgresql', 'Error']);
    expect(event.tags).toMatchObject({ 'error.category': 'database-connection', 'db.system': 'postgresql', 'db.connection_failure': 'timeout' });
    expect(event.contexts?.grouping).toMatchObject({ builtin: true });
  });

  it('built-in: a refused pg connection with the db.system tag set by the app', async () => {
    await init({});
    const err = await pgConnect({ host: '127.0.0.1', port: net.closedPort, user: 'u', password: 'p' });
    const event = await send(() => Sentry.captureException(err, { tags: { 'db.system': 'postgresql' } }));
    expect(event.fingerprint).toEqual(v.databases ? ['database-connection-error', 'postgresql', 'Error'] : undefined);
  });

  it('built-in: an export error keeps its own type; {{ message }} is parameterised', async () => {
    await init({ rules: 'error.type:QuotaError -> quota, {{ message }}' });
    class CsvEncodingError extends ExportError {}
    expect((await send(() => Sentry.captureException(new CsvEncodingError('bad byte')))).fingerprint).toEqual(['export-error', 'CsvEncodingError']);
    receiver.clear();
    class QuotaError extends Error {
      override name = 'QuotaError';
    }
    expect((await send(() => Sentry.captureException(new QuotaError('quota exceeded for user 42')))).fingerprint).toEqual(['quota', 'quota exceeded for user <int>']);
  });

  it('built-in: validation errors group by the route, not the URL', async () => {
    await init({});
    const event = await send(() =>
      Sentry.withScope((scope) => {
        scope.setTransactionName('POST /users/:id');
        Sentry.captureException(new ValidationError('email is required'));
      }),
    );
    expect(event.fingerprint).toEqual(['validation-error', 'POST /users/:id']);
  });

  it('custom rules run before the built-ins; builtins: false turns them off', async () => {
    await init({ rules: 'error.type:ValidationError -> mine' });
    expect((await send(() => Sentry.captureException(new ValidationError('v')))).fingerprint).toEqual(['mine']);
    receiver.clear();
    await init({ builtins: false });
    expect((await send(() => Sentry.captureException(new ValidationError('v')))).fingerprint).toBeUndefined();
  });

  it('an app-set fingerprint survives the built-ins but not a matching custom rule (server semantics)', async () => {
    await init({});
    const kept = await send(() => Sentry.captureException(new ValidationError('v'), { fingerprint: ['app-chosen'] }));
    expect(kept.fingerprint).toEqual(['app-chosen']);
    receiver.clear();
    await init({ rules: 'type:ValidationError -> rule-wins' });
    const replaced = await send(() => Sentry.captureException(new ValidationError('v'), { fingerprint: ['app-chosen'] }));
    expect(replaced.fingerprint).toEqual(['rule-wins']);
  });

  it('a title-only rule keeps default grouping', async () => {
    await init({ rules: 'type:ConnectionError -> title="Connection trouble"' });
    const event = await send(() => Sentry.captureException(new ConnectionError('x')));
    expect(event.fingerprint).toBeUndefined();
    expect(event.contexts?.grouping).toMatchObject({ title: 'Connection trouble' });
  });

  it('never throws into the host: an internal failure goes to onError and the event is sent unchanged', async () => {
    const errors: unknown[] = [];
    // A pattern that is not a string breaks Node's glob compiler; a part that is not a string breaks
    // variable resolution, in both entries (the browser's regex glob reads a number as an empty glob).
    const badPattern = { matchers: [{ key: 'type', pattern: 42, negated: false }], fingerprint: ['x'], attributes: {}, text: 'broken' };
    const badPart = { matchers: [{ key: 'type', pattern: 'ConnectionError', negated: false }], fingerprint: [42], attributes: {}, text: 'broken' };
    const broken = [badPattern, badPart] as unknown as FingerprintRule[];
    await init({ rules: broken, onError: (e) => errors.push(e) });
    const event = await send(() => Sentry.captureException(new ConnectionError('still delivered')));
    expect(event.exception?.values?.[0]?.value).toBe('still delivered');
    expect(event.fingerprint).toBeUndefined();
    expect(errors).toHaveLength(1);
    receiver.clear();
    await init({ rules: broken, onError: () => { throw new Error('bad logger'); } });
    expect((await send(() => Sentry.captureException(new Error('y')))).exception?.values?.[0]?.value).toBe('y');
  });

  it('leaves transactions and messages without a matching rule alone', async () => {
    await init({ rules: 'type:Nope -> x' });
    const event = await send(() => Sentry.captureMessage('hello 42'));
    expect(event.fingerprint).toBeUndefined();
    expect(event.contexts?.grouping).toBeUndefined();
  });
});

describe('fingerprintRulesIntegration: rule objects only, no parser', () => {
  it('the browser entry without parameterize leaves {{ message }} for Sentry to resolve', async () => {
    if (Sentry.getClient() !== undefined) await Sentry.close(2000);
    const rules = parseRules('error.type:ConnectionError -> down, {{ message }}, {{ error.type }}');
    Sentry.init({ dsn: receiver.dsn, defaultIntegrations: false, integrations: [browserRulesIntegration({ rules })] });
    const event = await send(() => Sentry.captureException(new ConnectionError('refused by 10.0.0.1')));
    expect(event.fingerprint).toEqual(['down', '{{ message }}', 'ConnectionError']);
    receiver.clear();
  });

  it('the browser entry checks its options at start-up with typed errors', () => {
    expect(() => browserRulesIntegration({ rules: 'type:X -> y' as unknown as FingerprintRule[] })).toThrow(/parseRules\(\) first/);
    expect(() => browserRulesIntegration({ builtins: 'yes' as unknown as boolean })).toThrow(FingerprintOptionsError);
    expect(() => browserRulesIntegration({ parameterize: 'yes' as unknown as () => string })).toThrow(FingerprintOptionsError);
  });

  it('groups with rule objects and the pre-compiled built-ins through the real SDK', async () => {
    if (Sentry.getClient() !== undefined) await Sentry.close(2000);
    const rules = [fingerprintRule({ matchers: [matcher('error.type', 'ConnectionError')], fingerprint: ['system-down'] })];
    Sentry.init({ dsn: receiver.dsn, defaultIntegrations: false, integrations: [fingerprintRulesIntegration({ rules })] });
    expect((await send(() => Sentry.captureException(new ConnectionError('refused')))).fingerprint).toEqual(['system-down']);
    receiver.clear();
    const event = await send(() => Sentry.captureException(new ValidationError('email is required')));
    expect(event.fingerprint?.[0]).toBe('validation-error');
    expect(event.contexts?.grouping).toMatchObject({ builtin: true });
  });

  it('rejects a rules text at start-up with a typed error that says how to fix it', () => {
    expect(() => fingerprintRulesIntegration({ rules: 'type:X -> y' as unknown as FingerprintRule[] })).toThrow(FingerprintOptionsError);
    expect(() => fingerprintRulesIntegration({ rules: 'type:X -> y' as unknown as FingerprintRule[] })).toThrow(/parseRules\(\) first, or use fingerprintIntegration/);
  });
});

describe('fingerprintIntegration options are checked at start-up', () => {
  it('a rules text with a syntax error throws FingerprintRuleSyntaxError', () => {
    expect(() => fingerprintIntegration({ rules: 'type:X => y' })).toThrow(FingerprintRuleSyntaxError);
  });
  it('rules and builtins of the wrong shape throw FingerprintOptionsError', () => {
    expect(() => fingerprintIntegration({ rules: 5 as unknown as string })).toThrow(FingerprintOptionsError);
    expect(() => fingerprintIntegration({ rules: [{}] as unknown as FingerprintRule[] })).toThrow(/rules\[0\] is not a rule object/);
    expect(() => fingerprintIntegration({ builtins: 'yes' as unknown as boolean })).toThrow(FingerprintOptionsError);
  });
});
