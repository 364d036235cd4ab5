import React, { useCallback, useId } from 'react';
import { QueryEditorProps } from '@grafana/data';
import { EditorField, EditorRow, EditorRows } from '@grafana/plugin-ui';
import { Alert, Stack } from '@grafana/ui';

import { CatalogMetric, findMetric, metricTakesOption, optionInfo, OptionId } from '../catalog';
import { DataSource } from '../datasource';
import { StripeOptions, StripeQuery } from '../types';
import { BucketPicker } from './query/BucketPicker';
import { CurrenciesField } from './query/CurrenciesField';
import { MetricExplanation } from './query/MetricExplanation';
import { MetricPicker } from './query/MetricPicker';
import { TimeZoneField } from './query/TimeZoneField';
import { usePrefilledTimeZone } from './query/usePrefilledTimeZone';

type Props = QueryEditorProps<DataSource, StripeQuery, StripeOptions>;

/**
 * One metric from the catalog and the options that metric takes. Everything the backend needs
 * is in the query itself, so the same editor serves dashboards, Explore and alert rules.
 */
export function QueryEditor({ query, onChange, onRunQuery, data }: Props) {
  const metric = findMetric(query.metric);
  // Several queries (A, B, …) render side by side, so element ids must be unique per editor.
  const id = useId();
  const ids = {
    metric: `${id}-metric`,
    bucket: `${id}-bucket`,
    timeZone: `${id}-time-zone`,
    currencies: `${id}-currencies`,
  };

  // Grafana editors run the query as soon as a choice is made.
  const update = useCallback(
    (patch: Partial<StripeQuery>) => {
      onChange({ ...query, ...patch });
      onRunQuery();
    },
    [query, onChange, onRunQuery]
  );
  const setTimeZone = useCallback((timeZone: string) => update({ timeZone }), [update]);
  usePrefilledTimeZone(metricTakesOption(metric, 'timeZone'), query.timeZone, data, setTimeZone);

  const onMetricChange = (metricId: string) => {
    onChange(withMetric(query, metricId));
    onRunQuery();
  };

  const takes = (option: OptionId) => metricTakesOption(metric, option);

  return (
    <EditorRows>
      <EditorRow>
        <Stack direction="column" gap={1}>
          <EditorField label="Metric" htmlFor={ids.metric}>
            <MetricPicker id={ids.metric} value={query.metric} onChange={onMetricChange} />
          </EditorField>
          {metric && <MetricExplanation metric={metric} />}
        </Stack>
      </EditorRow>
      {query.metric && !metric && (
        <Alert severity="error" title={`Unknown metric "${query.metric}"`}>
          This version of the plugin does not know this metric. Choose another one.
        </Alert>
      )}
      {metric && metric.options.length > 0 && (
        <EditorRow>
          {takes('bucket') && (
            <EditorField label={optionInfo('bucket').label} tooltip={optionInfo('bucket').description}>
              <BucketPicker id={ids.bucket} value={query.bucket} onChange={(bucket) => update({ bucket })} />
            </EditorField>
          )}
          {takes('timeZone') && (
            <EditorField
              label={optionInfo('timeZone').label}
              htmlFor={ids.timeZone}
              tooltip={optionInfo('timeZone').description}
            >
              <TimeZoneField id={ids.timeZone} value={query.timeZone} onChange={setTimeZone} />
            </EditorField>
          )}
          {takes('currencies') && (
            <EditorField
              label={optionInfo('currencies').label}
              htmlFor={ids.currencies}
              tooltip={optionInfo('currencies').description}
            >
              <CurrenciesField
                id={ids.currencies}
                value={query.currencies}
                onChange={(currencies) => update({ currencies })}
              />
            </EditorField>
          )}
        </EditorRow>
      )}
    </EditorRows>
  );
}

// Catalog option ids are also the names of the query fields holding their values.
const OPTION_IDS: OptionId[] = ['bucket', 'timeZone', 'currencies'];

/**
 * The query with a new metric. Options the new metric does not take are dropped, so a stored
 * query never carries settings its editor no longer shows.
 */
function withMetric(query: StripeQuery, metricId: string): StripeQuery {
  const next: StripeQuery = { ...query, metric: metricId };
  const metric: CatalogMetric | undefined = findMetric(metricId);
  for (const option of OPTION_IDS) {
    if (!metricTakesOption(metric, option)) {
      delete next[option];
    }
  }
  return next;
}
