import React from 'react';
import { QueryEditorProps } from '@grafana/data';
import { EditorRows } from '@grafana/plugin-ui';

import { catalog, findVariable } from '../catalog';
import { DataSource } from '../datasource';
import { StripeOptions, StripeQuery } from '../types';
import { CatalogEntryPicker } from './query/CatalogEntryPicker';
import { OptionFields } from './query/OptionFields';

type Props = QueryEditorProps<DataSource, StripeQuery, StripeOptions, StripeQuery>;

/** Picks what a template variable lists; the backend reads the list from Stripe. */
export function VariableQueryEditor({ query, onChange }: Props) {
  const chosen = findVariable(query.variable);
  return (
    <EditorRows>
      <CatalogEntryPicker
        label="List"
        tooltip="What the variable's values are, read from the Stripe account."
        entries={catalog.variables}
        value={query.variable}
        onChange={(variable) => onChange({ ...query, queryType: 'variable', variable })}
      />
      {chosen && <OptionFields options={chosen.options} query={query} onChange={onChange} />}
    </EditorRows>
  );
}
