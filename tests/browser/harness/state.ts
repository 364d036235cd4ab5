import { DataSourceSettings } from '@grafana/data';

import { StripeOptions, StripeQuery, StripeSecureJsonData } from '../../../src/types';

/*
 * What the pages publish for run.mjs to check: the latest settings and query the editors wrote,
 * how often a query was run, and what the demo chart drew.
 */

export type Settings = DataSourceSettings<StripeOptions, StripeSecureJsonData>;

export interface DemoChartReport {
  /** Display names of the series drawn, as TimeSeries' legend shows them. */
  series: string[];
  /** Buckets in each series. */
  points: number;
}

declare global {
  interface Window {
    __harness: { options?: Settings; query?: StripeQuery; runs: number; chart?: DemoChartReport; error?: string };
  }
}

window.__harness = { runs: 0 };
