import React from 'react';
import { Stack, Text } from '@grafana/ui';

import { CatalogMetric } from '../../catalog';

/** What the chosen metric means and how it is computed, straight from the catalog. */
export function MetricExplanation({ metric }: { metric: CatalogMetric }) {
  return (
    <Stack direction="column" gap={0.5}>
      <Text element="p" variant="body">
        {metric.description}
      </Text>
      <Text element="p" variant="bodySmall" color="secondary">
        <Text weight="medium" variant="bodySmall">
          How it is computed:
        </Text>{' '}
        {metric.computation}
      </Text>
    </Stack>
  );
}
