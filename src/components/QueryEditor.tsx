import React, { useCallback, useId } from 'react';
import { QueryEditorProps } from '@grafana/data';
import { EditorField, EditorRow, EditorRows } from '@grafana/plugin-ui';
import { Alert, Stack } from '@grafana/ui';

import { CatalogMetric, findMetric, metricTakesOption, optionIds, optionInfo, OptionId } from '../catalog';
import { DataSource } from '../datasource';
import { StripeOptions, StripeQuery } from '../types';
import { CatalogOptionField, OptionValue } from './query/CatalogOptionField';
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

  const setOption = (option: OptionId, value: OptionValue) => {
    const next: Record<string, unknown> = { ...query, [option]: value };
    if (value === undefined) {
      delete next[option];
    }
    onChange(next as unknown as StripeQuery);
    onRunQuery();
  };

  const field = (option: OptionId) => {
    const info = optionInfo(option);
    const fieldId = `${id}-${option}`;
    switch (option) {
      case 'timeZone':
        return <TimeZoneField id={fieldId} value={query.timeZone} onChange={setTimeZone} />;
      case 'currencies':
        return <CurrenciesField id={fieldId} value={query.currencies} onChange={(currencies) => update({ currencies })} />;
      default:
        return (
          <CatalogOptionField
            id={fieldId}
            option={info}
            value={(query as unknown as Record<string, unknown>)[option]}
            onChange={(value) => setOption(option, value)}
          />
        );
    }
  };

  return (
    <EditorRows>
      <EditorRow>
        <Stack direction="column" gap={1}>
          <EditorField label="Metric" htmlFor={`${id}-metric`}>
            <MetricPicker id={`${id}-metric`} value={query.metric} onChange={onMetricChange} />
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
          {metric.options.map((option) => (
            <EditorField
              key={option}
              label={optionInfo(option).label}
              htmlFor={optionInfo(option).values ? undefined : `${id}-${option}`}
              tooltip={optionInfo(option).description}
            >
              {field(option)}
            </EditorField>
          ))}
        </EditorRow>
      )}
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
