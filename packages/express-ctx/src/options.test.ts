import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createContextMiddleware, createErrorHandler, ExpressCtxOptionsError } from './index';
import { statusOf } from './error-handler';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('option validation', () => {
  it('rejects a header name that is not an HTTP token, naming the option', () => {
    const error = thrown(() => createContextMiddleware({ userIdHeader: 'x user id' }));
    expect(ExpressCtxOptionsError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'INVALID_HEADER_NAME', option: 'userIdHeader' });
    expect((error as Error).message).toContain("'x-request-id'");
  });

  it('rejects out-of-range numbers and wrong shapes', () => {
    expect(thrown(() => createContextMiddleware({ maxBodyBytes: -1 }))).toMatchObject({ code: 'INVALID_NUMBER', option: 'maxBodyBytes' });
    expect(thrown(() => createContextMiddleware({ maxUserIdLength: 1.5 }))).toMatchObject({ code: 'INVALID_NUMBER' });
    expect(thrown(() => createContextMiddleware({ userIdPattern: '^a$' as unknown as RegExp }))).toMatchObject({
      code: 'INVALID_OPTION',
      option: 'userIdPattern',
    });
    expect(thrown(() => createContextMiddleware({ allowedHeaders: ['accept', 'bad header'] }))).toMatchObject({ option: 'allowedHeaders[1]' });
    expect(thrown(() => createErrorHandler({ eventIdHeader: '' }))).toMatchObject({ code: 'INVALID_HEADER_NAME', option: 'eventIdHeader' });
  });

  it('recognises its error across copies by brand, not by class identity', () => {
    const foreign = Object.defineProperty(new Error('x'), Symbol.for('@causal-organism/express-ctx/ExpressCtxOptionsError'), { value: true });
    expect(ExpressCtxOptionsError.isInstance(foreign)).toBe(true);
    expect(ExpressCtxOptionsError.isInstance(new Error('x'))).toBe(false);
  });

  it('accepts the defaults and exposes counters', () => {
    const middleware = createContextMiddleware();
    expect(middleware.stats).toEqual({ invalidUserIds: 0, invalidRequestIds: 0, internalErrors: 0 });
    expect(createErrorHandler().length).toBe(4);
  });
});

describe('user id validation', () => {
  it('accepts the same valid id on every request even with a global RegExp', () => {
    const invalid: string[] = [];
    const middleware = createContextMiddleware({
      trustUserIdHeader: true,
      userIdPattern: /^[a-z0-9-]+$/g,
      logger: { warn() {} },
      onInvalidUserId: (info) => invalid.push(info.reason),
    });
    const res = { headersSent: false, setHeader() {} } as unknown as ServerResponse;
    for (const id of ['user-1', 'user-1', 'user-1', 'BAD!', 'x'.repeat(200)]) {
      middleware({ headers: { 'x-user-id': id }, method: 'GET' } as unknown as IncomingMessage, res, () => {});
    }
    expect(invalid).toEqual(['charset', 'too-long']);
    expect(middleware.stats.invalidUserIds).toBe(2);
  });
});

describe('statusOf', () => {
  const res = (statusCode: number) => ({ statusCode }) as ServerResponse;
  it('follows Express final-handler semantics', () => {
    expect(statusOf({ status: 422 }, res(200))).toBe(422);
    expect(statusOf({ statusCode: 503 }, res(200))).toBe(503);
    expect(statusOf({ status: 302 }, res(200))).toBe(500);
    expect(statusOf(new Error('x'), res(404))).toBe(404);
    expect(statusOf('a string', res(200))).toBe(500);
  });
});
