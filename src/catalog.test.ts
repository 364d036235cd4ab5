import catalogJson from '../pkg/catalog/catalog.json';

import { allPermissions, findGroup, metricsByGroup, permissionsForGroup } from './catalog';
import { createRestrictedKeyUrl } from './stripeLinks';

describe('catalog helpers', () => {
  it('lists the permissions of a group in the order the group names its resources', () => {
    const balance = findGroup('balance');
    expect(balance && permissionsForGroup(balance).map((r) => r.permission)).toEqual([
      'rak_balance_read',
      'rak_balance_transaction_source_read',
    ]);
  });

  it('groups every catalog metric exactly once, under its own group', () => {
    const grouped = metricsByGroup().flatMap(({ group, metrics }) => metrics.map((m) => [group.id, m.id]));
    expect(grouped).toHaveLength(catalogJson.metrics.length);
    for (const metric of catalogJson.metrics) {
      expect(grouped).toContainEqual([metric.group, metric.id]);
    }
  });

  it('asks Stripe for every resource permission when pre-filling the restricted key page', () => {
    const url = new URL(createRestrictedKeyUrl());
    expect(url.origin + url.pathname).toBe('https://dashboard.stripe.com/apikeys/create');
    expect(url.searchParams.get('name')).toBe('Grafana');
    const expected = Array.from(new Set(catalogJson.resources.map((r) => r.permission)));
    expect(url.searchParams.getAll('permissions[]')).toEqual(expected);
    expect(allPermissions()).toEqual(expected);
  });
});
