/*
 * Checks for the advanced settings, mirroring what the backend refuses (pkg/stripeapi/config.go)
 * so the admin sees the problem while typing rather than on Save & test.
 */

/** Stripe's own API host; an empty setting means this. Mirrors models.DefaultAPIBaseURL. */
export const DEFAULT_API_BASE_URL = 'https://api.stripe.com';

/** Error text for an API base URL, or undefined when it is usable (empty means the default). */
export function apiBaseUrlError(value: string | undefined): string | undefined {
  const raw = (value ?? '').trim();
  if (raw === '') {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `Enter a full https:// address, like ${DEFAULT_API_BASE_URL}.`;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.host === '') {
    return `Enter an http(s) address, like ${DEFAULT_API_BASE_URL}.`;
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    return 'The address must not contain a query, a fragment or credentials.';
  }
  // The key travels in every request, so plain http is only for servers on this machine.
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    return 'Plain http would send the key unencrypted: use https (http is only accepted for localhost).';
  }
  return undefined;
}

function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

// Stripe's documented limit per second in live mode.
const STRIPE_LIVE_LIMIT = 100;

/**
 * The backend's budgets when none is set, by the key's mode (pkg/stripeapi/config.go): a quarter of
 * Stripe's live limit and well under its 25/s per endpoint, because the merchant's own servers share them.
 */
export const DEFAULT_RATE_LIMIT = { live: 25, test: 10 } as const;
export const DEFAULT_ENDPOINT_RATE_LIMIT = { live: 10, test: 10 } as const;

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

/** The same check for the per-endpoint budget. */
export const endpointRateLimitError = rateLimitError;

/** The memory budget when none is set (pkg/models DefaultMemoryBudgetMB). */
export const DEFAULT_MEMORY_BUDGET_MB = 256;

/** A memory budget must be at least 16 MiB (the backend refuses less). */
export function memoryBudgetError(value: number | undefined): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!Number.isFinite(value) || value < 16) {
    return 'Enter at least 16 MiB, or leave empty for the default.';
  }
  return undefined;
}

/** The cache directory must be an absolute path on the Grafana server (Unix or Windows). */
export function cacheDirError(value: string | undefined): string | undefined {
  if (!value) {
    return undefined;
  }
  if (!value.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(value) && !value.startsWith('\\\\')) {
    return 'Enter an absolute path on the Grafana server, or leave empty for the default.';
  }
  return undefined;
}

/**
 * A connected account is Stripe's account id: acct_ and letters and digits (the backend refuses
 * anything else, pkg/stripeapi ValidConnectedAccount). Empty means the key's own account.
 */
export function connectedAccountError(value: string | undefined): string | undefined {
  const id = (value ?? '').trim();
  if (id === '' || /^acct_[A-Za-z0-9]+$/.test(id)) {
    return undefined;
  }
  return 'Enter a Stripe account id: acct_ followed by letters and digits, as Connect → Connected accounts in the Stripe Dashboard shows it.';
}

/** The most replicas the backend accepts (models.MaxReplicas). */
export const MAX_REPLICAS = 100;

/** Error text for the shared store URL, or undefined when it is usable (empty means none). */
export function sharedStoreUrlError(value: string | undefined): string | undefined {
  const raw = (value ?? '').trim();
  if (raw === '') {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Enter a Redis URL, like redis://redis:6379/0 (rediss:// for TLS).';
  }
  if (!['redis:', 'rediss:', 'unix:'].includes(url.protocol)) {
    return 'Enter a Redis URL starting with redis:// or rediss:// (TLS), like redis://redis:6379/0.';
  }
  if (url.password !== '') {
    return 'Put the password in the Shared store password field below, not in the URL: the URL is stored in clear.';
  }
  return undefined;
}

/** Error text for the number of replicas: required, 1 to MAX_REPLICAS, once a shared store is set. */
export function replicasError(value: number | undefined, sharedStoreUrl: string | undefined): string | undefined {
  if (!(sharedStoreUrl ?? '').trim()) {
    return undefined;
  }
  if (value === undefined || !Number.isInteger(value) || value < 1 || value > MAX_REPLICAS) {
    return `Enter how many Grafana replicas share the store (a whole number from 1 to ${MAX_REPLICAS}): while it is unreachable each keeps to the budget divided by it.`;
  }
  return undefined;
}
