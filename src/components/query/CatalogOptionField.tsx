import React from 'react';
import { Combobox, Input, RadioButtonGroup } from '@grafana/ui';

import { CatalogOption } from '../../catalog';

/** A value as the query stores it; undefined removes the field (the backend's default). */
export type OptionValue = string | number | undefined;

interface Props {
  id: string;
  option: CatalogOption;
  value: unknown;
  onChange: (value: OptionValue) => void;
}

// A handful of choices reads best as buttons; more would not fit a row.
const MAX_RADIO_CHOICES = 6;

/**
 * Renders any catalog option that has no dedicated editor: a choice when the catalog lists values,
 * otherwise a text or number input that commits on blur (so typing does not run a query per key).
 */
export function CatalogOptionField({ id, option, value, onChange }: Props) {
  if (option.values) {
    const current = typeof value === 'string' && value !== '' ? value : option.default;
    if (option.values.length <= MAX_RADIO_CHOICES) {
      return <RadioButtonGroup id={id} options={option.values} value={current} onChange={(v) => onChange(v)} />;
    }
    return (
      <Combobox
        id={id}
        options={option.values}
        value={current ?? null}
        width={24}
        onChange={(o) => onChange(o?.value)}
      />
    );
  }
  const stored = value === undefined || value === null ? '' : String(value);
  const commit = (raw: string) => {
    const text = raw.trim();
    const next = text === '' ? undefined : option.type === 'number' ? Number(text) : text;
    if (next !== value) {
      onChange(next);
    }
  };
  return (
    <Input
      // Re-mounted when the stored value changes elsewhere (e.g. a metric switch), so it shows it.
      key={stored}
      id={id}
      type={option.type === 'number' ? 'number' : 'text'}
      min={option.min}
      max={option.max}
      defaultValue={stored}
      placeholder={option.type === 'number' ? option.default : option.placeholder}
      width={option.type === 'number' ? 12 : 32}
      onBlur={(e) => commit(e.currentTarget.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          commit(e.currentTarget.value);
        }
      }}
    />
  );
}
