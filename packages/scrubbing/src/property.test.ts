import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { benignEvent, benignText, plantInText, plantedSecret } from '../test/arbitraries';
import { createScrubber } from '../test/engine';

const scrubber = createScrubber();

/** Put `value` at a random path of the event (inside an existing string or as a new leaf). */
function plantAt(event: Record<string, unknown>, value: string, choice: number): Record<string, unknown> {
  const copy = structuredClone(event) as Record<string, any> /* eslint-disable-line @typescript-eslint/no-explicit-any -- test data of any shape */;
  const slots: Array<(v: string) => void> = [
    (v) => (copy.message = plantInText(copy.message as string, v, choice)),
    (v) => (copy.exception.values[0].value = plantInText(copy.exception.values[0].value as string, v, choice)),
    (v) => (copy.tags.note = v),
    (v) => (copy.extra.detail = { nested: [plantInText('see', v, choice)] }),
    (v) => (copy.contexts.order.note = `(${v})`),
    (v) => (copy.breadcrumbs = [...(copy.breadcrumbs as unknown[]), { category: 'http', message: plantInText('GET', v, choice), data: { step: `"${v}"` } }]),
    (v) => (copy.request = { url: `https://api.example.com/x?q=${encodeURIComponent('a')}&note=${v}`, data: JSON.stringify({ note: v }) }),
    (v) => (copy.user = { id: 'u_1', note: v }),
  ];
  slots[choice % slots.length]!(value);
  return copy;
}

describe('property: planted secrets never survive', () => {
  it('a secret of any kind, at a random path, inside random text', () => {
    fc.assert(
      fc.property(benignEvent, plantedSecret, fc.nat(1000), (event, secret, choice) => {
        const planted = plantAt(event, secret.text, choice);
        const out = JSON.stringify(scrubber.scrubEvent(planted));
        expect(out).not.toContain(secret.needle);
      }),
      { numRuns: 400 },
    );
  });

  it('several secrets in one string', () => {
    fc.assert(
      fc.property(benignText, fc.array(plantedSecret, { minLength: 2, maxLength: 5 }), fc.nat(50), (text, secrets, at) => {
        // Insert into the word list so that one secret is never split by another.
        const words = text.split(' ');
        secrets.forEach((s, i) => words.splice((at + i) % (words.length + 1), 0, s.text));
        const out = scrubber.scrubText(words.join(' '));
        for (const s of secrets) expect(out).not.toContain(s.needle);
      }),
      { numRuns: 300 },
    );
  });
});

describe('property: secret-free events come out unchanged', () => {
  it('the very same object is returned and the input is not mutated', () => {
    fc.assert(
      fc.property(benignEvent, (event) => {
        const before = JSON.stringify(event);
        const out = scrubber.scrubEvent(event);
        expect(JSON.stringify(event)).toBe(before);
        expect(out).toBe(event);
      }),
      { numRuns: 400 },
    );
  });
});
