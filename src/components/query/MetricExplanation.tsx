import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Text, useStyles2 } from '@grafana/ui';

import { CatalogMetric } from '../../catalog';

/** What the chosen metric means and how it is computed, straight from the catalog. */
export function MetricExplanation({ metric }: { metric: CatalogMetric }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.explanation}>
      <Text element="p">{metric.description}</Text>
      <Text element="p" variant="bodySmall" color="secondary">
        <Text weight="medium" variant="bodySmall">
          How it is computed:
        </Text>{' '}
        {metric.computation}
      </Text>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  // Long computation texts read better in a measure narrower than a wide panel editor.
  explanation: css({ maxWidth: '110ch', display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5) }),
});
