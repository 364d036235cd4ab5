import React from 'react';
import { PanelData } from '@grafana/data';
import { setTemplateSrv } from '@grafana/runtime';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import catalogJson from '../../pkg/catalog/catalog.json';
import { DataSource, ResourceAccess } from '../datasource';
import { fakeTemplateSrv } from '../testing/fakeTemplateSrv';
import { fakeBrowserLayout } from '../testing/layout';
import { StripeQuery } from '../types';
import { QueryEditor } from './QueryEditor';

fakeBrowserLayout();

beforeEach(() => setTemplateSrv(fakeTemplateSrv({ currency: ['usd', 'eur'], tz: 'Europe/Paris' })));

function renderEditor(query: Partial<StripeQuery>, data?: Partial<PanelData>, datasource = {} as DataSource) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  render(
    <QueryEditor
      datasource={datasource}
      query={{ refId: 'A', metric: '', ...query }}
      onChange={onChange}
      onRunQuery={onRunQuery}
      data={data as PanelData | undefined}
    />
  );
  return { onChange, onRunQuery, user: userEvent.setup({ delay: null }) };
}

const netRevenue = catalogJson.metrics.find((m) => m.id === 'net_revenue')!;
// A query the user already saw: the time zone was cleared on purpose, so nothing is pre-filled.
const netRevenueQuery: Partial<StripeQuery> = { metric: 'net_revenue', timeZone: '' };

/** The picker's option showing exactly this metric's label and description. */
async function findMetricOption(metric: { label: string; description: string }): Promise<HTMLElement> {
  const options = await screen.findAllByRole('option');
  const option = options.find((o) => o.textContent === metric.label + metric.description);
  if (!option) {
    throw new Error(`no option reads "${metric.label}" with its catalog description`);
  }
  return option;
}

describe('QueryEditor: metric', () => {
  it('lists every catalog metric under its group, with its description', async () => {
    const { user } = renderEditor({});
    const picker = screen.getByRole('combobox', { name: 'Metric' });
    for (const metric of catalogJson.metrics) {
      const group = catalogJson.groups.find((g) => g.id === metric.group)!;
      // Filter by label so the check holds however long the catalog grows (the list is virtualised).
      await user.clear(picker);
      await user.paste(metric.label);
      const option = await findMetricOption(metric);
      // Group headers are announced as the option's description.
      const header = document.getElementById(option.getAttribute('aria-describedby') ?? '');
      expect(header).toHaveTextContent(group.label);
    }
  });

  it('selecting a metric changes the query and runs it', async () => {
    const { onChange, onRunQuery, user } = renderEditor({});
    await user.click(screen.getByRole('combobox', { name: 'Metric' }));
    await user.click(await findMetricOption(netRevenue));
    expect(onChange).toHaveBeenCalledWith(expect.objectContaining({ refId: 'A', metric: 'net_revenue' }));
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('explains how the chosen metric is computed', () => {
    renderEditor(netRevenueQuery);
    expect(screen.getByText(netRevenue.computation)).toBeInTheDocument();
  });

  it('says so when the stored metric is not in the catalog', () => {
    renderEditor({ metric: 'gone_metric' });
    expect(screen.getByText('Unknown metric "gone_metric"')).toBeInTheDocument();
  });
});

describe('QueryEditor: options', () => {
  it('shows the options net revenue takes', () => {
    renderEditor(netRevenueQuery);
    expect(screen.getByRole('radio', { name: 'Auto' })).toBeChecked();
    expect(screen.getByRole('combobox', { name: /^Time zone/ })).toBeInTheDocument();
    expect(screen.getByLabelText(/^Currencies/)).toBeInTheDocument();
  });

  it('shows no options before a metric is chosen', () => {
    renderEditor({});
    expect(screen.queryByRole('radio')).not.toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: /^Time zone/ })).not.toBeInTheDocument();
  });

  it('changing the bucket updates the query and runs it', async () => {
    const { onChange, onRunQuery, user } = renderEditor(netRevenueQuery);
    await user.click(screen.getByRole('radio', { name: 'Week (ISO, Monday)' }));
    expect(onChange).toHaveBeenCalledWith({ refId: 'A', metric: 'net_revenue', timeZone: '', bucket: 'week' });
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });

  it('adds currencies in lower case and keeps variables as typed', async () => {
    const { onChange, user } = renderEditor({ ...netRevenueQuery, currencies: ['$currency'] });
    await user.type(screen.getByLabelText(/^Currencies/), 'EUR{enter}');
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ currencies: ['$currency', 'eur'] }));
  });

  it('renders Convert to on the money metrics that take it, and stores the currency as typed', async () => {
    const { onChange, user } = renderEditor({ metric: 'mrr', timeZone: '' });
    const input = screen.getByLabelText(/^Convert to/);
    expect(input).toHaveAttribute('placeholder', expect.stringContaining('default'));
    await user.type(input, 'default{enter}');
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ metric: 'mrr', convertTo: 'default' }));
  });

  it('offers no Convert to on a count', () => {
    renderEditor({ metric: 'refund_count', timeZone: '' });
    expect(screen.getByLabelText(/^Currencies/)).toBeInTheDocument();
    expect(screen.queryByLabelText(/^Convert to/)).not.toBeInTheDocument();
  });

  it('offers dashboard variables as time zones', async () => {
    const { onChange, user } = renderEditor(netRevenueQuery);
    await user.type(screen.getByRole('combobox', { name: /^Time zone/ }), '$tz');
    await user.click(await screen.findByRole('option', { name: '$tz' }));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ timeZone: '$tz' }));
  });
});

describe('QueryEditor: time zone pre-fill', () => {
  it("fills a new query's time zone from the dashboard", () => {
    const data = { request: { timezone: 'America/New_York' } } as Partial<PanelData>;
    const { onChange, onRunQuery } = renderEditor({ metric: 'net_revenue' }, data);
    expect(onChange).toHaveBeenCalledWith({ refId: 'A', metric: 'net_revenue', timeZone: 'America/New_York' });
    expect(onRunQuery).toHaveBeenCalled();
  });

  it("turns the dashboard's browser time into an IANA zone", () => {
    const data = { request: { timezone: 'browser' } } as Partial<PanelData>;
    const { onChange } = renderEditor({ metric: 'net_revenue' }, data);
    // jest runs with TZ=UTC.
    expect(onChange).toHaveBeenCalledWith(expect.objectContaining({ timeZone: 'UTC' }));
  });

  it('leaves a time zone the user chose, or cleared, alone', () => {
    const data = { request: { timezone: 'America/New_York' } } as Partial<PanelData>;
    expect(renderEditor({ metric: 'net_revenue', timeZone: 'Asia/Tokyo' }, data).onChange).not.toHaveBeenCalled();
    expect(renderEditor({ metric: 'net_revenue', timeZone: '' }, data).onChange).not.toHaveBeenCalled();
  });
});

describe('QueryEditor: permissions', () => {
  const withAccess = (resources: Record<string, ResourceAccess>) =>
    ({ resourceAccess: () => Promise.resolve(resources) }) as unknown as DataSource;

  it('names the permission the key lacks for the chosen metric', async () => {
    const failures = catalogJson.metrics.find((m) => m.id === 'payments_failed')!;
    renderEditor(
      { metric: failures.id, timeZone: '' },
      undefined,
      withAccess({ charges: { readable: false, missingPermission: 'rak_charge_read' } })
    );
    expect(await screen.findByText('This key cannot read Charges')).toBeInTheDocument();
    expect(screen.getByText('rak_charge_read')).toBeInTheDocument();
  });

  it('says nothing when the key may read what the metric needs', async () => {
    renderEditor(
      netRevenueQuery,
      undefined,
      withAccess({
        balance_transactions: { readable: true },
        charges: { readable: false, missingPermission: 'rak_charge_read' },
      })
    );
    await screen.findByText(netRevenue.computation);
    await new Promise((r) => setTimeout(r, 0)); // let the access answer arrive
    expect(screen.queryByText(/This key cannot read/)).not.toBeInTheDocument();
  });
});

// The options of issue 17 reach the editor through the shipped catalog, with nothing written for
// them by hand.
describe('QueryEditor: metered prices, LTV and cohort retention', () => {
  it('offers metered prices on MRR, excluded by default, and stores last_invoice', async () => {
    const { onChange, user } = renderEditor({ metric: 'mrr', timeZone: '' });
    expect(screen.getByRole('radio', { name: "Exclude (Stripe's definition)" })).toBeChecked();
    await user.click(screen.getByRole('radio', { name: "Last invoice's amount" }));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ metric: 'mrr', metered: 'last_invoice' }));
  });

  it('offers metered prices on LTV, but no cohort options', () => {
    renderEditor({ metric: 'ltv', timeZone: '' });
    expect(screen.getByRole('radio', { name: "Last invoice's amount" })).toBeInTheDocument();
    expect(screen.queryByRole('radio', { name: 'Revenue (MRR)' })).not.toBeInTheDocument();
    expect(screen.queryByLabelText(/^Months/)).not.toBeInTheDocument();
  });

  it('offers retention, months and format on cohort retention, with the catalog defaults', async () => {
    const { onChange, user } = renderEditor({ metric: 'cohort_retention', timeZone: '' });
    expect(screen.getByRole('radio', { name: 'Logo (customers)' })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'Table' })).toBeChecked();
    expect(screen.getByRole('radio', { name: "Exclude (Stripe's definition)" })).toBeChecked();
    const months = screen.getByLabelText(/^Months/);
    expect(months).toHaveAttribute('placeholder', '12');
    await user.click(screen.getByRole('radio', { name: 'Revenue (MRR)' }));
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ metric: 'cohort_retention', retention: 'revenue' })
    );
    await user.click(screen.getByRole('radio', { name: 'Heatmap' }));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ format: 'heatmap' }));
    await user.type(months, '6{Enter}');
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ cohortMonths: 6 }));
  });
});
