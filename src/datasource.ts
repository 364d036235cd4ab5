import { CoreApp, DataSourceInstanceSettings, ScopedVars } from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';

import { textOptionIds } from './catalog';
import { DEFAULT_QUERY, StripeOptions, StripeQuery } from './types';

/**
 * Every query runs in the Go backend (so alert rules and public dashboards work); the browser
 * only resolves template variables before the query is sent.
 */
export class DataSource extends DataSourceWithBackend<StripeQuery, StripeOptions> {
  constructor(instanceSettings: DataSourceInstanceSettings<StripeOptions>) {
    super(instanceSettings);
  }

  getDefaultQuery(_: CoreApp): Partial<StripeQuery> {
    return DEFAULT_QUERY;
  }

  applyTemplateVariables(query: StripeQuery, scopedVars: ScopedVars): StripeQuery {
    const templateSrv = getTemplateSrv();
    const interpolated: StripeQuery = { ...query };
    // Free-text options (time zone, customer, payment method) may hold a single-value variable.
    const fields = interpolated as unknown as Record<string, unknown>;
    for (const option of textOptionIds()) {
      const value = fields[option];
      if (typeof value === 'string' && value !== '') {
        fields[option] = templateSrv.replace(value, scopedVars);
      }
    }
    if (query.currencies) {
      interpolated.currencies = interpolateCurrencies(query.currencies, (value) =>
        // csv turns a multi-value (or All) variable into "usd,eur", which is then split below.
        templateSrv.replace(value, scopedVars, 'csv')
      );
    }
    return interpolated;
  }

  filterQuery(query: StripeQuery): boolean {
    // A query without a metric has nothing to ask Stripe; the editor shows the picker instead.
    return Boolean(query.metric);
  }
}

// Grafana's placeholder for "All" when a variable has no custom all value.
const ALL_VALUES = new Set(['$__all', '*']);

/**
 * Expands each entry (a currency code or a variable), splits multi-value results and drops
 * "All": an empty list already means every currency to the backend.
 */
function interpolateCurrencies(currencies: string[], replace: (value: string) => string): string[] {
  const out: string[] = [];
  for (const entry of currencies) {
    for (const part of replace(entry).split(',')) {
      const code = part
        .trim()
        .replace(/^\{|\}$/g, '')
        .toLowerCase();
      if (code !== '' && !ALL_VALUES.has(code) && !out.includes(code)) {
        out.push(code);
      }
    }
  }
  return out;
}
