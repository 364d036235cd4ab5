import { DataSourceJsonData } from '@grafana/data';
import { DataQuery } from '@grafana/schema';

import { defaultMetricId } from './catalog';

/*
 * The two public contracts Grafana stores for this plugin. Field names mirror the Go json tags in
 * pkg/models/query.go and pkg/models/settings.go exactly: the backend decodes what these types
 * describe, so a rename here is a breaking change for every saved dashboard and alert rule.
 */

/** Bucket widths a query may ask for (models.Bucket*). Absent means auto. */
export type Bucket = 'auto' | 'hour' | 'day' | 'week' | 'month';

/** The query model a panel or alert rule stores (models.Query). */
export interface StripeQuery extends DataQuery {
  /** A catalog metric id (pkg/catalog/catalog.json), for example "net_revenue". */
  metric: string;
  /** Absent means auto. */
  bucket?: Bucket;
  /** IANA zone the buckets align in, or a template variable. Empty means the data source default. */
  timeZone?: string;
  /** Lower-case ISO codes or template variables. Empty means every currency. */
  currencies?: string[];
  /** Charges of this customer only (cus_… or a template variable). */
  customer?: string;
  /** Charges paid with this payment method type only (card, sepa_debit, …). */
  paymentMethodType?: string;
  /** Values of a dimension with their own series; absent means 5. */
  topN?: number;
  /** Open disputes still needing evidence and due within this many days only. */
  dueWithinDays?: number;
  /** How metered prices count in MRR: 'exclude' (absent: Stripe's definition) or 'last_invoice'. */
  metered?: 'exclude' | 'last_invoice';
  /** Cohort retention: 'logo' (absent) or 'revenue'. */
  retention?: 'logo' | 'revenue';
  /** Cohort retention: months followed after the first; absent means 12. */
  cohortMonths?: number;
  /** Cohort retention: 'table' (absent) or 'heatmap' (heatmap-rows frames). */
  format?: 'table' | 'heatmap';

  /** Absent for a metric; 'variable' and 'annotation' for those queries (models.QueryType*). */
  queryType?: QueryType;
  /** The list a variable query asks for: a catalog variable id. */
  variable?: string;
  /** The events an annotation query asks for: a catalog annotation id. */
  annotation?: string;
  /** Events of at least this amount, in each currency's own units. */
  minAmount?: number;
  /** One currency for every amount: an ISO code, 'default' for the data source's reporting currency; absent: per currency. */
  convertTo?: string;
  /** Customers variable: only customers whose name, email or id contains this (`${__searchFilter}` while typing). */
  search?: string;
}

export type QueryType = 'variable' | 'annotation';

/** Where the data source reads from (models.Source*). */
export type Source = 'key' | 'demo';

/** Data source settings kept in jsonData (models.Settings). */
export interface StripeOptions extends DataSourceJsonData {
  /** Absent means 'key'. */
  source?: Source;
  /** Absent means https://api.stripe.com. */
  apiBaseUrl?: string;
  /** Requests per second; absent or 0 means the backend's default for the key's mode. */
  rateLimit?: number;
  /** Requests per second to each Stripe endpoint (GET /v1/charges, ...), within rateLimit; absent or 0 means the default for the key's mode. */
  endpointRateLimit?: number;
  /** MiB of memory the data source may keep between queries; absent or 0 means the backend's default (256). */
  memoryBudgetMB?: number;
  /** Route requests through Grafana's secure SOCKS proxy (private data source connect); read by the SDK. */
  enableSecureSocksProxy?: boolean;
  /** True turns the cache on disk off (it is on by default). */
  disableDiskCache?: boolean;
  /** Absolute directory for the cache on disk; absent means the plugin's default under Grafana's data path. */
  cacheDirectory?: string;
  /** IANA zone for queries that name none. Absent means UTC. */
  timeZone?: string;
  /** Accept a full-access sk_ key deliberately. */
  allowSecretKey?: boolean;
  /** A Stripe Connect account (acct_…) to read with the platform's key; absent means the key's own account. */
  connectedAccount?: string;
  /** What convertTo "default" converts into; absent means the account's default currency. */
  reportingCurrency?: string;
  /** The admin's rate table, the last rate source (models.ExchangeRate). */
  exchangeRates?: ExchangeRate[];
  /** Redis URL the replicas of a Grafana in high availability share (models.Settings.SharedStoreURL); absent means none. */
  sharedStoreUrl?: string;
  /** How many Grafana replicas share the store; required with sharedStoreUrl. */
  replicas?: number;
}

/** One row of the rate table: from validFrom (YYYY-MM-DD, UTC), one currency is rate of to (absent: the reporting currency). */
export interface ExchangeRate {
  currency: string;
  to?: string;
  rate: number;
  validFrom: string;
}

/** Settings Grafana encrypts and never sends back to the browser (models.SecureKeyAPIKey). */
export interface StripeSecureJsonData {
  apiKey?: string;
  /** The shared store's password (models.SecureKeySharedStorePassword). */
  sharedStorePassword?: string;
}

/** What a new query starts as: the catalog's first metric, bucketed automatically. */
export const DEFAULT_QUERY: Partial<StripeQuery> = {
  metric: defaultMetricId(),
  bucket: 'auto',
};
