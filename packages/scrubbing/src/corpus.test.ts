import { describe, expect, it } from 'vitest';
import { countChangedLeaves, generateCorpus } from '../test/corpus';
import { createScrubber } from '../test/engine';

// The false-positive corpus: a few thousand benign, realistic events. Goal: 0 changed fields
// outside email/IP masking (this corpus has no emails; IPs appear only where masking is expected).
describe('false-positive corpus', () => {
  const corpus = generateCorpus(3000);

  it('the full rule set, email/IP masking aside, changes no field of 3000 benign events', () => {
    const scrubber = createScrubber({ rules: { email: false, ip: false } });
    let changed = 0;
    const examples: unknown[] = [];
    for (const event of corpus) {
      const out = scrubber.scrubEvent(event);
      const n = countChangedLeaves(event, out);
      if (n > 0 && examples.length < 5) examples.push({ before: event, after: out });
      changed += n;
    }
    // Reported so the README figure can be checked: `changed fields: 0 / 3000 events`.
    process.stdout.write(`false-positive corpus: ${changed} changed fields in ${corpus.length} events\n`);
    expect(examples).toEqual([]);
    expect(changed).toBe(0);
  });

  it('with defaults, the only changes are the masked emails and IPs', () => {
    const scrubber = createScrubber();
    let changed = 0;
    let expected = 0;
    for (const event of corpus) {
      const user = event.user as { ip_address?: string; email?: string };
      if (user.ip_address) expected += 2;
      const out = scrubber.scrubEvent(event);
      changed += countChangedLeaves(event, out);
      if (user.ip_address) expect((out.user as typeof user).ip_address).toMatch(/^\*+$/);
    }
    process.stdout.write(`false-positive corpus (defaults): ${changed} changed fields, all ${expected} of them emails/IPs\n`);
    expect(changed).toBe(expected);
  });

  it('the corpus is not trivially clean: planting one secret per event changes every event', () => {
    const scrubber = createScrubber();
    let touched = 0;
    for (const event of corpus.slice(0, 300)) {
      const planted = { ...event, extra: { ...(event.extra as object), note: 'password=hunter2-x' } };
      if (countChangedLeaves(planted, scrubber.scrubEvent(planted)) > 0) touched++;
    }
    expect(touched).toBe(300);
  });
});
