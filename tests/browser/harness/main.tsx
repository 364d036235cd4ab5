import React, { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { createTheme, DataSourceSettings, PanelData, ThemeContext } from '@grafana/data';
import { GlobalStyles, useStyles2 } from '@grafana/ui';
import { css } from '@emotion/css';

import { ConfigEditor } from '../../../src/components/ConfigEditor';
import { QueryEditor } from '../../../src/components/QueryEditor';
import { DataSource } from '../../../src/datasource';
import { StripeOptions, StripeQuery, StripeSecureJsonData } from '../../../src/types';
import { installFakeGrafana } from './fakeGrafana';

/*
 * A page that renders the plugin's own editors the way Grafana does (dark theme, controlled
 * props), for screenshots and a browser smoke test without a Grafana server. The latest
 * settings and query are published on window.__harness for run.mjs to check.
 */

type Settings = DataSourceSettings<StripeOptions, StripeSecureJsonData>;

declare global {
  interface Window {
    __harness: { options?: Settings; query?: StripeQuery; runs: number };
  }
}

window.__harness = { runs: 0 };
installFakeGrafana();

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

function ConfigPage() {
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

// What a panel in a dashboard set to New York time passes to its query editor.
const panelData = { request: { timezone: 'America/New_York' } } as unknown as PanelData;

function QueryPage() {
  const styles = useStyles2(getStyles);
  // A query as Grafana creates it before a metric is chosen.
  const [query, setQuery] = useState<StripeQuery>({ refId: 'A', metric: '' });
  return (
    <div className={styles.queryRow}>
      <div className={styles.queryHeader}>A</div>
      <QueryEditor
        datasource={{} as DataSource}
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

function Page() {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.page}>
      {new URLSearchParams(window.location.search).get('editor') === 'query' ? <QueryPage /> : <ConfigPage />}
    </div>
  );
}

const getStyles = (theme: ReturnType<typeof createTheme>) => ({
  page: css({ padding: theme.spacing(3), maxWidth: 1040 }),
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

const theme = createTheme({ colors: { mode: 'dark' } });

createRoot(document.getElementById('root')!).render(
  <ThemeContext.Provider value={theme}>
    <GlobalStyles />
    <Page />
  </ThemeContext.Provider>
);
