import React from 'react';
import { setTemplateSrv } from '@grafana/runtime';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { DataSource } from '../datasource';
import { fakeTemplateSrv } from '../testing/fakeTemplateSrv';
import { fakeBrowserLayout } from '../testing/layout';
import { StripeQuery } from '../types';
import { QueryEditor } from './QueryEditor';

// The shipped catalog has one metric so far; this small one has metrics that take different
// options, so the editor's "only what the metric takes" rule is tested however the catalog grows.
jest.mock('../../pkg/catalog/catalog.json', () => ({
  resources: [{ id: 'balance', label: 'Balance', path: '/v1/balance', permission: 'rak_balance_read' }],
  groups: [{ id: 'balance', label: 'Balance', description: 'Balance.', resources: ['balance'] }],
  options: {
    bucket: {
      label: 'Bucket',
      description: 'Width of each bucket.',
      values: [
        { value: 'auto', label: 'Auto' },
        { value: 'day', label: 'Day' },
      ],
      default: 'auto',
    },
    timeZone: { label: 'Time zone', type: 'text', description: 'Zone.' },
    currencies: { label: 'Currencies', description: 'Codes.' },
    customer: { label: 'Customer', type: 'text', placeholder: 'cus_…', description: 'One customer.' },
    topN: { label: 'Top N', type: 'number', default: '5', min: 1, max: 25, description: 'Series kept.' },
    churnMoment: {
      label: 'Churn moment',
      description: 'When MRR drops.',
      values: [
        { value: 'period_end', label: 'At period end' },
        { value: 'cancellation', label: 'At cancellation' },
      ],
      default: 'period_end',
    },
  },
  metrics: [
    {
      id: 'balance_now',
      label: 'Balance now',
      group: 'balance',
      kind: 'numeric',
      unit: 'currency',
      resource: 'balance',
      description: 'Available balance now.',
      computation: 'available[] from /v1/balance.',
      options: ['currencies'],
    },
    {
      id: 'balance_history',
      label: 'Balance history',
      group: 'balance',
      kind: 'timeseries',
      unit: 'currency',
      resource: 'balance',
      description: 'Balance at the end of each bucket.',
      computation: 'Running sum.',
      options: ['bucket', 'timeZone', 'currencies'],
    },
    {
      id: 'failures',
      label: 'Failures by reason',
      group: 'balance',
      kind: 'timeseries',
      unit: 'count',
      resource: 'balance',
      description: 'Failures split by reason.',
      computation: 'Count by reason.',
      options: ['customer', 'topN', 'churnMoment'],
    },
    {
      id: 'top_table',
      label: 'Top customers',
      group: 'balance',
      kind: 'table',
      unit: 'none',
      resource: 'balance',
      description: 'The top customers.',
      computation: 'Sum by customer.',
      options: ['topN'],
      defaults: { topN: '10' },
    },
  ],
}));

fakeBrowserLayout();

beforeEach(() => setTemplateSrv(fakeTemplateSrv({})));

function renderEditor(query: Partial<StripeQuery>) {
  const onChange = jest.fn();
  render(
    <QueryEditor
      datasource={{} as DataSource}
      query={{ refId: 'A', metric: '', ...query }}
      onChange={onChange}
      onRunQuery={jest.fn()}
    />
  );
  return { onChange, user: userEvent.setup({ delay: null }) };
}

describe('QueryEditor: options follow the catalog', () => {
  it('shows only currencies for a metric that takes only currencies', () => {
    renderEditor({ metric: 'balance_now' });
    expect(screen.getByLabelText(/^Currencies/)).toBeInTheDocument();
    expect(screen.queryByText('Bucket')).not.toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: /^Time zone/ })).not.toBeInTheDocument();
  });

  it('shows bucket, time zone and currencies for a metric that takes all three', () => {
    renderEditor({ metric: 'balance_history', timeZone: '' });
    expect(screen.getByText('Bucket')).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Day' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: /^Time zone/ })).toBeInTheDocument();
    expect(screen.getByLabelText(/^Currencies/)).toBeInTheDocument();
  });

  it('drops options the newly chosen metric does not take', async () => {
    const { onChange, user } = renderEditor({
      metric: 'balance_history',
      bucket: 'day',
      timeZone: 'Europe/Berlin',
      currencies: ['usd'],
    });
    await user.click(screen.getByRole('combobox', { name: 'Metric' }));
    await user.click(await screen.findByRole('option', { name: /Balance now/ }));
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', metric: 'balance_now', currencies: ['usd'] });
  });
});

describe('QueryEditor: options without a dedicated editor are rendered from the catalog', () => {
  it('offers a choice option as buttons with the catalog default selected', () => {
    renderEditor({ metric: 'failures' });
    expect(screen.getByRole('radio', { name: 'At period end' })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'At cancellation' })).not.toBeChecked();
  });

  it('stores a chosen value', async () => {
    const { onChange, user } = renderEditor({ metric: 'failures' });
    await user.click(screen.getByRole('radio', { name: 'At cancellation' }));
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', metric: 'failures', churnMoment: 'cancellation' });
  });

  it('commits a text option on blur, trimmed, and removes it when cleared', async () => {
    const { onChange, user } = renderEditor({ metric: 'failures' });
    const input = screen.getByLabelText(/^Customer/);
    expect(input).toHaveAttribute('placeholder', 'cus_…');
    await user.type(input, '  cus_42 ');
    expect(onChange).not.toHaveBeenCalled(); // no query per keystroke
    await user.tab();
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', metric: 'failures', customer: 'cus_42' });
  });

  it('removes a text option that is cleared', async () => {
    const { onChange, user } = renderEditor({ metric: 'failures', customer: 'cus_42' });
    await user.clear(screen.getByLabelText(/^Customer/));
    await user.tab();
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', metric: 'failures' });
  });

  it('stores a number option as a number', async () => {
    const { onChange, user } = renderEditor({ metric: 'failures' });
    const input = screen.getByLabelText(/^Top N/);
    expect(input).toHaveAttribute('placeholder', '5');
    await user.type(input, '3{Enter}');
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', metric: 'failures', topN: 3 });
  });

  it("shows a metric's own default where it differs from the option's", () => {
    renderEditor({ metric: 'top_table' });
    expect(screen.getByLabelText(/^Top N/)).toHaveAttribute('placeholder', '10');
  });

  it('drops the options of the previous metric', async () => {
    const { onChange, user } = renderEditor({ metric: 'failures', customer: 'cus_1', topN: 3 });
    await user.click(screen.getByRole('combobox', { name: 'Metric' }));
    await user.click(await screen.findByRole('option', { name: /Balance now/ }));
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', metric: 'balance_now' });
  });
});
