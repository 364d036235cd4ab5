import React from 'react';
import { QueryEditorProps } from '@grafana/data';
import { EditorRows } from '@grafana/plugin-ui';

import { catalog, findAnnotation } from '../catalog';
import type { DataSource } from '../datasource';
import { StripeQuery } from '../types';
import { CatalogEntryPicker } from './query/CatalogEntryPicker';
import { OptionFields } from './query/OptionFields';

type Props = QueryEditorProps<DataSource, StripeQuery>;

/** Picks which Stripe events to mark on time series panels, and the options of that kind. */
export function AnnotationQueryEditor({ query, onChange }: Props) {
  const chosen = findAnnotation(query.annotation);
  return (
    <EditorRows>
      <CatalogEntryPicker
        label="Events"
        tooltip="Each event becomes a mark on time series panels, with a link to it in Stripe."
        entries={catalog.annotations}
        value={query.annotation}
        onChange={(annotation) => onChange({ ...query, queryType: 'annotation', annotation })}
      />
      {chosen && <OptionFields options={chosen.options} query={query} onChange={onChange} />}
    </EditorRows>
  );
}
