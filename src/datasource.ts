import { CoreApp, DataSourceInstanceSettings, ScopedVars } from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';

import { catalog, textOptionIds } from './catalog';
import { AnnotationQueryEditor } from './components/AnnotationQueryEditor';
import { StripeVariableSupport } from './variables';
import { DEFAULT_QUERY, StripeOptions, StripeQuery } from './types';

/** Whether the key may read a resource, and the permission it lacks when it may not. */
export interface ResourceAccess {
  readable: boolean;
  missingPermission?: string;
  error?: string;
}

/**
 * Every query runs in the Go backend (so alert rules and public dashboards work); the browser
 * only resolves template variables before the query is sent.
 */
export class DataSource extends DataSourceWithBackend<StripeQuery, StripeOptions> {
  constructor(instanceSettings: DataSourceInstanceSettings<StripeOptions>) {
    super(instanceSettings);
    this.variables = new StripeVariableSupport(this);
    this.annotations = {
      QueryEditor: AnnotationQueryEditor,
      getDefaultQuery: () => ({ queryType: 'annotation', annotation: catalog.annotations[0]?.id }),
      // Grafana stores the editor's query as the annotation's target; make sure it runs as one.
      prepareQuery: (anno) => (anno.target ? { ...anno.target, queryType: 'annotation' } : undefined),
    };
  }

  private access?: Promise<Record<string, ResourceAccess>>;

  /** Which catalog resources the key may read (the backend probes Stripe and caches the answer). */
  resourceAccess(): Promise<Record<string, ResourceAccess>> {
    if (!this.access) {
      this.access = this.getResource<{ resources: Record<string, ResourceAccess> }>('access').then((r) => r.resources);
      // A failed probe (network, key) is not remembered: the next editor asks again.
      this.access.catch(() => (this.access = undefined));
    }
    return this.access;
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
    // A query without a metric (or list, or events) has nothing to ask Stripe; the editor shows
    // the picker instead.
    switch (query.queryType) {
      case 'variable':
        return Boolean(query.variable);
      case 'annotation':
        return Boolean(query.annotation);
      default:
        return Boolean(query.metric);
    }
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
