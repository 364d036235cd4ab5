import React, { useMemo } from 'react';
import { Combobox, ComboboxOption } from '@grafana/ui';

import { findMetric, metricsByGroup } from '../../catalog';

interface Props {
  id: string;
  value: string;
  onChange: (metricId: string) => void;
}

/** Metrics grouped as the catalog groups them, each with its one-line description. */
export function MetricPicker({ id, value, onChange }: Props) {
  const options = useMemo<Array<ComboboxOption<string>>>(
    () =>
      metricsByGroup().flatMap(({ group, metrics }) =>
        metrics.map((m) => ({ value: m.id, label: m.label, description: m.description, group: group.label }))
      ),
    []
  );
  // A metric removed from the catalog still shows by id, so the user sees what the query asked for.
  const selected = value && !findMetric(value) ? { value, label: value } : value || null;

  return (
    <Combobox
      id={id}
      options={options}
      value={selected}
      placeholder="Choose a metric"
      width={56}
      onChange={(option) => onChange(option.value)}
    />
  );
}
