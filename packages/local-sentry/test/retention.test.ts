/* eslint-disable @typescript-eslint/no-explicit-any -- tests read Sentry's JSON responses loosely, as a client would */
import { expect, it } from 'vitest';
import { api, envelope, errorEvent, fakeClock, post, start } from './helpers';

function event(type: string, user: string): string {
  return envelope({}, [[{ type: 'event' }, errorEvent({ user: { id: user }, exception: { values: [{ type, value: 'v', stacktrace: { frames: [{ function: type, in_app: true }] } }] } })]]);
}

it('purges events past the retention period in batches and keeps issue counts consistent', async () => {
  const clock = fakeClock();
  const server = await start({ clock, retentionDays: 90, rules: [] });
  try {
    for (let i = 0; i < 30; i++) await post(server, event('Old', `u${i % 2}`));
    clock.advance(50 * 86_400_000);
    await post(server, event('Mixed', 'u1'));
    await post(server, event('Old', 'u2'));
    clock.advance(41 * 86_400_000);
    await post(server, event('Fresh', 'u3'));
    const before = (await api(server, '/organizations/local/issues/?query=&statsPeriod=365d')).body;
    expect(before.find((i: any) => i.metadata.type === 'Old').count).toBe('31');

    const result = await server.runMaintenance();
    expect(result.purgedEvents).toBe(30);
    const after = (await api(server, '/organizations/local/issues/?query=&statsPeriod=365d')).body;
    const old = after.find((i: any) => i.metadata.type === 'Old');
    expect(old.count).toBe('1');
    expect(old.userCount).toBe(1);
    expect(Date.parse(old.firstSeen)).toBe(clock.now() - 41 * 86_400_000);
    const events = (await api(server, `/organizations/local/issues/${old.id}/events/`)).body;
    expect(events).toHaveLength(1);

    // 50 more days: the issues left with only expired events disappear; the fresh one stays.
    clock.advance(50 * 86_400_000);
    const second = await server.runMaintenance();
    expect(second.purgedEvents).toBe(2);
    expect(second.purgedIssues).toBe(2);
    expect((await api(server, '/organizations/local/issues/?query=&statsPeriod=365d')).body.map((i: any) => i.metadata.type)).toEqual(['Fresh']);
  } finally {
    await server.close();
  }
});
