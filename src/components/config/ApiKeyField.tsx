import React from 'react';
import { Field, Icon, SecretInput, Stack, Text } from '@grafana/ui';

import { checkKey } from '../../keyValidation';
import { ConfigProps } from './types';

/**
 * The Stripe key input. The key goes to secureJsonData, which Grafana encrypts and never sends
 * back: after saving, the browser only learns that a key is configured (secureJsonFields).
 */
export function ApiKeyField({ options, onOptionsChange }: ConfigProps) {
  const typedKey = options.secureJsonData?.apiKey ?? '';
  const isConfigured = Boolean(options.secureJsonFields?.apiKey);
  const check = checkKey(typedKey, Boolean(options.jsonData.allowSecretKey));

  const onChange = (event: React.ChangeEvent<HTMLInputElement>) => {
    onOptionsChange({
      ...options,
      secureJsonData: { ...options.secureJsonData, apiKey: event.target.value },
    });
  };

  const onReset = () => {
    onOptionsChange({
      ...options,
      secureJsonFields: { ...options.secureJsonFields, apiKey: false },
      secureJsonData: { ...options.secureJsonData, apiKey: '' },
    });
  };

  return (
    <>
      <Field
        label="Stripe API key"
        description="A restricted key (rk_live_… or rk_test_…) with Read access. Stored encrypted; Grafana never shows it again."
        invalid={check.status === 'refused'}
        error={check.status === 'refused' ? check.message : undefined}
        required
      >
        <SecretInput
          id="stripe-api-key"
          isConfigured={isConfigured}
          value={typedKey}
          placeholder="rk_live_…"
          width={60}
          autoComplete="off"
          spellCheck={false}
          onChange={onChange}
          onReset={onReset}
        />
      </Field>
      {check.status === 'accepted' && (
        <div role="status">
          <Stack gap={1} alignItems="center">
            <Icon name={check.warning ? 'exclamation-triangle' : 'check'} />
            <Text color={check.warning ? 'warning' : 'success'}>{check.message}</Text>
          </Stack>
        </div>
      )}
    </>
  );
}
