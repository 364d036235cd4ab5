import React from 'react';
import { QueryEditorProps } from '@grafana/data';
import { EditorField, EditorRow, EditorRows } from '@grafana/plugin-ui';
import { RadioButtonGroup, Text } from '@grafana/ui';

import { catalog, findVariable } from '../catalog';
import { DataSource } from '../datasource';
import { StripeOptions, StripeQuery } from '../types';

type Props = QueryEditorProps<DataSource, StripeQuery, StripeOptions, StripeQuery>;

/** Picks what a template variable lists; the backend reads the list from Stripe. */
export function VariableQueryEditor({ query, onChange }: Props) {
  const chosen = findVariable(query.variable);
  return (
    <EditorRows>
      <EditorRow>
        <EditorField label="List" tooltip="What the variable's values are, read from the Stripe account.">
          <RadioButtonGroup
            options={catalog.variables.map((v) => ({ value: v.id, label: v.label, description: v.description }))}
            value={chosen?.id}
            onChange={(variable) => onChange({ ...query, queryType: 'variable', variable })}
          />
        </EditorField>
      </EditorRow>
      {chosen && (
        <Text color="secondary" element="p">
          {chosen.description}
        </Text>
      )}
    </EditorRows>
  );
}
