import React, { useId } from 'react';
import { EditorField, EditorRow } from '@grafana/plugin-ui';

import { optionInfo, OptionId } from '../../catalog';
import { StripeQuery } from '../../types';
import { CatalogOptionField, OptionValue } from './CatalogOptionField';
import { CurrenciesField } from './CurrenciesField';
import { TimeZoneField } from './TimeZoneField';

interface Props {
  /** The catalog options to show, in order. */
  options: OptionId[];
  query: StripeQuery;
  /** The metric's own defaults, where they differ from the options' (catalog metric defaults). */
  defaults?: Record<string, string>;
  /** Called with the whole new query; a value of undefined removes the field. */
  onChange: (query: StripeQuery) => void;
}

/**
 * One row with an editor per option, as the catalog describes each one: the time zone and
 * currencies get their dedicated fields, every other option a generic choice, text or number.
 */
export function OptionFields({ options, query, defaults, onChange }: Props) {
  const id = useId();
  if (options.length === 0) {
    return null;
  }
  const set = (option: OptionId, value: OptionValue | string[]) => {
    const next: Record<string, unknown> = { ...query, [option]: value };
    if (value === undefined) {
      delete next[option];
    }
    onChange(next as unknown as StripeQuery);
  };
  const fields = query as unknown as Record<string, unknown>;
  return (
    <EditorRow>
      {options.map((option) => {
        const base = optionInfo(option);
        const info = defaults?.[option] !== undefined ? { ...base, default: defaults[option] } : base;
        const fieldId = `${id}-${option}`;
        return (
          <EditorField
            key={option}
            label={info.label}
            htmlFor={info.values ? undefined : fieldId}
            tooltip={info.description}
          >
            {option === 'timeZone' ? (
              <TimeZoneField id={fieldId} value={query.timeZone} onChange={(v) => set(option, v)} />
            ) : option === 'currencies' ? (
              <CurrenciesField id={fieldId} value={query.currencies} onChange={(v) => set(option, v)} />
            ) : (
              <CatalogOptionField id={fieldId} option={info} value={fields[option]} onChange={(v) => set(option, v)} />
            )}
          </EditorField>
        );
      })}
    </EditorRow>
  );
}
