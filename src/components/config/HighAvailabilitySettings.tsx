import React from 'react';
import { Field, Input, SecretInput, Text } from '@grafana/ui';

import { ConfigProps, withJsonData } from './types';
import { MAX_REPLICAS, replicasError, sharedStoreUrlError } from './validation';

/**
 * Settings of a Grafana run as several replicas: the Redis (or Valkey) they share, which makes
 * every replica's requests draw from one Stripe budget and lets one replica read what the others
 * then use, and how many replicas there are (each keeps to its share of the budget while the store
 * is unreachable). The password goes to secureJsonData, like the key.
 */
export function HighAvailabilitySettings({ options, onOptionsChange }: ConfigProps) {
  const { jsonData } = options;
  const urlError = sharedStoreUrlError(jsonData.sharedStoreUrl);
  const countError = urlError ? undefined : replicasError(jsonData.replicas, jsonData.sharedStoreUrl);
  const update = (patch: Parameters<typeof withJsonData>[1]) => onOptionsChange(withJsonData(options, patch));

  return (
    <>
      <Text element="h4">High availability</Text>
      <Text element="p" color="secondary">
        Only for Grafana run as several replicas behind a load balancer. Without a shared store each replica reads
        Stripe on its own and sends its own budget: three replicas read the history three times and send three times the
        budget to one account.
      </Text>
      <Field
        label="Shared store (Redis) URL"
        description="A Redis or Valkey every replica reaches, such as the one Grafana's remote cache uses: redis://host:6379/0, or rediss:// for TLS. Empty: nothing is shared."
        invalid={Boolean(urlError)}
        error={urlError}
      >
        <Input
          id="stripe-shared-store-url"
          value={jsonData.sharedStoreUrl ?? ''}
          placeholder="redis://redis:6379/0"
          width={60}
          onChange={(event) => update({ sharedStoreUrl: event.currentTarget.value.trim() || undefined })}
        />
      </Field>
      {jsonData.sharedStoreUrl && (
        <>
          <Field
            label="Shared store password"
            description="Redis's requirepass or the ACL user's password. Stored encrypted."
          >
            <SecretInput
              id="stripe-shared-store-password"
              isConfigured={Boolean(options.secureJsonFields?.sharedStorePassword)}
              value={options.secureJsonData?.sharedStorePassword ?? ''}
              placeholder="none"
              width={60}
              autoComplete="off"
              onChange={(event) =>
                onOptionsChange({
                  ...options,
                  secureJsonData: { ...options.secureJsonData, sharedStorePassword: event.currentTarget.value },
                })
              }
              onReset={() =>
                onOptionsChange({
                  ...options,
                  secureJsonFields: { ...options.secureJsonFields, sharedStorePassword: false },
                  secureJsonData: { ...options.secureJsonData, sharedStorePassword: '' },
                })
              }
            />
          </Field>
          <Field
            label="Grafana replicas"
            description="How many replicas share the store. While it is unreachable each keeps to the budgets divided by this, so that together they never send more than the budget."
            invalid={Boolean(countError)}
            error={countError}
            required
          >
            <Input
              id="stripe-replicas"
              type="number"
              min={1}
              max={MAX_REPLICAS}
              step={1}
              width={30}
              value={jsonData.replicas ?? ''}
              onChange={(event) => {
                const text = event.currentTarget.value.trim();
                update({ replicas: text === '' ? undefined : Number(text) });
              }}
            />
          </Field>
        </>
      )}
    </>
  );
}
