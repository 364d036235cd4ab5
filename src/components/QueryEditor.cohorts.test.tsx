import React from 'react';
import { setTemplateSrv } from '@grafana/runtime';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { DataSource } from '../datasource';
import { fakeTemplateSrv } from '../testing/fakeTemplateSrv';
import { fakeBrowserLayout } from '../testing/layout';
import { StripeQuery } from '../types';
import { QueryEditor } from './QueryEditor';

// The shipped catalog: the options of issue 17 (metered, retention, cohortMonths, format) must
// reach the editor through it, with nothing written for them by hand.
fakeBrowserLayout();

beforeEach(() => setTemplateSrv(fakeTemplateSrv({})));

function renderEditor(query: Partial<StripeQuery>) {
  const onChange = jest.fn();
  render(
    <QueryEditor
      datasource={{} as DataSource}
      query={{ refId: 'A', metric: '', timeZone: '', ...query }}
      onChange={onChange}
      onRunQuery={jest.fn()}
    />
  );
  return { onChange, user: userEvent.setup({ delay: null }) };
}

describe('QueryEditor: metered prices, LTV and cohort retention', () => {
  it('offers metered prices on MRR, excluded by default, and stores last_invoice', async () => {
    const { onChange, user } = renderEditor({ metric: 'mrr' });
    expect(screen.getByRole('radio', { name: "Exclude (Stripe's definition)" })).toBeChecked();
    await user.click(screen.getByRole('radio', { name: "Last invoice's amount" }));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ metric: 'mrr', metered: 'last_invoice' }));
  });

  it('offers metered prices on LTV, but no cohort options', () => {
    renderEditor({ metric: 'ltv' });
    expect(screen.getByRole('radio', { name: "Last invoice's amount" })).toBeInTheDocument();
    expect(screen.queryByRole('radio', { name: 'Revenue (MRR)' })).not.toBeInTheDocument();
    expect(screen.queryByLabelText(/^Months/)).not.toBeInTheDocument();
  });

  it('offers retention, months and format on cohort retention, with the catalog defaults', async () => {
    const { onChange, user } = renderEditor({ metric: 'cohort_retention' });
    expect(screen.getByRole('radio', { name: 'Logo (customers)' })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'Table' })).toBeChecked();
    expect(screen.getByRole('radio', { name: "Exclude (Stripe's definition)" })).toBeChecked();
    const months = screen.getByLabelText(/^Months/);
    expect(months).toHaveAttribute('placeholder', '12');
    await user.click(screen.getByRole('radio', { name: 'Revenue (MRR)' }));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ metric: 'cohort_retention', retention: 'revenue' }));
    await user.click(screen.getByRole('radio', { name: 'Heatmap' }));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ format: 'heatmap' }));
    await user.type(months, '6{Enter}');
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ cohortMonths: 6 }));
  });
});
