import { ScopedVars, setTimeZoneResolver, TypedVariableModel } from '@grafana/data';
import { setTemplateSrv } from '@grafana/runtime';

/**
 * The few Grafana services the editors reach for outside their props: the template service
 * (variables offered as time zones) and the user's time zone. A dashboard with a multi-value
 * $currency variable and a $timezone variable, viewed by a user in Europe/Berlin.
 */
export function installFakeGrafana() {
  const variables: Record<string, string[]> = { currency: ['usd', 'eur'], timezone: ['Europe/Berlin'] };
  setTemplateSrv({
    getVariables: () => Object.keys(variables).map((name) => ({ name, type: 'custom' }) as TypedVariableModel),
    replace: (target?: string, _scopedVars?: ScopedVars) =>
      (target ?? '').replace(/\$(\w+)/g, (match, name: string) => variables[name]?.join(',') ?? match),
    containsTemplate: (target?: string) => (target ?? '').includes('$'),
    updateTimeRange: () => {},
  });
  setTimeZoneResolver(() => 'Europe/Berlin');
}
