import React, { useCallback, useId } from 'react';
import { QueryEditorProps } from '@grafana/data';
import { EditorField, EditorRow, EditorRows } from '@grafana/plugin-ui';
import { Alert, Stack } from '@grafana/ui';

import { CatalogMetric, findMetric, findResource, metricTakesOption, optionIds } from '../catalog';
import { DataSource } from '../datasource';
import { StripeOptions, StripeQuery } from '../types';
import { MetricExplanation } from './query/MetricExplanation';
import { MetricPicker } from './query/MetricPicker';
import { OptionFields } from './query/OptionFields';
import { usePrefilledTimeZone } from './query/usePrefilledTimeZone';
import { useResourceAccess } from './query/useResourceAccess';

type Props = QueryEditorProps<DataSource, StripeQuery, StripeOptions>;

/**
 * One metric from the catalog and the options that metric takes. Everything the backend needs
 * is in the query itself, so the same editor serves dashboards, Explore and alert rules.
 */
export function QueryEditor({ datasource, query, onChange, onRunQuery, data }: Props) {
  const metric = findMetric(query.metric);
  const access = useResourceAccess(datasource);
  const denied = metric ? access?.[metric.resource] : undefined;
  // Several queries (A, B, …) render side by side, so element ids must be unique per editor.
  const id = useId();

  // Grafana editors run the query as soon as a choice is made.
  const update = useCallback(
    (next: StripeQuery) => {
      onChange(next);
      onRunQuery();
    },
    [onChange, onRunQuery]
  );
  const setTimeZone = useCallback((timeZone: string) => update({ ...query, timeZone }), [query, update]);
  usePrefilledTimeZone(metricTakesOption(metric, 'timeZone'), query.timeZone, data, setTimeZone);

  return (
    <EditorRows>
      <EditorRow>
        <Stack direction="column" gap={1}>
          <EditorField label="Metric" htmlFor={`${id}-metric`}>
            <MetricPicker id={`${id}-metric`} value={query.metric} onChange={(m) => update(withMetric(query, m))} />
          </EditorField>
          {metric && <MetricExplanation metric={metric} />}
        </Stack>
      </EditorRow>
      {query.metric && !metric && (
        <Alert severity="error" title={`Unknown metric "${query.metric}"`}>
          This version of the plugin does not know this metric. Choose another one.
        </Alert>
      )}
      {metric && denied && !denied.readable && denied.missingPermission && (
        <Alert
          severity="warning"
          title={`This key cannot read ${findResource(metric.resource)?.label ?? metric.resource}`}
        >
          {metric.label} needs the <code>{denied.missingPermission}</code> permission. Add it to the restricted key in
          the Stripe Dashboard (Developers → API keys), then run the query again.
        </Alert>
      )}
      {metric && <OptionFields options={metric.options} defaults={metric.defaults} query={query} onChange={update} />}
    </EditorRows>
  );
}

/**
 * The query with a new metric. Options the new metric does not take are dropped, so a stored
 * query never carries settings its editor no longer shows. Catalog option ids are the names of
 * the query fields holding their values.
 */
function withMetric(query: StripeQuery, metricId: string): StripeQuery {
  const next: Record<string, unknown> = { ...query, metric: metricId };
  const metric: CatalogMetric | undefined = findMetric(metricId);
  for (const option of optionIds()) {
    if (!metricTakesOption(metric, option)) {
      delete next[option];
    }
  }
  return next as unknown as StripeQuery;
}
