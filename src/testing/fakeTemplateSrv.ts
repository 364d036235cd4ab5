import { ScopedVars, TypedVariableModel } from '@grafana/data';
import { TemplateSrv } from '@grafana/runtime';

/**
 * A small stand-in for Grafana's template service: variables hold one or several values and
 * are formatted the way Grafana formats them ('csv' joins with commas; the default wraps several
 * values in braces, as Grafana's glob format does). Scoped variables (repeated panels) win.
 */
export function fakeTemplateSrv(variables: Record<string, string | string[]>): TemplateSrv {
  const format = (value: string | string[], fmt?: string | Function): string => {
    if (!Array.isArray(value)) {
      return value;
    }
    if (fmt === 'csv') {
      return value.join(',');
    }
    return value.length === 1 ? value[0] : `{${value.join(',')}}`;
  };
  return {
    getVariables: () => Object.keys(variables).map((name) => ({ name, type: 'custom' }) as TypedVariableModel),
    replace: (target?: string, scopedVars?: ScopedVars, fmt?: string | Function) =>
      (target ?? '').replace(/\$\{(\w+)\}|\$(\w+)/g, (match, braced?: string, bare?: string) => {
        const name = (braced ?? bare) as string;
        const scoped = scopedVars?.[name]?.value as string | string[] | undefined;
        const value = scoped ?? variables[name];
        return value === undefined ? match : format(value, fmt);
      }),
    containsTemplate: (target?: string) => /\$/.test(target ?? ''),
    updateTimeRange: () => {},
  };
}
