import React from 'react';
import { InternalTimeZones } from '@grafana/data';
import { ConfigSection } from '@grafana/plugin-ui';
import { Alert, Field, Input, Switch, TimeZonePicker } from '@grafana/ui';

import { ConfigProps, withJsonData } from './types';
import { apiBaseUrlError, DEFAULT_API_BASE_URL, rateLimitError } from './validation';

/** Settings most installations leave alone. Open from the start when one of them is set. */
export function AdvancedSettings({ options, onOptionsChange }: ConfigProps) {
  const { jsonData } = options;
  const isDemo = jsonData.source === 'demo';
  const anySet = Boolean(jsonData.apiBaseUrl || jsonData.rateLimit || jsonData.timeZone || jsonData.allowSecretKey);
  const urlError = apiBaseUrlError(jsonData.apiBaseUrl);
  const rateError = rateLimitError(jsonData.rateLimit);

  const update = (patch: Parameters<typeof withJsonData>[1]) => onOptionsChange(withJsonData(options, patch));

  const onRateLimitChange = (event: React.ChangeEvent<HTMLInputElement>) => {
    const text = event.target.value.trim();
    update({ rateLimit: text === '' ? undefined : Number(text) });
  };

  return (
    <ConfigSection title="Advanced settings" isCollapsible isInitiallyOpen={anySet}>
      <Field
        label="Default time zone"
        description="Buckets (days, weeks, months) are aligned in this zone when a query names none."
      >
        <TimeZonePicker
          inputId="stripe-default-time-zone"
          // The backend's default is UTC, which Grafana's picker names 'utc'.
          includeInternal={[InternalTimeZones.utc]}
          value={jsonData.timeZone || InternalTimeZones.utc}
          onChange={(timeZone) =>
            update({ timeZone: !timeZone || timeZone === InternalTimeZones.utc ? undefined : timeZone })
          }
          width={60}
        />
      </Field>
      {!isDemo && (
        <>
          <Field
            label="Stripe API base URL"
            description="Only change this to go through a proxy. Empty means Stripe's API."
            invalid={Boolean(urlError)}
            error={urlError}
          >
            <Input
              id="stripe-api-base-url"
              value={jsonData.apiBaseUrl ?? ''}
              placeholder={DEFAULT_API_BASE_URL}
              width={60}
              onChange={(event) => update({ apiBaseUrl: event.currentTarget.value || undefined })}
            />
          </Field>
          <Field
            label="Request rate budget"
            description="Requests per second this data source may send to Stripe, shared by all its queries and retries. Stripe allows 100 per second in live mode and 25 in test mode."
            invalid={Boolean(rateError)}
            error={rateError}
          >
            <Input
              id="stripe-rate-limit"
              type="number"
              min={0}
              step="any"
              value={jsonData.rateLimit ?? ''}
              placeholder="Default: 80 live / 20 test"
              width={30}
              suffix="requests/s"
              onChange={onRateLimitChange}
            />
          </Field>
          <Field
            label="Allow a full-access secret key (sk_)"
            description="Off by default: a secret key can also create charges, refunds and payouts, which this data source never needs."
          >
            <Switch
              id="stripe-allow-secret-key"
              value={Boolean(jsonData.allowSecretKey)}
              onChange={(event) => update({ allowSecretKey: event.currentTarget.checked || undefined })}
            />
          </Field>
          {jsonData.allowSecretKey && (
            <Alert severity="warning" title="Secret keys are allowed">
              Anyone who obtains this key can move money in your Stripe account. Prefer a restricted key with Read
              access only, and turn this off once you have one.
            </Alert>
          )}
        </>
      )}
    </ConfigSection>
  );
}
