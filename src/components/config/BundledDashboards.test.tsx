import React from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { of, throwError } from 'rxjs';

import revenue from '../../dashboards/stripe-revenue.json';
import { BundledDashboards, bundledDashboards } from './BundledDashboards';

const fetch = jest.fn();
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ fetch }),
}));

beforeEach(() => fetch.mockReset());

describe('BundledDashboards', () => {
  it('lists the three dashboards plugin.json includes', () => {
    expect(bundledDashboards.map((d) => d.path)).toEqual([
      'dashboards/stripe-revenue.json',
      'dashboards/stripe-subscriptions.json',
      'dashboards/stripe-payment-health.json',
    ]);
  });

  it('imports each one with the data source uid for its datasource input', async () => {
    fetch.mockImplementation(({ data }) => of({ data: { importedUrl: `/d/${data.path}` } }));
    render(<BundledDashboards dataSourceUid="P1a2b3c" />);
    await userEvent.click(screen.getByRole('button', { name: /import the bundled dashboards/i }));

    expect(fetch).toHaveBeenCalledTimes(3);
    for (const [i, d] of bundledDashboards.entries()) {
      const req = fetch.mock.calls[i][0];
      expect(req.url).toBe('/api/dashboards/import');
      expect(req.method).toBe('POST');
      expect(req.data).toEqual({
        pluginId: 'revops-stripe-datasource',
        path: d.path,
        overwrite: true,
        inputs: [{ name: '*', type: 'datasource', pluginId: 'revops-stripe-datasource', value: 'P1a2b3c' }],
      });
    }
    // Grafana's evaluator matches the input by type ('*' names any), so this value lands in
    // every ${DS_STRIPE} of the dashboard, whose one input is of that type.
    expect(revenue.__inputs.map((i) => [i.name, i.type, i.pluginId])).toEqual([
      ['DS_STRIPE', 'datasource', 'revops-stripe-datasource'],
    ]);
    expect(await screen.findByRole('link', { name: 'Stripe revenue' })).toHaveAttribute(
      'href',
      '/d/dashboards/stripe-revenue.json'
    );
  });

  it("says which dashboard failed, with Grafana's message", async () => {
    fetch
      .mockImplementationOnce(() => of({ data: { importedUrl: '/d/a' } }))
      .mockImplementationOnce(() => throwError(() => ({ data: { message: 'Permission denied' } })))
      .mockImplementationOnce(() => of({ data: { importedUrl: '/d/c' } }));
    render(<BundledDashboards dataSourceUid="P1a2b3c" />);
    await userEvent.click(screen.getByRole('button', { name: /import the bundled dashboards/i }));
    expect(await screen.findByText('Stripe subscriptions was not imported')).toBeInTheDocument();
    expect(screen.getByText('Permission denied')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Stripe payment health' })).toBeInTheDocument();
  });
});
