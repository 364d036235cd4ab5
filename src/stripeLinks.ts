import { allPermissions } from './catalog';

/** Stripe's guide to restricted keys. */
export const RESTRICTED_KEYS_DOCS_URL = 'https://docs.stripe.com/keys/restricted-api-keys';

/**
 * Stripe Dashboard page that creates a restricted key, pre-filled with a name and every read
 * permission the catalog's resources need, so the admin only has to review and confirm.
 */
export function createRestrictedKeyUrl(): string {
  const params = new URLSearchParams({ name: 'Grafana' });
  for (const permission of allPermissions()) {
    params.append('permissions[]', permission);
  }
  return `https://dashboard.stripe.com/apikeys/create?${params.toString()}`;
}
