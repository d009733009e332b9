import { describe, expect, it } from 'vitest';
import { SECRETS, alnum, jwt, withLuhn } from '../../test/secrets';
import { createScrubber, scrubText } from '../../test/engine';
import { cardBrandValid, ibanValid, luhnValid, ssnValid } from './checks';

const s = (text: string): string => scrubText(text);

describe('payment cards', () => {
  const cards = {
    visa16: withLuhn('424242424242424'),
    visa13: withLuhn('422222222222'),
    visa19: withLuhn('401288888888188188'.slice(0, 18)),
    mastercard51: withLuhn('555555555555444'),
    mastercard2series: withLuhn('222300000000000'),
    mastercard2720: withLuhn('272099999999999'),
    amex: withLuhn('37144963539843'),
    discover: withLuhn('601111111111111'),
    diners: withLuhn('3056930902590'),
    jcb: withLuhn('353011133330000'),
    unionpay: withLuhn('620000000000000'),
    maestro: withLuhn('675911111111111'),
    maestro5018: withLuhn('501800000000000'),
    mir: withLuhn('220000000000000'),
  };
  for (const [brand, number] of Object.entries(cards)) {
    it(`${brand}: compact, spaced and dashed`, () => {
      expect(luhnValid(number) && cardBrandValid(number)).toBe(true);
      const spaced = number.replace(/(\d{4})(?=\d)/g, '$1 ');
      const dashed = number.replace(/(\d{4})(?=\d)/g, '$1-');
      expect(s(`card ${number} declined`)).toBe('card [creditcard] declined');
      expect(s(`card ${spaced} declined`)).toBe('card [creditcard] declined');
      expect(s(`card=${dashed}&x=1`)).toBe('card=[creditcard]&x=1');
    });
  }

  it('finds a card followed by another number (expiry) and inside JSON', () => {
    expect(s(`${cards.visa16} 12/29`)).toBe('[creditcard] 12/29');
    expect(s(`{"pan":"${cards.amex}"}`)).toBe('{"pan":"[creditcard]"}');
  });

  it('keeps Luhn failures, unknown brands, timestamps, order numbers', () => {
    const luhnFail = cards.visa16.slice(0, 15) + String((Number(cards.visa16[15]) + 1) % 10);
    for (const keep of [
      `order ${luhnFail} shipped`,
      'timestamp 1453843029218310',
      'order #9111111111111111',
      'id 1234567890123456',
      'phone +1 415 555 2671',
      'phone +44 20 7946 0958',
      'ts 1732848004512',
      'build 20241129033300123',
      'traceparent 00-8ba69076a2abeda763ac710d8f9f501f-3690394828318960-01',
      // `3821 2365 2024-04` is a Luhn-valid 14-digit Diners number, but it runs on into a date.
      'call +1 200 555 3821 2365 2024-04-01 ok',
    ]) {
      expect(s(keep)).toBe(keep);
    }
  });

  it('finds a card written with mixed separators', () => {
    const mixed = `${cards.visa16.slice(0, 4)} ${cards.visa16.slice(4, 8)}-${cards.visa16.slice(8, 12)} ${cards.visa16.slice(12)}`;
    expect(s(`card ${mixed} ok`)).toBe('card [creditcard] ok');
  });
});

describe('US SSNs', () => {
  it('redacts dashed SSNs anywhere and undashed ones after a keyword', () => {
    expect(s('ssn 219-09-9999 on file')).toBe('ssn [us-ssn] on file');
    expect(s('applicant 078-05-1120')).toBe('applicant [us-ssn]');
    expect(s('SSN 219099999')).toBe('SSN [us-ssn]');
    expect(s('social security number: 219 09 9999')).toBe('social security number: [us-ssn]');
  });
  it('skips invalid ranges and lookalikes', () => {
    expect(ssnValid('000', '12', '3456')).toBe(false);
    expect(ssnValid('666', '12', '3456')).toBe(false);
    expect(ssnValid('912', '12', '3456')).toBe(false);
    expect(ssnValid('123', '00', '3456')).toBe(false);
    expect(ssnValid('123', '45', '0000')).toBe(false);
    for (const keep of ['code 000-12-3456', 'code 666-12-3456', 'code 900-12-3456', 'x 123-00-4567', 'x 123-45-0000', 'date 2024-01-15', 'ref 219099999', 'tel 555-123-4567', 'part 1234-56-7890']) {
      expect(s(keep)).toBe(keep);
    }
  });
});

describe('IBANs', () => {
  it('redacts compact and grouped IBANs that pass mod 97', () => {
    expect(ibanValid('DE89370400440532013000')).toBe(true);
    expect(s('pay to DE89370400440532013000 today')).toBe('pay to [iban] today');
    expect(s('pay to DE89 3704 0044 0532 0130 00 today')).toBe('pay to [iban] today');
    expect(s('GB82WEST12345698765432')).toBe('[iban]');
    expect(s('iban: FR1420041010050500013M02606')).toBe('iban: [Filtered]');
    expect(s('to FR1420041010050500013M02606.')).toBe('to [iban].');
  });
  it('keeps wrong checksums, wrong lengths and unknown countries', () => {
    for (const keep of ['DE89370400440532013001', 'DE8937040044053201300', 'ZZ89370400440532013000', 'DE89 3704 0044 0532 0130 01']) {
      expect(s(`x ${keep} y`)).toBe(`x ${keep} y`);
    }
  });
});

describe('PEM private keys', () => {
  const body = `MIIEvQIBADANBgkqhkiG9w0BAQEFAASC${alnum(64)}\n${alnum(64, 3)}`;
  it('redacts the body of private keys, including escaped newlines and truncated keys', () => {
    expect(s(`-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`)).toBe(
      '-----BEGIN RSA PRIVATE KEY-----\n[pemkey]\n-----END RSA PRIVATE KEY-----',
    );
    expect(s(`{"private_key":"-----BEGIN PRIVATE KEY-----\\n${alnum(80)}\\n-----END PRIVATE KEY-----\\n"}`)).toBe(
      '{"private_key":"[Filtered]"}',
    );
    expect(s(`key -----BEGIN OPENSSH PRIVATE KEY-----\\n${alnum(80)}\\n-----END OPENSSH PRIVATE KEY-----`)).toBe(
      'key -----BEGIN OPENSSH PRIVATE KEY-----\\n[pemkey]\\n-----END OPENSSH PRIVATE KEY-----',
    );
    expect(s(`-----BEGIN PRIVATE KEY-----\n${body}`)).toBe('-----BEGIN PRIVATE KEY-----\n[pemkey]');
  });
  it('keeps public keys and certificates', () => {
    const cert = `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----`;
    expect(s(cert)).toBe(cert);
  });
});

describe('URL userinfo, auth schemes, JWTs', () => {
  it('redacts user:password in any scheme', () => {
    expect(s(`postgres://admin:${SECRETS.urlPassword}@db.internal:5432/app`)).toBe('postgres://[auth]@db.internal:5432/app');
    expect(s('redis://:p4ss@cache:6379')).toBe('redis://[auth]@cache:6379');
    expect(s('see https://example.com/@user/profile')).toBe('see https://example.com/@user/profile');
    expect(s('https://[filtered]:[filtered]@host/')).toBe('https://[filtered]:[filtered]@host/');
  });
  it('redacts Bearer / Basic / Token credentials and keeps prose', () => {
    expect(s('Authorization: Bearer abc123def456ghi789')).toBe('Authorization: [Filtered]');
    expect(s('sent Bearer abc123def456ghi789 upstream')).toBe('sent Bearer [token] upstream');
    expect(s(`sent Basic ${Buffer.from('aladdin:opensesame').toString('base64')} upstream`)).toBe('sent Basic [token] upstream');
    expect(s('sent token a1b2c3d4e5 upstream')).toBe('sent token [token] upstream');
    for (const keep of ['Basic setup complete', 'the bearer of bad news', 'Missing Bearer token', 'Token refresh scheduled']) {
      expect(s(keep)).toBe(keep);
    }
  });
  it('redacts JWTs and keeps dotted identifiers', () => {
    expect(s(`jwt ${jwt()} expired`)).toBe('jwt [jwt] expired');
    expect(s('eyJhbGciOiJIUzI1NiJ9 alone')).toBe('eyJhbGciOiJIUzI1NiJ9 alone');
    expect(s('com.example.app.MainActivity')).toBe('com.example.app.MainActivity');
  });
});

describe('key=value secrets in text', () => {
  it('redacts values of sensitive keys in every common syntax', () => {
    expect(s('password=hunter2&user=bob')).toBe('password=[Filtered]&user=bob');
    expect(s('/login?user=bob&access_token=abc.def&next=/')).toBe('/login?user=bob&access_token=[Filtered]&next=/');
    expect(s('{"user":"bob","apiKey":"k-123","clientSecret": "x y z"}')).toBe('{"user":"bob","apiKey":"[Filtered]","clientSecret": "[Filtered]"}');
    expect(s('{\\"password\\":\\"hunter2\\"}')).toBe('{\\"password\\":\\"[Filtered]\\"}');
    expect(s("UPDATE users SET password = 'hunter2' WHERE id = 1")).toBe("UPDATE users SET password = '[Filtered]' WHERE id = 1");
    expect(s('db_password: s3cret')).toBe('db_password: [Filtered]');
    expect(s('X-Api-Key: abc123')).toBe('X-Api-Key: [Filtered]');
    expect(s('Cookie: sid=abc; theme=dark\nHost: x')).toBe('Cookie: [Filtered]\nHost: x');
    expect(s('--password=hunter2 --verbose')).toBe('--password=[Filtered] --verbose');
  });
  it('keeps non-sensitive keys, empty and boolean values, and lookalike key names', () => {
    for (const keep of [
      'keyboard=us&monkey=george&tokenizer_version=3',
      'password=&remember=true',
      'auth=true',
      'token_type=Bearer&expires_in=3600',
      'max_tokens: 4096',
      'author: Jane',
      'https://example.com:8443/path',
      'time 12:30:45',
      'a == b',
    ]) {
      expect(s(keep)).toBe(keep);
    }
  });
});

describe('emails and IP addresses', () => {
  it('masks by default and can be configured or turned off', () => {
    expect(s('mail jane.doe@example.com now')).toBe('mail ******************** now');
    expect(s('email=jane.doe%40example.com&x=1')).toBe('email=**********************&x=1');
    expect(s('from 203.0.113.42:8080')).toBe('from ************:8080');
    expect(s('via 2001:db8::8a2e:370:7334 ok')).toBe(`via ${'*'.repeat(23)} ok`);
    expect(s('from ::1')).toBe('from ***');
    expect(scrubText('jane@example.com 10.0.0.1', { rules: { email: 'replace', ip: 'replace' } })).toBe('[email] [ip]');
    expect(scrubText('jane@example.com 10.0.0.1', { rules: { email: false, ip: false } })).toBe('jane@example.com 10.0.0.1');
  });
  it('keeps lookalikes', () => {
    for (const keep of [
      'icon@2x.png',
      'npm i @sentry/node@11.12.0',
      'lodash@4.17.21',
      'version 1.2.3',
      'v8 11.3.244.8-node.38',
      'at 12:30:45',
      'mac 00:1a:2b:3c:4d:5e',
      'std::vector',
      'Cache::add',
      'octet 256.1.1.1',
    ]) {
      expect(s(keep)).toBe(keep);
    }
  });
});

describe('near misses that must survive every rule', () => {
  const benign = [
    'request 123e4567-e89b-12d3-a456-426614174000 done',
    'commit 9f1c2e7a4b5d6e7f8091a2b3c4d5e6f708192a3b',
    'release orders-api@2.14.3+9f1c2e7',
    'at 2026-11-29T03:19:50.123Z',
    'call +1 (415) 555-2671',
    'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=',
    'trace 4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7',
    'GET /v1/orders/ord_9001/pay 502 in 1203ms',
    'user u_12345 ordered SKU-1001 x2 for 19.99 EUR',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36',
    'pk_live_51Habc123def456ghi789jkl is a publishable key',
  ];
  for (const text of benign) {
    it(JSON.stringify(text.slice(0, 40)), () => expect(s(text)).toBe(text));
  }
});

describe('methods', () => {
  const text = `card ${SECRETS.visa} ssn ${SECRETS.ssn}`;
  it('replace, mask, remove', () => {
    expect(scrubText(text, { rules: { creditCard: 'replace', ssn: 'replace' } })).toBe('card [creditcard] ssn [us-ssn]');
    expect(scrubText(text, { rules: { creditCard: { replacement: '<card>' } } })).toBe('card <card> ssn [us-ssn]');
    expect(scrubText(text, { rules: { creditCard: 'mask', ssn: 'mask' } })).toBe('card **************** ssn ***********');
    expect(scrubText(text, { rules: { creditCard: 'remove', ssn: 'remove' } })).toBe('card  ssn ');
  });
  it('hash is keyed, stable per key and differs across keys', () => {
    const a = createScrubber({ hashKey: 'k'.repeat(32), rules: { ssn: 'hash' } });
    const b = createScrubber({ hashKey: 'j'.repeat(32), rules: { ssn: 'hash' } });
    const ha = a.scrubText(`ssn ${SECRETS.ssn}`);
    expect(ha).toMatch(/^ssn \[hash:[0-9A-F]{32}\]$/);
    expect(a.scrubText(`ssn ${SECRETS.ssn}`)).toBe(ha);
    expect(b.scrubText(`ssn ${SECRETS.ssn}`)).not.toBe(ha);
    // Without a key, a random per-process key: still stable within the process.
    const c = createScrubber({ rules: { ssn: 'hash' } });
    expect(c.scrubText(`ssn ${SECRETS.ssn}`)).toBe(c.scrubText(`ssn ${SECRETS.ssn}`));
    expect(c.scrubText(`ssn ${SECRETS.ssn}`)).not.toBe(ha);
  });
  it('output of a previous pass is left alone (idempotent)', () => {
    const once = createScrubber({ hashKey: 'k'.repeat(32), method: 'hash', rules: { keyValue: 'hash' } });
    const first = once.scrubText('password=hunter2');
    expect(once.scrubText(first)).toBe(first);
    expect(s(s(text))).toBe(s(text));
  });
});

describe('custom patterns', () => {
  it('applies custom patterns with groups and methods', () => {
    const opts = {
      patterns: [
        { id: 'employee', pattern: /EMP-\d{6}/ },
        { id: 'order-ref', pattern: 'order-ref#(\\w+)', group: 1, method: 'mask' as const },
      ],
    };
    expect(scrubText('EMP-123456 has order-ref#abc', opts)).toBe('[employee] has order-ref#***');
  });
});

describe('token and JWT prefilter', () => {
  // The rules only run on strings with a run of token characters as long as the shortest match;
  // these have no run of 16 word characters, which is what the prefilter once required.
  it('finds tokens whose bodies are broken up by . ~ + / =', () => {
    expect(s('secret Wfk8Q~vPZ.JxW2a~eC4gZ9x_ycYXJ.nKw3pZ1bGa end')).toBe('secret [token] end');
    expect(s('token glpat-Abcd.Efgh.Ijkl.Mnop.Qrst end')).toBe('token [token] end');
  });

  it('finds the shortest token and JWT shapes', () => {
    expect(s('xoxb-1234567890 end')).toBe('[token] end');
    expect(s('t eyJhbGciO.eyJzdWIiO. end')).toBe('t [jwt] end');
  });
});
