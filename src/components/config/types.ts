import { DataSourcePluginOptionsEditorProps } from '@grafana/data';

import { StripeOptions, StripeSecureJsonData } from '../../types';

/** Props every section of the config page receives: the whole settings object and its setter. */
export type ConfigProps = DataSourcePluginOptionsEditorProps<StripeOptions, StripeSecureJsonData>;

/** Returns the settings with some jsonData fields replaced; undefined removes a field. */
export function withJsonData(options: ConfigProps['options'], patch: Partial<StripeOptions>): ConfigProps['options'] {
  return { ...options, jsonData: { ...options.jsonData, ...patch } };
}
