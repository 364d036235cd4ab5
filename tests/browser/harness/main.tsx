import React from 'react';
import { createRoot } from 'react-dom/client';
import { createTheme, GrafanaTheme2, ThemeContext } from '@grafana/data';
import { GlobalStyles, useStyles2 } from '@grafana/ui';
import { css } from '@emotion/css';

import './state';
import { DemoChartPage, MRR_PANELS, REVENUE_PANELS } from './DemoChartPage';
import { AnnotationPage, ConfigPage, QueryPage, VariablePage } from './editorPages';
import { installFakeGrafana } from './fakeGrafana';

/*
 * A page that renders the plugin's own editors the way Grafana does (dark theme, controlled
 * props), for screenshots and a browser test without a Grafana server, and the demo account's
 * frames drawn by Grafana's TimeSeries. ?editor=config|query|variable|annotation, ?view=demo-chart|demo-mrr.
 * The latest settings and query are published on window.__harness for run.mjs to check.
 */

installFakeGrafana();

const EDITORS = { config: ConfigPage, query: QueryPage, variable: VariablePage, annotation: AnnotationPage };

function Page() {
  const styles = useStyles2(getStyles);
  const params = new URLSearchParams(window.location.search);
  const Editor = EDITORS[params.get('editor') as keyof typeof EDITORS] ?? ConfigPage;
  const view = params.get('view');
  return (
    <div className={styles.page}>
      {view === 'demo-chart' ? (
        <DemoChartPage panels={REVENUE_PANELS} />
      ) : view === 'demo-mrr' ? (
        <DemoChartPage panels={MRR_PANELS} columns={2} />
      ) : (
        <Editor />
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ padding: theme.spacing(3), maxWidth: 1040 }),
});

const theme = createTheme({ colors: { mode: 'dark' } });

createRoot(document.getElementById('root')!).render(
  <ThemeContext.Provider value={theme}>
    <GlobalStyles />
    <Page />
  </ThemeContext.Provider>
);
