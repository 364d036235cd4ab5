import React, { ComponentType, ReactNode, useState } from 'react';
import { css } from '@emotion/css';
import { DataSourceInstanceSettings, GrafanaTheme2, PanelData, QueryEditorProps } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import { ConfigEditor } from '../../../src/components/ConfigEditor';
import { QueryEditor } from '../../../src/components/QueryEditor';
import { DataSource } from '../../../src/datasource';
import { StripeOptions, StripeQuery } from '../../../src/types';
import { Settings } from './state';
import { StripeVariableSupport } from '../../../src/variables';

/*
 * The plugin's editors with the props Grafana passes them, each page holding the value the way
 * Grafana does (controlled) and publishing every change on window.__harness.
 */

const initialSettings = {
  id: 1,
  uid: 'stripe',
  orgId: 1,
  name: 'Stripe',
  type: 'revops-stripe-datasource',
  typeName: 'Stripe',
  typeLogoUrl: '',
  access: 'proxy',
  url: '',
  user: '',
  basicAuth: false,
  basicAuthUser: '',
  isDefault: true,
  readOnly: false,
  withCredentials: false,
  jsonData: {},
  secureJsonFields: {},
} as unknown as Settings;

export function ConfigPage() {
  const [options, setOptions] = useState<Settings>(initialSettings);
  return (
    <ConfigEditor
      options={options}
      onOptionsChange={(next) => {
        window.__harness.options = next;
        setOptions(next);
      }}
    />
  );
}

// The plugin's data source as Grafana constructs it: the variable and annotation pages take their
// editor and first query from it, as Grafana does.
const datasource = new DataSource({
  ...initialSettings,
  meta: {},
  readOnly: false,
} as unknown as DataSourceInstanceSettings<StripeOptions>);

// What a panel in a dashboard set to New York time passes to its query editor.
const panelData = { request: { timezone: 'America/New_York' } } as unknown as PanelData;

type EditorProps = QueryEditorProps<DataSource, StripeQuery, StripeOptions>;

/** One query editor in a box like Grafana's query row, its query kept and published here. */
function QueryRow({
  title,
  initial,
  Editor,
}: {
  title: ReactNode;
  initial: StripeQuery;
  Editor: ComponentType<EditorProps>;
}) {
  const styles = useStyles2(getStyles);
  const [query, setQuery] = useState<StripeQuery>(initial);
  return (
    <div className={styles.queryRow}>
      <div className={styles.queryHeader}>{title}</div>
      <Editor
        datasource={datasource}
        query={query}
        data={panelData}
        onChange={(next) => {
          window.__harness.query = next;
          setQuery(next);
        }}
        onRunQuery={() => {
          window.__harness.runs += 1;
        }}
      />
    </div>
  );
}

// A query as Grafana creates it before a metric is chosen.
export const QueryPage = () => <QueryRow title="A" initial={{ refId: 'A', metric: '' }} Editor={QueryEditor} />;

// Grafana opens a new variable's editor with an empty query.
export const VariablePage = () => (
  <QueryRow
    title="Query"
    initial={{ refId: 'A', metric: '' }}
    Editor={(datasource.variables as StripeVariableSupport).editor as ComponentType<EditorProps>}
  />
);

// A new annotation starts from the data source's annotations.getDefaultQuery.
export const AnnotationPage = () => (
  <QueryRow
    title="Query"
    initial={{ refId: 'Anno', metric: '', ...datasource.annotations?.getDefaultQuery?.() }}
    Editor={datasource.annotations!.QueryEditor as ComponentType<EditorProps>}
  />
);

const getStyles = (theme: GrafanaTheme2) => ({
  queryRow: css({
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.primary,
    padding: theme.spacing(1, 2, 2),
  }),
  queryHeader: css({
    color: theme.colors.primary.text,
    fontWeight: theme.typography.fontWeightMedium,
    marginBottom: 8,
  }),
});
