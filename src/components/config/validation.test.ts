import { apiBaseUrlError, endpointRateLimitError, rateLimitError } from './validation';

describe('apiBaseUrlError', () => {
  it.each([
    '',
    '  ',
    'https://api.stripe.com',
    'https://stripe-proxy.internal:8443/stripe',
    'http://localhost:12111',
    'http://127.0.0.1:12111',
    'http://[::1]:12111',
  ])('accepts %p', (url) => {
    expect(apiBaseUrlError(url)).toBeUndefined();
  });

  it('refuses plain http to another machine, because the key would travel unencrypted', () => {
    expect(apiBaseUrlError('http://proxy.internal')).toMatch(/unencrypted/);
  });

  it.each(['ftp://proxy', 'api.stripe.com', 'https://'])('refuses %p as not an http(s) address', (url) => {
    expect(apiBaseUrlError(url)).toMatch(/https/);
  });

  it('refuses credentials, queries and fragments', () => {
    expect(apiBaseUrlError('https://user:pw@proxy.internal')).toMatch(/credentials/);
    expect(apiBaseUrlError('https://proxy.internal/?a=1')).toMatch(/query/);
  });
});

describe('rateLimitError', () => {
  it('accepts no value and budgets up to Stripe’s live limit', () => {
    expect(rateLimitError(undefined)).toBeUndefined();
    expect(rateLimitError(0.5)).toBeUndefined();
    expect(rateLimitError(100)).toBeUndefined();
  });

  it('refuses zero, negative and non-numbers', () => {
    for (const value of [0, -5, NaN]) {
      expect(rateLimitError(value)).toMatch(/positive number/);
    }
  });

  it("warns above Stripe's live limit", () => {
    expect(rateLimitError(150)).toMatch(/at most 100/);
  });
});

describe('endpointRateLimitError', () => {
  it('checks like the global budget', () => {
    expect(endpointRateLimitError(undefined)).toBeUndefined();
    expect(endpointRateLimitError(7.5)).toBeUndefined();
    expect(endpointRateLimitError(0)).toMatch(/positive number/);
    expect(endpointRateLimitError(150)).toMatch(/at most 100/);
  });
});
