import React from 'react';
import { TagsInput } from '@grafana/ui';

interface Props {
  id: string;
  value: string[] | undefined;
  onChange: (currencies: string[]) => void;
}

/** Currency codes or template variables (e.g. $currency, multi-value allowed). Empty means every currency. */
export function CurrenciesField({ id, value, onChange }: Props) {
  return (
    <TagsInput
      id={id}
      tags={value ?? []}
      placeholder="All currencies (e.g. usd, $currency)"
      width={40}
      addOnBlur
      autoColors={false}
      onChange={(tags) => onChange(normaliseCurrencies(tags))}
    />
  );
}

/** Splits pasted lists ("usd, eur"), lower-cases codes (Stripe's form) and leaves variables as typed. */
export function normaliseCurrencies(entries: string[]): string[] {
  const out: string[] = [];
  for (const entry of entries) {
    for (const part of entry.split(/[\s,]+/)) {
      const code = part.includes('$') ? part : part.toLowerCase();
      if (code !== '' && !out.includes(code)) {
        out.push(code);
      }
    }
  }
  return out;
}
