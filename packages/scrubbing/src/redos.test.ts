// Hostile input: every rule, alone, on adversarial strings of 100 KB, compared with a linear
// baseline (one pass over the same string) measured in the same run: the minimum of several runs,
// which ignores interference from other processes. No wall-clock thresholds.
import { describe, expect, it } from 'vitest';
import { createScrubber } from '../test/engine';
import type { ValueRuleSettings } from './types';

const RULES: Array<keyof ValueRuleSettings> = ['creditCard', 'ssn', 'iban', 'pemKey', 'urlAuth', 'authHeader', 'jwt', 'keyValue', 'tokens', 'email', 'ip'];

/** Adversarial generators: repeat a unit up to `n` characters. */
const ADVERSARIAL: Record<string, string> = {
  digits: '1',
  'digits with spaces': '1 ',
  'digits with dashes': '4-',
  'card-like groups': '4111 1111 1111 111 ',
  'ssn-like': '123-45-678',
  'a=': 'a=',
  'key repeated': 'key',
  'password=': 'password=',
  'json key': '"password":"',
  colons: 'a:',
  'hex colons': '1:',
  'double colons': '::1',
  dots: '1.',
  'ip-like': '1.1.1.',
  ats: 'a@',
  'email-like': 'a.a@a.',
  'url auth': 'a://a',
  'url auth @': 'a://a:b',
  'pem begin': '-----BEGIN PRIVATE KEY-----',
  dashes: '-',
  bearer: 'Bearer ',
  'jwt-like': 'eyJa.',
  'token prefixes': 'AKIAghp_xoxb-sk_live_',
  'long word': 'a',
  'hex run': 'f',
  'iban-like': 'DE89 ',
  'percent 40': '%40a',
};

function build(unit: string, n: number): string {
  return unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
}

function minTime(fn: () => void, runs = 5): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** A linear baseline measured in the same run: one JS pass reading every character. */
function linearScan(s: string): number {
  let x = 0;
  for (let i = 0; i < s.length; i++) x = (x + s.charCodeAt(i)) | 0;
  return x;
}

// A linear rule costs a constant number of steps per character, so its time over the baseline's
// stays in the tens; a quadratic one on 100 KB would be tens of thousands of times the baseline.
const MAX_RATIO = 2000;

describe('bounded work on 100 KB adversarial input', () => {
  for (const rule of RULES) {
    it(`${rule} stays within a constant factor of a linear scan on every adversarial shape`, () => {
      const only = Object.fromEntries(RULES.map((r) => [r, r === rule]));
      const scrubber = createScrubber({ rules: only, maxStringLength: 200_000 });
      const ratios: Array<[string, number]> = [];
      for (const [name, unit] of Object.entries(ADVERSARIAL)) {
        const large = build(unit, 100_000);
        scrubber.scrubText(large); // warm up (and flatten the string)
        let sink = 0;
        const base = minTime(() => (sink += linearScan(large)));
        const t = minTime(() => scrubber.scrubText(large), 3);
        ratios.push([name, t / Math.max(base, 0.01)]);
        expect(sink).not.toBe(0.5);
      }
      const bad = ratios.filter(([, r]) => r > MAX_RATIO);
      expect(bad, 'time(rule) / time(linear scan) on 100 KB').toEqual([]);
    }, 120_000);
  }

  it('the full rule set on 100 KB of each shape, and a mixed hostile string, stay bounded', () => {
    const scrubber = createScrubber({ maxStringLength: 200_000 });
    const mixed = build(Object.values(ADVERSARIAL).join(''), 100_000);
    const ratios: Array<[string, number]> = [];
    for (const [name, unit] of [...Object.entries(ADVERSARIAL), ['mixed', mixed] as const]) {
      const large = build(unit, 100_000);
      scrubber.scrubText(large);
      let sink = 0;
      const base = minTime(() => (sink += linearScan(large)));
      const t = minTime(() => scrubber.scrubText(large), 3);
      ratios.push([name, t / Math.max(base, 0.01)]);
      expect(sink).not.toBe(0.5);
    }
    expect(ratios.filter(([, r]) => r > MAX_RATIO * 3)).toEqual([]);
  }, 120_000);
});
