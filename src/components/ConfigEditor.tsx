import React from 'react';
import { ConfigSection } from '@grafana/plugin-ui';
import { config } from '@grafana/runtime';
import { Divider, Field, RadioButtonGroup, SecureSocksProxySettings, Text } from '@grafana/ui';

import { Source } from '../types';
import { AdvancedSettings } from './config/AdvancedSettings';
import { ApiKeyField } from './config/ApiKeyField';
import { BundledDashboards } from './config/BundledDashboards';
import { ConnectedAccountField } from './config/ConnectedAccountField';
import { ReportingCurrency } from './config/ReportingCurrency';
import { RestrictedKeyHelp } from './config/RestrictedKeyHelp';
import { ConfigProps, withJsonData } from './config/types';

const SOURCE_CHOICES: Array<{ value: Source; label: string }> = [
  { value: 'key', label: 'Stripe key' },
  { value: 'demo', label: 'Demo account (no key needed)' },
];

/** The data source settings page: where data comes from, the key, and advanced settings. */
export function ConfigEditor(props: ConfigProps) {
  const { options, onOptionsChange } = props;
  // Settings saved before `source` existed, or made by provisioning without it, use a key.
  const source: Source = options.jsonData.source ?? 'key';

  return (
    <>
      <ConfigSection
        title="Connection"
        description="Every call to Stripe is made by the Grafana server; the key never reaches a browser."
      >
        <Field label="Read from">
          <RadioButtonGroup
            options={SOURCE_CHOICES}
            value={source}
            onChange={(value) => onOptionsChange(withJsonData(options, { source: value }))}
          />
        </Field>
        {source === 'key' ? (
          <>
            <ApiKeyField {...props} />
            <ConnectedAccountField {...props} />
            {/* Grafana Cloud's private data source connect, and self-hosted secure SOCKS proxies:
                shown, as Grafana's own data sources do, only where the server has it enabled. */}
            {config.secureSocksDSProxyEnabled && (
              <SecureSocksProxySettings options={options} onOptionsChange={onOptionsChange} />
            )}
            <Divider spacing={2} />
            <RestrictedKeyHelp />
          </>
        ) : (
          <Text element="p" color="secondary">
            The demo account is a simulated Stripe account built into the plugin: made-up customers, payments and
            subscriptions, no key and no network. Use it to try the dashboards, then switch to a Stripe key.
          </Text>
        )}
      </ConfigSection>
      <Divider spacing={4} />
      <ReportingCurrency {...props} />
      <Divider spacing={4} />
      <AdvancedSettings {...props} />
      <Divider spacing={4} />
      <BundledDashboards dataSourceUid={options.uid} />
    </>
  );
}
