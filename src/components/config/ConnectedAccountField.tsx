import React from 'react';
import { Field, Input } from '@grafana/ui';

import { ConfigProps, withJsonData } from './types';
import { connectedAccountError } from './validation';

/**
 * The Stripe Connect account to read with the platform's key. Every request then carries it in
 * the Stripe-Account header, so every number is that account's. Empty reads the key's own account.
 */
export function ConnectedAccountField({ options, onOptionsChange }: ConfigProps) {
  const value = options.jsonData.connectedAccount ?? '';
  const error = connectedAccountError(value);
  return (
    <Field
      label="Connected account"
      description="Optional, for Stripe Connect platforms: the id (acct_…) of a connected account to read with the platform's key. Empty reads the key's own account."
      invalid={Boolean(error)}
      error={error}
    >
      <Input
        id="stripe-connected-account"
        value={value}
        placeholder="acct_…"
        width={60}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) =>
          onOptionsChange(withJsonData(options, { connectedAccount: event.currentTarget.value.trim() || undefined }))
        }
      />
    </Field>
  );
}
