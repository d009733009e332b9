import { describe, expect, it } from 'vitest';
import { alnum, chars, hex } from '../../test/secrets';
import { scrubText } from '../../test/engine';
import { TOKEN_IDS } from './token-ids';
import { TOKEN_SOURCES } from './tokens';

const UP = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOW = 'abcdefghijklmnopqrstuvwxyz';
const B32 = `${UP}234567`;
const URLSAFE = `${UP}${LOW}0123456789-_`;

// For every format: a real-shaped example (built from the vendor's published prefix, alphabet and
// length) and a near miss (one character short, wrong alphabet or wrong prefix) that must survive.
const CASES: Record<string, { real: string; nearMiss: string }> = {
  'aws-access-key-id': { real: `AKIA${chars(B32, 16)}`, nearMiss: `AKIA${chars(B32, 15)}` },
  'gcp-api-key': { real: `AIza${chars(URLSAFE, 35)}`, nearMiss: `AIza${chars(URLSAFE, 30)}` },
  'google-oauth-token': { real: `ya29.${chars(URLSAFE, 60)}`, nearMiss: `ya29.${chars(URLSAFE, 10)}` },
  'github-token': { real: `ghp_${alnum(36)}`, nearMiss: `ghx_${alnum(36)}` },
  'github-fine-grained-pat': { real: `github_pat_${alnum(22)}_${alnum(59, 9)}`, nearMiss: `github_pat_${alnum(40)}` },
  'gitlab-token': { real: `glpat-${chars(URLSAFE, 20)}`, nearMiss: `glpat-${chars(URLSAFE, 12)}` },
  'slack-token': { real: `xoxb-123456789012-1234567890123-${alnum(24)}`, nearMiss: 'xoxb-short' },
  'slack-app-token': { real: `xapp-1-A012ABCDEFG-1234567890123-${hex(64)}`, nearMiss: 'xapp-1-short' },
  'slack-webhook-url': {
    real: `https://hooks.slack.com/services/T${chars(UP, 8)}/B${chars(UP, 8)}/${alnum(24)}`,
    nearMiss: 'https://hooks.slack.com/services/',
  },
  'discord-webhook-url': {
    real: `https://discord.com/api/webhooks/123456789012345678/${chars(URLSAFE, 68)}`,
    nearMiss: 'https://discord.com/api/webhooks/123/abc',
  },
  'stripe-secret-key': { real: `sk_live_${alnum(24)}`, nearMiss: `pk_live_${alnum(24)}` },
  'stripe-webhook-secret': { real: `whsec_${alnum(32)}`, nearMiss: `whsec_${alnum(10)}` },
  'twilio-api-key': { real: `SK${hex(32)}`, nearMiss: `SK${hex(31)}` },
  'sendgrid-api-key': { real: `SG.${chars(URLSAFE, 22)}.${chars(URLSAFE, 43)}`, nearMiss: `SG.${chars(URLSAFE, 22)}.${chars(URLSAFE, 20)}` },
  'mailgun-api-key': { real: `key-${hex(32)}`, nearMiss: `key-${hex(31)}` },
  'mailchimp-api-key': { real: `${hex(32)}-us14`, nearMiss: `${hex(32)}-eu14` },
  'brevo-api-key': { real: `xkeysib-${hex(64)}-${alnum(16)}`, nearMiss: `xkeysib-${hex(20)}-${alnum(16)}` },
  'npm-token': { real: `npm_${alnum(36)}`, nearMiss: `npm_${alnum(35)}` },
  'pypi-token': { real: `pypi-AgEIcHlwaS5vcmc${chars(URLSAFE, 70)}`, nearMiss: `pypi-AgEIcHlwaS5vcmc${chars(URLSAFE, 10)}` },
  'rubygems-api-key': { real: `rubygems_${hex(48)}`, nearMiss: `rubygems_${hex(40)}` },
  'nuget-api-key': { real: `oy2${chars(`${LOW}0123456789`, 43)}`, nearMiss: `oy2${chars(`${LOW}0123456789`, 40)}` },
  'docker-hub-pat': { real: `dckr_pat_${chars(URLSAFE, 27)}`, nearMiss: `dckr_pat_${chars(URLSAFE, 20)}` },
  'openai-api-key': { real: `sk-proj-${chars(URLSAFE, 64)}`, nearMiss: `sk-proj-${chars(URLSAFE, 20)}` },
  'anthropic-api-key': { real: `sk-ant-api03-${chars(URLSAFE, 93)}AA`, nearMiss: `sk-ant-api03-${chars(URLSAFE, 30)}` },
  'huggingface-token': { real: `hf_${chars(UP + LOW, 34)}`, nearMiss: `hf_${chars(UP + LOW, 33)}` },
  'groq-api-key': { real: `gsk_${alnum(52)}`, nearMiss: `gsk_${alnum(40)}` },
  'xai-api-key': { real: `xai-${alnum(80)}`, nearMiss: `xai-${alnum(40)}` },
  'sentry-user-token': { real: `sntryu_${hex(64)}`, nearMiss: `sntryu_${hex(60)}` },
  'sentry-org-token': { real: `sntrys_eyJpYXQiOjE3MzI4NDgwMDAs${alnum(80)}`, nearMiss: 'sntrys_eyJ' },
  'digitalocean-token': { real: `dop_v1_${hex(64)}`, nearMiss: `dop_v1_${hex(60)}` },
  'shopify-token': { real: `shpat_${hex(32)}`, nearMiss: `shpat_${hex(31)}` },
  'square-token': { real: `sq0atp-${chars(URLSAFE, 22)}`, nearMiss: `sq0atp-${chars(URLSAFE, 12)}` },
  'linear-api-key': { real: `lin_api_${alnum(40)}`, nearMiss: `lin_api_${alnum(39)}` },
  'notion-token': { real: `ntn_${'12345678901'}${alnum(35)}`, nearMiss: `ntn_${alnum(20)}` },
  'telegram-bot-token': { real: `123456789:A${chars(URLSAFE, 34)}`, nearMiss: `123456789:B${chars(URLSAFE, 34)}` },
  'atlassian-api-token': { real: `ATATT3xFfGF0${chars(URLSAFE, 180)}`, nearMiss: 'ATATT3short' },
  'planetscale-token': { real: `pscale_pw_${chars(URLSAFE, 43)}`, nearMiss: `pscale_pw_${chars(URLSAFE, 10)}` },
  'postman-api-key': { real: `PMAK-${hex(24)}-${hex(34)}`, nearMiss: `PMAK-${hex(24)}-${hex(30)}` },
  'grafana-token': { real: `glsa_${alnum(32)}_${hex(8)}`, nearMiss: `glsa_${alnum(32)}_${hex(4)}` },
  'new-relic-api-key': { real: `NRAK-${chars(`${UP}0123456789`, 27)}`, nearMiss: `NRAK-${chars(`${UP}0123456789`, 20)}` },
  'doppler-token': { real: `dp.pt.${alnum(43)}`, nearMiss: `dp.pt.${alnum(40)}` },
  'age-secret-key': { real: `AGE-SECRET-KEY-1${chars('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58)}`, nearMiss: 'AGE-SECRET-KEY-1QPZ' },
  'azure-ad-client-secret': { real: `abc8Q~${chars(`${URLSAFE}.~`, 34)}`, nearMiss: `abc8Q-${chars(`${URLSAFE}`, 34)}` },
  'databricks-token': { real: `dapi${hex(32)}`, nearMiss: `dapi${hex(30)}` },
  'figma-token': { real: `figd_${chars(URLSAFE, 40)}`, nearMiss: `figd_${chars(URLSAFE, 30)}` },
  'pulumi-token': { real: `pul-${hex(40)}`, nearMiss: `pul-${hex(39)}` },
  'supabase-token': { real: `sbp_${hex(40)}`, nearMiss: `sbp_${hex(39)}` },
  'mapbox-secret-token': { real: `sk.eyJ1IjoiZXhhbXBsZSIsImEiOiJ${alnum(10)}.${chars(URLSAFE, 22)}`, nearMiss: 'pk.eyJ1IjoiZXhhbXBsZSJ9.abc' },
  'vault-token': { real: `hvs.${chars(URLSAFE, 91)}`, nearMiss: `hvs.${chars(URLSAFE, 20)}` },
  'terraform-cloud-token': { real: `${alnum(14)}.atlasv1.${chars(URLSAFE, 67)}`, nearMiss: `${alnum(14)}.atlasv2.${chars(URLSAFE, 67)}` },
  'facebook-access-token': { real: `EAA${alnum(120)}`, nearMiss: `EAA${alnum(40)}` },
};

// Only the token rule: other rules (key=value, generic) must not mask a failing format test.
const only = { rules: { keyValue: false, jwt: false, authHeader: false, email: false, ip: false, creditCard: false, ssn: false, iban: false, urlAuth: false, pemKey: false } } as const;

describe('token formats', () => {
  it('has at least 30 formats, each with a test case', () => {
    expect(TOKEN_SOURCES.length).toBeGreaterThanOrEqual(30);
    expect(TOKEN_IDS).toHaveLength(TOKEN_SOURCES.length);
    expect(Object.keys(CASES).sort()).toEqual([...TOKEN_IDS].sort());
  });

  for (const id of TOKEN_IDS) {
    it(`${id}: redacts a real-shaped token in text and keeps a near miss`, () => {
      const c = CASES[id]!;
      expect(scrubText(`deploy failed: ${c.real} rejected`, only)).toBe('deploy failed: [token] rejected');
      expect(scrubText(`"${c.real}"`, only)).toBe('"[token]"');
      expect(scrubText(`deploy failed: ${c.nearMiss} rejected`, only)).toBe(`deploy failed: ${c.nearMiss} rejected`);
    });
  }

  it('does not fire inside a longer word', () => {
    const t = `x${`ghp_${alnum(36)}`}`;
    expect(scrubText(t, only)).toBe(t);
  });
});
