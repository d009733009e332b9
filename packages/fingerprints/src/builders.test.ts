import { describe, expect, it } from 'vitest';
import { applyRules } from './apply';
import { fingerprintRule, matcher, not, variables } from './builders';
import { FingerprintOptionsError } from './errors';
import { parseRules } from './parser';

const withoutLine = <T extends { line?: number }>(r: T): Omit<T, 'line'> => {
  const { line: _line, ...rest } = r;
  return rest;
};

describe('rule builders produce the same rule objects as the parser', () => {
  it.each([
    [
      'error.type:ConnectionError stack.function:"connect" stack.module:"bot" -> bot-error',
      () => fingerprintRule({ matchers: [matcher('error.type', 'ConnectionError'), matcher('stack.function', 'connect'), matcher('stack.module', 'bot')], fingerprint: ['bot-error'] }),
    ],
    [
      'family:native !stack.module:"myproject::*" -> not-from-my-project',
      () => fingerprintRule({ matchers: [matcher('family', 'native'), not(matcher('stack.module', 'myproject::*'))], fingerprint: ['not-from-my-project'] }),
    ],
    [
      'logger:my.package.* level:error -> error-logger, {{ logger }} title="Error from Logger {{ logger }}"',
      () => fingerprintRule({ matchers: [matcher('logger', 'my.package.*'), matcher('level', 'error')], fingerprint: ['error-logger', variables.logger], title: 'Error from Logger {{ logger }}' }),
    ],
    [
      'app:yes tags.server_name:"canary-*" -> canary, {{ tags.server_name }}, {{default}}',
      () => fingerprintRule({ matchers: [matcher('app', true), matcher('tags.server_name', 'canary-*')], fingerprint: ['canary', variables.tag('server_name'), '{{default}}'] }),
    ],
    [
      'error.type:ConnectionError !stack.abs_path:**/node_modules/** -> system-down, {{ transaction }} title="Down: {{ transaction }}"',
      () => fingerprintRule({ matchers: [matcher('error.type', 'ConnectionError'), not(matcher('stack.abs_path', '**/node_modules/**'))], fingerprint: ['system-down', variables.transaction], title: 'Down: {{ transaction }}' }),
    ],
    ['type:X -> title="only a title"', () => fingerprintRule({ matchers: [matcher('type', 'X')], fingerprint: [], title: 'only a title' })],
  ])('%s', (text, build) => {
    const built = build();
    expect(built).toEqual(withoutLine(parseRules(text)[0]!));
    expect(built.line).toBeUndefined();
  });

  it('built rules apply like parsed ones', () => {
    const rule = fingerprintRule({ matchers: [matcher('type', 'E')], fingerprint: ['e', variables.type, variables.transaction] });
    expect(applyRules({ exception: { values: [{ type: 'E' }] } }, [rule])?.fingerprint).toEqual(['e', 'E', '<no-transaction>']);
  });

  it('every variable constant is a variable the resolver knows', () => {
    const rule = fingerprintRule({
      matchers: [matcher('level', '*')],
      fingerprint: Object.values(variables as Record<string, unknown>).filter((v): v is string => typeof v === 'string'),
    });
    const result = applyRules({ level: 'info' }, [rule])!;
    expect(result.fingerprint.some((p) => p.startsWith('<unrecognized-variable'))).toBe(false);
  });

  it('rejects unknown keys, non-boolean app values, empty rules with FingerprintOptionsError', () => {
    expect(() => matcher('tags' as 'type', 'x')).toThrow(FingerprintOptionsError);
    expect(() => matcher('app', 'maybe')).toThrow(/Invalid value 'maybe' for matcher 'app'/);
    expect(() => fingerprintRule({ matchers: [], fingerprint: ['a'] })).toThrow(/at least one matcher/);
    expect(() => fingerprintRule({ matchers: [matcher('type', 'X')], fingerprint: [] })).toThrow(/at least one fingerprint part/);
    try {
      matcher('nope' as 'type', 'x');
    } catch (e) {
      expect(FingerprintOptionsError.isInstance(e)).toBe(true);
      expect((e as FingerprintOptionsError).code).toBe('invalid-rules');
    }
  });

  it('not() twice is the plain matcher again', () => {
    expect(not(not(matcher('type', 'X')))).toEqual(matcher('type', 'X'));
  });
});
