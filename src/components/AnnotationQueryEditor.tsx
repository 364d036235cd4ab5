import React from 'react';
import { QueryEditorProps } from '@grafana/data';
import { EditorField, EditorRow, EditorRows } from '@grafana/plugin-ui';
import { RadioButtonGroup, Text } from '@grafana/ui';

import { catalog, findAnnotation } from '../catalog';
import type { DataSource } from '../datasource';
import { StripeQuery } from '../types';
import { OptionFields } from './query/OptionFields';

type Props = QueryEditorProps<DataSource, StripeQuery>;

/** Picks which Stripe events to mark on time series panels, and the options of that kind. */
export function AnnotationQueryEditor({ query, onChange }: Props) {
  const chosen = findAnnotation(query.annotation);
  return (
    <EditorRows>
      <EditorRow>
        <EditorField
          label="Events"
          tooltip="Each event becomes a mark on time series panels, with a link to it in Stripe."
        >
          <RadioButtonGroup
            options={catalog.annotations.map((a) => ({ value: a.id, label: a.label, description: a.description }))}
            value={chosen?.id}
            onChange={(annotation) => onChange({ ...query, queryType: 'annotation', annotation })}
          />
        </EditorField>
      </EditorRow>
      {chosen && (
        <Text color="secondary" element="p">
          {chosen.description}
        </Text>
      )}
      {chosen && <OptionFields options={chosen.options} query={query} onChange={onChange} />}
    </EditorRows>
  );
}
