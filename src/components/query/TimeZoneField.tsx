import React, { useMemo } from 'react';
import { getTimeZones } from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { Combobox, ComboboxOption } from '@grafana/ui';

interface Props {
  id: string;
  value: string | undefined;
  /** '' means the data source's default zone. */
  onChange: (timeZone: string) => void;
}

/**
 * IANA zones plus the dashboard's template variables (e.g. $timezone). Grafana's TimeZonePicker
 * cannot hold a variable, and the backend needs IANA names rather than Grafana's 'browser'.
 */
export function TimeZoneField({ id, value, onChange }: Props) {
  const options = useMemo(() => timeZoneOptions(), []);
  return (
    <Combobox
      id={id}
      options={options}
      value={value || null}
      placeholder="Data source default"
      width={32}
      isClearable
      createCustomValue
      onChange={(option) => onChange(option?.value ?? '')}
    />
  );
}

function timeZoneOptions(): Array<ComboboxOption<string>> {
  const variables = getTemplateSrv()
    .getVariables()
    .map((v) => ({ value: `$${v.name}`, label: `$${v.name}`, group: 'Dashboard variables' }));
  // getTimeZones(false) lists only zones tied to a country, so UTC is added by hand.
  const zones = ['UTC', ...getTimeZones(false)].map((zone) => ({
    value: zone,
    label: zone.replace(/_/g, ' '),
    group: 'Time zones',
  }));
  return [...variables, ...zones];
}
