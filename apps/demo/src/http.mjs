// The scenario's HTTP requests (loopback only); a failure is reported, never thrown.

export async function request(base, path, { method = 'GET', body, headers = {} } = {}) {
  try {
    const response = await fetch(new URL(path, base), {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    await response.arrayBuffer();
    return response.status;
  } catch (error) {
    return `failed: ${error.cause?.code ?? error.message}`;
  }
}
