import React, { useState } from 'react';
import { lastValueFrom } from 'rxjs';
import { ConfigSection } from '@grafana/plugin-ui';
import { getBackendSrv } from '@grafana/runtime';
import { Alert, Button, Text } from '@grafana/ui';

import pluginJson from '../../plugin.json';

/** The dashboards plugin.json includes, as Grafana's Dashboards tab lists them. */
export const bundledDashboards = pluginJson.includes
  .filter((i) => i.type === 'dashboard')
  .map((i) => ({ name: i.name, path: i.path }));

/**
 * What /api/dashboards/import is sent for one bundled dashboard. Grafana's Dashboards tab sends
 * the data source's *name* for ${DS_STRIPE}, and the server looks data sources up by uid only, so
 * a dashboard imported there works in the browser but not in a public or shared dashboard. This
 * sends the uid, which both resolve.
 */
export function importRequest(path: string, dataSourceUid: string) {
  return {
    pluginId: pluginJson.id,
    path,
    overwrite: true,
    inputs: [{ name: '*', type: 'datasource', pluginId: pluginJson.id, value: dataSourceUid }],
  };
}

type Imported = { name: string; url?: string; error?: string };

/** Imports the bundled dashboards bound to this data source by its uid. */
export function BundledDashboards({ dataSourceUid }: { dataSourceUid: string }) {
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<Imported[]>([]);

  const importAll = async () => {
    setBusy(true);
    const out: Imported[] = [];
    for (const d of bundledDashboards) {
      try {
        const res = await lastValueFrom(
          getBackendSrv().fetch<{ importedUrl?: string }>({
            url: '/api/dashboards/import',
            method: 'POST',
            data: importRequest(d.path, dataSourceUid),
            showErrorAlert: false,
          })
        );
        out.push({ name: d.name, url: res.data.importedUrl });
      } catch (e) {
        const message = (e as { data?: { message?: string } })?.data?.message;
        out.push({ name: d.name, error: message || 'the import failed' });
      }
    }
    setResults(out);
    setBusy(false);
  };

  return (
    <ConfigSection
      title="Dashboards"
      description="Revenue, subscriptions and payment health, bound to this data source by its uid, so they also work as public and shared dashboards (the Dashboards tab binds them by name, which only the browser resolves)."
    >
      <Button variant="secondary" icon="apps" onClick={importAll} disabled={busy || !dataSourceUid}>
        {busy ? 'Importing…' : 'Import the bundled dashboards'}
      </Button>
      {results.length > 0 && (
        <ul>
          {results.map((r) =>
            r.error ? (
              <li key={r.name}>
                <Alert severity="error" title={`${r.name} was not imported`}>
                  {r.error}
                </Alert>
              </li>
            ) : (
              <li key={r.name}>
                {/* A plain link: Grafana's TextLink needs the app's router, which a settings page may not give. */}
                {r.url ? <a href={r.url}>{r.name}</a> : <Text>{r.name}</Text>} imported
              </li>
            )
          )}
        </ul>
      )}
    </ConfigSection>
  );
}
