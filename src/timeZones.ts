import { getTimeZone, PanelData } from '@grafana/data';

/*
 * Grafana describes time zones with three internal names besides IANA ones: '' (the user's or
 * dashboard's default), 'browser' and 'utc'. The backend only understands IANA names
 * (Go's time.LoadLocation), so every zone this plugin stores goes through toIanaZone first.
 */

/** The IANA name for a Grafana time zone, or undefined when it only says "use the default". */
export function toIanaZone(timeZone: string | undefined): string | undefined {
  switch (timeZone) {
    case undefined:
    case '':
    case 'default':
      return undefined;
    case 'browser':
      return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
    case 'utc':
      return 'UTC';
    default:
      return timeZone;
  }
}

/**
 * The time zone the surrounding dashboard, Explore pane or alert rule shows times in.
 * Plugins cannot reach the dashboard model in Grafana 12 (getTimeSrv/getDashboardSrv are not
 * part of @grafana/runtime), so this reads the zone of the last request the editor's panel ran,
 * which Grafana fills from the dashboard setting, and falls back to the user's preferred zone.
 */
export function surroundingTimeZone(data: PanelData | undefined): string | undefined {
  return toIanaZone(data?.request?.timezone) ?? toIanaZone(getTimeZone());
}
