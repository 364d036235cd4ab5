import {
  AnnotationQuery,
  CoreApp,
  CustomVariableSupport,
  DataQueryRequest,
  DataSourceInstanceSettings,
  ScopedVars,
} from '@grafana/data';
import { lastValueFrom, of } from 'rxjs';
import { setTemplateSrv } from '@grafana/runtime';

import catalogJson from '../pkg/catalog/catalog.json';
import { DataSource } from './datasource';
import { fakeTemplateSrv } from './testing/fakeTemplateSrv';
import { StripeOptions, StripeQuery } from './types';

const settings = {
  id: 1,
  uid: 'stripe',
  type: 'revops-stripe-datasource',
  name: 'Stripe',
  access: 'proxy',
  readOnly: false,
  jsonData: {},
  meta: { id: 'revops-stripe-datasource' },
} as unknown as DataSourceInstanceSettings<StripeOptions>;

const query = (patch: Partial<StripeQuery>): StripeQuery => ({ refId: 'A', metric: 'net_revenue', ...patch });

describe('DataSource', () => {
  const ds = new DataSource(settings);

  beforeEach(() => {
    setTemplateSrv(
      fakeTemplateSrv({ currency: ['usd', 'eur'], single: 'GBP', tz: 'Europe/Berlin', all: ['usd', 'eur', 'jpy'] })
    );
  });

  it('expands a multi-value currency variable into one code per entry', () => {
    expect(ds.applyTemplateVariables(query({ currencies: ['$currency'] }), {}).currencies).toEqual(['usd', 'eur']);
  });

  it('mixes literal codes and variables, lower-cases and de-duplicates', () => {
    const result = ds.applyTemplateVariables(query({ currencies: ['chf', '${single}', '$currency', 'usd'] }), {});
    expect(result.currencies).toEqual(['chf', 'gbp', 'usd', 'eur']);
  });

  it('passes every value of a variable set to All', () => {
    expect(ds.applyTemplateVariables(query({ currencies: ['$all'] }), {}).currencies).toEqual(['usd', 'eur', 'jpy']);
  });

  it('drops the $__all placeholder so the backend reads every currency', () => {
    setTemplateSrv(fakeTemplateSrv({ currency: '$__all' }));
    expect(ds.applyTemplateVariables(query({ currencies: ['$currency'] }), {}).currencies).toEqual([]);
  });

  it('prefers the repeated panel value over the dashboard value', () => {
    const scoped: ScopedVars = { currency: { text: 'jpy', value: 'jpy' } };
    expect(ds.applyTemplateVariables(query({ currencies: ['$currency'] }), scoped).currencies).toEqual(['jpy']);
  });

  it('interpolates the time zone and leaves the rest of the query alone', () => {
    const result = ds.applyTemplateVariables(query({ timeZone: '$tz', bucket: 'day' }), {});
    expect(result).toEqual({ refId: 'A', metric: 'net_revenue', timeZone: 'Europe/Berlin', bucket: 'day' });
  });

  it("fills a customers variable's search with what the user types (Grafana's __searchFilter)", () => {
    const variable = query({ metric: '', queryType: 'variable', variable: 'customers', search: '${__searchFilter}' });
    const typing: ScopedVars = { __searchFilter: { text: 'ada', value: 'ada' } };
    expect(ds.applyTemplateVariables(variable, typing).search).toBe('ada');
    // Not typing: Grafana sets no __searchFilter, the text stays, and the backend lists everyone.
    expect(ds.applyTemplateVariables(variable, {}).search).toBe('${__searchFilter}');
  });

  it('interpolates the customer and payment method filters', () => {
    setTemplateSrv(fakeTemplateSrv({ cust: 'cus_123', method: 'sepa_debit' }));
    const result = ds.applyTemplateVariables(
      query({ metric: 'payments_failed', customer: '$cust', paymentMethodType: '${method}', topN: 3 }),
      {}
    );
    expect(result).toEqual({
      refId: 'A',
      metric: 'payments_failed',
      customer: 'cus_123',
      paymentMethodType: 'sepa_debit',
      topN: 3,
    });
  });

  it('skips queries without a metric', () => {
    expect(ds.filterQuery(query({ metric: '' }))).toBe(false);
    expect(ds.filterQuery(query({}))).toBe(true);
  });

  it('starts new queries with net revenue, bucketed automatically', () => {
    expect(ds.getDefaultQuery(CoreApp.PanelEditor)).toEqual({ metric: 'net_revenue', bucket: 'auto' });
  });
});

describe('DataSource: variables and annotations', () => {
  const ds = new DataSource(settings);

  it('keeps variable and annotation queries that name a list or events, and only those', () => {
    expect(ds.filterQuery(query({ metric: '', queryType: 'variable', variable: 'currencies' }))).toBe(true);
    expect(ds.filterQuery(query({ metric: '', queryType: 'variable' }))).toBe(false);
    expect(ds.filterQuery(query({ metric: '', queryType: 'annotation', annotation: 'payouts' }))).toBe(true);
    expect(ds.filterQuery(query({ metric: '', queryType: 'annotation' }))).toBe(false);
  });

  it('runs a variable query in the backend as queryType "variable"', async () => {
    const spy = jest.spyOn(ds, 'query').mockReturnValue(of({ data: [] }));
    const request = { targets: [{ refId: 'A', metric: '', variable: 'products' }] } as DataQueryRequest<StripeQuery>;
    await lastValueFrom((ds.variables as CustomVariableSupport<DataSource, StripeQuery>).query(request));
    expect(spy).toHaveBeenCalledWith(
      expect.objectContaining({ targets: [{ refId: 'A', metric: '', variable: 'products', queryType: 'variable' }] })
    );
    spy.mockRestore();
  });

  it('runs an annotation as a query of queryType "annotation", and none without a target', () => {
    const target = { refId: 'Anno', metric: '', annotation: 'large_refunds', minAmount: 100 };
    const anno = { name: 'Refunds', enable: true, iconColor: 'red', target } as AnnotationQuery<StripeQuery>;
    expect(ds.annotations?.prepareQuery?.(anno)).toEqual({ ...target, queryType: 'annotation' });
    expect(ds.annotations?.prepareQuery?.({ ...anno, target: undefined })).toBeUndefined();
  });

  it('starts a new annotation with the first kind of events the catalog lists', () => {
    expect(ds.annotations?.getDefaultQuery?.()).toEqual({
      queryType: 'annotation',
      annotation: catalogJson.annotations[0].id,
    });
  });
});
