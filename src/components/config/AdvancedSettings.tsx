import React from 'react';
import { InternalTimeZones } from '@grafana/data';
import { ConfigSection } from '@grafana/plugin-ui';
import { Alert, Field, Input, Switch, Text, TimeZonePicker } from '@grafana/ui';

import { checkKey, KeyMode } from '../../keyValidation';
import { HighAvailabilitySettings } from './HighAvailabilitySettings';
import { ConfigProps, withJsonData } from './types';
import {
  apiBaseUrlError,
  DEFAULT_API_BASE_URL,
  DEFAULT_ENDPOINT_RATE_LIMIT,
  DEFAULT_RATE_LIMIT,
  cacheDirError,
  DEFAULT_MEMORY_BUDGET_MB,
  endpointRateLimitError,
  memoryBudgetError,
  rateLimitError,
} from './validation';

/** The default a budget input shows: the one of the typed key's mode, or both while it is unknown. */
function defaultBudget(defaults: Record<KeyMode, number>, mode: KeyMode | undefined): string {
  if (mode) {
    return `Default: ${defaults[mode]} (${mode} key)`;
  }
  if (defaults.live === defaults.test) {
    return `Default: ${defaults.live}`;
  }
  return `Default: ${defaults.live} live / ${defaults.test} test`;
}

interface NumberSettingProps {
  label: string;
  description: string;
  id: string;
  value: number | undefined;
  error: string | undefined;
  placeholder: string;
  suffix: string;
  min?: number;
  /** undefined when the input is emptied: the setting falls back to its default. */
  onChange: (value: number | undefined) => void;
}

/** A numeric budget: empty means the default the placeholder names. */
function NumberSetting({
  label,
  description,
  id,
  value,
  error,
  placeholder,
  suffix,
  min = 0,
  onChange,
}: NumberSettingProps) {
  return (
    <Field label={label} description={description} invalid={Boolean(error)} error={error}>
      <Input
        id={id}
        type="number"
        min={min}
        step="any"
        value={value ?? ''}
        placeholder={placeholder}
        width={30}
        suffix={suffix}
        onChange={(event) => {
          const text = event.currentTarget.value.trim();
          onChange(text === '' ? undefined : Number(text));
        }}
      />
    </Field>
  );
}

/** Settings most installations leave alone. Open from the start when one of them is set. */
export function AdvancedSettings({ options, onOptionsChange }: ConfigProps) {
  const { jsonData } = options;
  const isDemo = jsonData.source === 'demo';
  const anySet = Boolean(
    jsonData.apiBaseUrl ||
    jsonData.rateLimit ||
    jsonData.endpointRateLimit ||
    jsonData.memoryBudgetMB ||
    jsonData.disableDiskCache ||
    jsonData.cacheDirectory ||
    jsonData.timeZone ||
    jsonData.allowSecretKey ||
    jsonData.sharedStoreUrl
  );
  const urlError = apiBaseUrlError(jsonData.apiBaseUrl);
  const rateError = rateLimitError(jsonData.rateLimit);
  const endpointRateError = endpointRateLimitError(jsonData.endpointRateLimit);
  const memoryError = memoryBudgetError(jsonData.memoryBudgetMB);
  // A saved key never comes back to the browser, so the mode is known only while a key is typed.
  const check = checkKey(options.secureJsonData?.apiKey ?? '', Boolean(jsonData.allowSecretKey));
  const mode = check.status === 'accepted' ? check.mode : undefined;

  const update = (patch: Parameters<typeof withJsonData>[1]) => onOptionsChange(withJsonData(options, patch));

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
          <Text element="p" color="secondary">
            Stripe&apos;s limits (100/s live, 25/s test, 25/s per endpoint) are shared with your own servers&apos;
            traffic: by default this data source takes about a quarter of the live limit and well under an
            endpoint&apos;s. Raise the budgets only if Stripe has raised your account&apos;s limits.
          </Text>
          <NumberSetting
            label="Request rate budget"
            description="Requests per second this data source may send to Stripe, shared by all its queries and retries. It halves for a while when Stripe answers 429."
            id="stripe-rate-limit"
            value={jsonData.rateLimit}
            error={rateError}
            placeholder={defaultBudget(DEFAULT_RATE_LIMIT, mode)}
            suffix="requests/s"
            onChange={(rateLimit) => update({ rateLimit })}
          />
          <NumberSetting
            label="Per-endpoint rate budget"
            description="Requests per second to any one Stripe endpoint (such as listing charges), within the budget above."
            id="stripe-endpoint-rate-limit"
            value={jsonData.endpointRateLimit}
            error={endpointRateError}
            placeholder={defaultBudget(DEFAULT_ENDPOINT_RATE_LIMIT, mode)}
            suffix="requests/s"
            onChange={(endpointRateLimit) => update({ endpointRateLimit })}
          />
          <NumberSetting
            label="Memory budget"
            description="What the data source keeps in memory between queries: cached records, the subscription and invoice histories MRR needs, and their reconstructions. A medium account (tens of thousands of subscriptions) keeps about 110 MiB; Save & test warns when the histories alone do not fit."
            id="stripe-memory-budget"
            min={16}
            value={jsonData.memoryBudgetMB}
            error={memoryError}
            placeholder={`Default: ${DEFAULT_MEMORY_BUDGET_MB}`}
            suffix="MiB"
            onChange={(memoryBudgetMB) => update({ memoryBudgetMB })}
          />
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
      <Field
        label="Keep the cache on disk"
        description="A restarted Grafana then answers from what it read before, brought up to date from Stripe's events, instead of reading the account's history again (minutes on a large account). The files are encrypted with a key derived from the Stripe key (and the connected account, if set)."
      >
        <Switch
          id="stripe-disk-cache"
          value={!jsonData.disableDiskCache}
          onChange={(event) => update({ disableDiskCache: event.currentTarget.checked ? undefined : true })}
        />
      </Field>
      {!jsonData.disableDiskCache && (
        <Field
          label="Cache directory"
          description="Absolute path on the Grafana server. Empty: cache_dir of grafana.ini's [plugin.revops-stripe-datasource] section, else <Grafana data path>/plugins-data/revops-stripe-datasource."
          invalid={Boolean(cacheDirError(jsonData.cacheDirectory))}
          error={cacheDirError(jsonData.cacheDirectory)}
        >
          <Input
            id="stripe-cache-directory"
            value={jsonData.cacheDirectory ?? ''}
            placeholder="Default: Grafana's data path"
            width={60}
            onChange={(event) => update({ cacheDirectory: event.currentTarget.value.trim() || undefined })}
          />
        </Field>
      )}
      <HighAvailabilitySettings options={options} onOptionsChange={onOptionsChange} />
    </ConfigSection>
  );
}
