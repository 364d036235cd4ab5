import React from 'react';
import { ConfigSection } from '@grafana/plugin-ui';
import { Button, Field, IconButton, Input, Stack, Text } from '@grafana/ui';

import { ExchangeRate } from '../../types';
import { ConfigProps, withJsonData } from './types';

const CODE = /^[a-z]{3}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What is wrong with one row of the rate table, as the backend would refuse it (models/exchange_rates.go). */
export function exchangeRateError(r: ExchangeRate): string | undefined {
  const cur = (r.currency ?? '').trim().toLowerCase();
  const to = (r.to ?? '').trim().toLowerCase();
  if (!CODE.test(cur)) {
    return 'Currency: a three-letter ISO code such as eur or jpy.';
  }
  if (to !== '' && !CODE.test(to)) {
    return 'To: a three-letter ISO code, or empty for the reporting currency.';
  }
  if (to === cur) {
    return 'A currency cannot be converted into itself.';
  }
  if (!(r.rate > 0)) {
    return 'Rate: the positive number of target units one unit buys (1.08 for EUR → USD).';
  }
  if (!DATE.test((r.validFrom ?? '').trim()) || Number.isNaN(Date.parse(r.validFrom))) {
    return 'Valid from: a date, YYYY-MM-DD (UTC).';
  }
  return undefined;
}

/** The reporting currency and the admin's exchange rate table (the last of the three rate sources). */
export function ReportingCurrency({ options, onOptionsChange }: ConfigProps) {
  const { jsonData } = options;
  const rates = jsonData.exchangeRates ?? [];
  const reporting = jsonData.reportingCurrency ?? '';
  const reportingError = reporting !== '' && !CODE.test(reporting.trim().toLowerCase());
  const setRates = (next: ExchangeRate[]) =>
    onOptionsChange(withJsonData(options, { exchangeRates: next.length > 0 ? next : undefined }));
  const setRow = (i: number, patch: Partial<ExchangeRate>) =>
    setRates(rates.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  return (
    <ConfigSection
      title="Reporting currency"
      description="Queries with Convert to set show one series in one currency. Amounts are converted at the rates Stripe applied on the account's own balance transactions; the table below serves the pairs and days Stripe has none for."
      isCollapsible
      isInitiallyOpen={reporting !== '' || rates.length > 0}
    >
      <Field
        label="Reporting currency"
        description="What Convert to “default” converts into (the bundled dashboards' totals). Empty: the account's default currency."
        invalid={reportingError}
        error={reportingError ? 'A three-letter ISO code such as usd or eur.' : undefined}
      >
        <Input
          id="stripe-reporting-currency"
          width={20}
          placeholder="Account default"
          value={reporting}
          onChange={(e) =>
            onOptionsChange(
              withJsonData(options, { reportingCurrency: e.currentTarget.value.trim().toLowerCase() || undefined })
            )
          }
        />
      </Field>
      <Field
        label="Exchange rates"
        description="One unit of Currency is Rate units of To (empty: the reporting currency), from Valid from (UTC) until the pair's next row. The inverse pair is served too. A pair with no rate makes the query fail with a message naming it: never a guess."
      >
        <Stack direction="column" gap={1}>
          {rates.length === 0 && (
            <Text color="secondary" italic>
              No rates: only Stripe&apos;s own rates are used.
            </Text>
          )}
          {rates.map((r, i) => {
            const error = exchangeRateError(r);
            return (
              <Stack key={i} direction="column" gap={0}>
                <Stack direction="row" gap={1} alignItems="center">
                  <Input
                    aria-label={`Currency of rate ${i + 1}`}
                    width={10}
                    placeholder="eur"
                    value={r.currency ?? ''}
                    onChange={(e) => setRow(i, { currency: e.currentTarget.value.trim().toLowerCase() })}
                  />
                  <Text>→</Text>
                  <Input
                    aria-label={`Target currency of rate ${i + 1}`}
                    width={10}
                    placeholder={reporting || 'reporting'}
                    value={r.to ?? ''}
                    onChange={(e) => setRow(i, { to: e.currentTarget.value.trim().toLowerCase() || undefined })}
                  />
                  <Input
                    aria-label={`Rate ${i + 1}`}
                    type="number"
                    step="any"
                    min={0}
                    width={14}
                    placeholder="1.08"
                    value={Number.isFinite(r.rate) ? r.rate : ''}
                    onChange={(e) => setRow(i, { rate: Number(e.currentTarget.value) })}
                  />
                  <Input
                    aria-label={`Valid from of rate ${i + 1}`}
                    width={16}
                    placeholder="YYYY-MM-DD"
                    value={r.validFrom ?? ''}
                    onChange={(e) => setRow(i, { validFrom: e.currentTarget.value.trim() })}
                  />
                  <IconButton
                    name="trash-alt"
                    tooltip={`Remove rate ${i + 1}`}
                    onClick={() => setRates(rates.filter((_, j) => j !== i))}
                  />
                </Stack>
                {error && (
                  <Text color="error" variant="bodySmall">
                    {error}
                  </Text>
                )}
              </Stack>
            );
          })}
          <div>
            <Button
              variant="secondary"
              icon="plus"
              size="sm"
              onClick={() => setRates([...rates, { currency: '', rate: NaN, validFrom: '' }])}
            >
              Add rate
            </Button>
          </div>
        </Stack>
      </Field>
    </ConfigSection>
  );
}
