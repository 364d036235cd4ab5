import React from 'react';
import { setTemplateSrv } from '@grafana/runtime';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import catalogJson from '../../pkg/catalog/catalog.json';
import { DataSource } from '../datasource';
import { fakeTemplateSrv } from '../testing/fakeTemplateSrv';
import { fakeBrowserLayout } from '../testing/layout';
import { StripeQuery } from '../types';
import { AnnotationQueryEditor } from './AnnotationQueryEditor';
import { VariableQueryEditor } from './VariableQueryEditor';

fakeBrowserLayout();
beforeEach(() => setTemplateSrv(fakeTemplateSrv({})));

function renderWith(Editor: typeof AnnotationQueryEditor | typeof VariableQueryEditor, query: Partial<StripeQuery>) {
  const onChange = jest.fn();
  render(
    <Editor
      datasource={{} as DataSource}
      query={{ refId: 'A', metric: '', ...query }}
      onChange={onChange}
      onRunQuery={jest.fn()}
    />
  );
  return { onChange, user: userEvent.setup({ delay: null }) };
}

describe('AnnotationQueryEditor', () => {
  it('offers every kind of events the catalog lists', () => {
    renderWith(AnnotationQueryEditor, {});
    for (const a of catalogJson.annotations) {
      expect(screen.getByRole('radio', { name: a.label })).toBeInTheDocument();
    }
  });

  it('stores the chosen events as an annotation query', async () => {
    const { onChange, user } = renderWith(AnnotationQueryEditor, {});
    await user.click(screen.getByRole('radio', { name: 'Payouts' }));
    expect(onChange).toHaveBeenLastCalledWith({
      refId: 'A',
      metric: '',
      queryType: 'annotation',
      annotation: 'payouts',
    });
  });

  it('shows the options of the chosen events and stores a minimum amount', async () => {
    const { onChange, user } = renderWith(AnnotationQueryEditor, {
      queryType: 'annotation',
      annotation: 'large_refunds',
    });
    const large = catalogJson.annotations.find((a) => a.id === 'large_refunds')!;
    expect(screen.getByText(large.description)).toBeInTheDocument();
    expect(screen.getByLabelText(/^Currencies/)).toBeInTheDocument();
    await user.type(screen.getByLabelText(/^At least/), '250{Enter}');
    expect(onChange).toHaveBeenLastCalledWith({
      refId: 'A',
      metric: '',
      queryType: 'annotation',
      annotation: 'large_refunds',
      minAmount: 250,
    });
  });
});

describe('VariableQueryEditor', () => {
  it('offers every list the catalog has and stores the choice as a variable query', async () => {
    const { onChange, user } = renderWith(VariableQueryEditor, {});
    for (const v of catalogJson.variables) {
      expect(screen.getByRole('radio', { name: v.label })).toBeInTheDocument();
    }
    await user.click(screen.getByRole('radio', { name: 'Currencies' }));
    expect(onChange).toHaveBeenLastCalledWith({
      refId: 'A',
      metric: '',
      queryType: 'variable',
      variable: 'currencies',
    });
  });

  it('shows the search of the customers list and stores it', async () => {
    const { onChange, user } = renderWith(VariableQueryEditor, { queryType: 'variable', variable: 'customers' });
    await user.type(screen.getByLabelText(/^Search/), 'ada{Enter}');
    expect(onChange).toHaveBeenLastCalledWith({
      refId: 'A',
      metric: '',
      queryType: 'variable',
      variable: 'customers',
      search: 'ada',
    });
  });

  it('shows no options for a list that takes none', () => {
    renderWith(VariableQueryEditor, { queryType: 'variable', variable: 'currencies' });
    expect(screen.queryByLabelText(/^Search/)).not.toBeInTheDocument();
  });
});
