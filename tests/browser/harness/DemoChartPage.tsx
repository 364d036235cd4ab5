import React, { useEffect, useState } from 'react';
import { css } from '@emotion/css';
import {
  applyFieldOverrides,
  DataFrame,
  DataFrameJSON,
  dataFrameFromJSON,
  dateTime,
  FieldColorModeId,
  FieldType,
  getFieldDisplayName,
  GrafanaTheme2,
  TimeRange,
} from '@grafana/data';
import { LegendDisplayMode } from '@grafana/schema';
import { PanelChrome, TimeSeries, useStyles2, useTheme2 } from '@grafana/ui';

/*
 * The demo account's main series as Grafana's time series panel draws them: the frames come from
 * the plugin's own backend (tests/browser/demoframes, served as /demo-frames.json by run.mjs) and
 * are drawn by @grafana/ui's TimeSeries inside a PanelChrome. Nothing here makes up a value.
 */

interface DemoFrames {
  from: number;
  to: number;
  frames: Record<string, DataFrameJSON[]>;
}

export interface DemoPanel {
  refId: string;
  title: string;
}

/** The revenue picture: two panels, one above the other. */
export const REVENUE_PANELS: DemoPanel[] = [
  { refId: 'net_revenue', title: 'Net revenue per day, last 90 days' },
  { refId: 'gross_volume', title: 'Gross volume per day, last 90 days' },
];

/** The reporting-currency picture: MRR per currency beside MRR converted into the reporting currency. */
export const MRR_PANELS: DemoPanel[] = [
  { refId: 'mrr', title: 'MRR per currency' },
  { refId: 'mrr_converted', title: 'MRR in the reporting currency' },
];

const WIDTH = 1040;
const PANEL_HEIGHT = 320;
const GAP = 8;

// The buckets are whole UTC days (the data source's default zone), so the axis shows UTC.
const TIME_ZONE = 'utc';

// Grafana's time series panel defaults; outside Grafana no panel plugin fills them in.
const PANEL_STYLE = {
  drawStyle: 'line',
  lineInterpolation: 'linear',
  lineWidth: 1,
  fillOpacity: 10,
  gradientMode: 'opacity',
  showPoints: 'never',
  pointSize: 5,
  spanNulls: false,
  axisPlacement: 'auto',
  axisGridShow: true,
};

export function DemoChartPage({ panels: shown, columns = 1 }: { panels: DemoPanel[]; columns?: 1 | 2 }) {
  const styles = useStyles2(getStyles);
  const panelWidth = columns === 1 ? WIDTH : (WIDTH - GAP) / 2;
  const theme = useTheme2();
  const [demo, setDemo] = useState<DemoFrames>();
  useEffect(() => {
    fetch('/demo-frames.json')
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`demo frames: HTTP ${r.status}`))))
      .then(setDemo)
      .catch((e: Error) => (window.__harness.error = e.message));
  }, []);
  if (!demo) {
    return null;
  }
  const timeRange: TimeRange = {
    from: dateTime(demo.from),
    to: dateTime(demo.to),
    raw: { from: 'now-90d', to: 'now' },
  };
  const panels = shown.map(({ refId, title }) => ({
    title,
    frames: applyFieldOverrides({
      data: (demo.frames[refId] ?? []).map((json) => withPanelStyle(dataFrameFromJSON(json))),
      fieldConfig: { defaults: {}, overrides: [] },
      replaceVariables: (value) => value,
      theme,
      timeZone: TIME_ZONE,
    }),
  }));
  const drawn = panels.flatMap((p) => p.frames);
  window.__harness.chart = {
    series: drawn.flatMap((frame) =>
      frame.fields.filter((f) => f.type === FieldType.number).map((f) => getFieldDisplayName(f, frame, drawn))
    ),
    points: Math.max(0, ...drawn.map((frame) => frame.length)),
  };
  return (
    <div className={columns === 1 ? styles.panels : styles.row}>
      {panels.map(({ title, frames }) => (
        <PanelChrome key={title} title={title} width={panelWidth} height={PANEL_HEIGHT}>
          {(width, height) => (
            <TimeSeries
              frames={frames}
              timeRange={timeRange}
              timeZone={TIME_ZONE}
              width={width}
              height={height}
              legend={{ showLegend: true, displayMode: LegendDisplayMode.List, placement: 'bottom', calcs: [] }}
            />
          )}
        </PanelChrome>
      ))}
    </div>
  );
}

/** The frame with the panel's style and palette on its value fields; units and names stay as sent. */
function withPanelStyle(frame: DataFrame): DataFrame {
  return {
    ...frame,
    fields: frame.fields.map((field) =>
      field.type === FieldType.time
        ? field
        : {
            ...field,
            config: { color: { mode: FieldColorModeId.PaletteClassic }, ...field.config, custom: PANEL_STYLE },
          }
    ),
  };
}

const getStyles = (theme: GrafanaTheme2) => ({
  panels: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1), width: WIDTH }),
  row: css({ display: 'flex', flexDirection: 'row', gap: GAP, width: WIDTH }),
});
