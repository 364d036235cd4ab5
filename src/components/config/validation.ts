/** Stripe's own API host; an empty setting means this. Mirrors models.DefaultAPIBaseURL. */
export const DEFAULT_API_BASE_URL = 'https://api.stripe.com';

/** Error text for an API base URL, or undefined when it is usable (empty means the default). */
export function apiBaseUrlError(value: string | undefined): string | undefined {
  if (!value) {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `Enter a full http:// or https:// URL, for example ${DEFAULT_API_BASE_URL}.`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `Use an http:// or https:// URL, for example ${DEFAULT_API_BASE_URL}.`;
  }
  return undefined;
}

// Stripe's documented limits per second; the backend defaults (80 / 20) stay below them.
const STRIPE_LIVE_LIMIT = 100;

/** Error text for a request rate budget, or undefined when it is usable (absent means the default). */
export function rateLimitError(value: number | undefined): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!Number.isFinite(value) || value <= 0) {
    return 'Enter a positive number of requests per second, or leave empty for the default.';
  }
  if (value > STRIPE_LIVE_LIMIT) {
    return `Stripe allows at most ${STRIPE_LIVE_LIMIT} requests per second in live mode (25 in test mode); a higher budget only produces rate-limit errors.`;
  }
  return undefined;
}
