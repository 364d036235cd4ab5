import { useEffect } from 'react';
import { PanelData } from '@grafana/data';

import { surroundingTimeZone } from '../../timeZones';

/**
 * A query that takes a time zone but has none yet (a new query: the editor always writes the
 * field, '' once the user clears it) gets the surrounding dashboard's zone, so "day" means the
 * day the viewer sees. Stored in the query, so alert rules evaluate the same buckets.
 */
export function usePrefilledTimeZone(
  takesTimeZone: boolean,
  timeZone: string | undefined,
  data: PanelData | undefined,
  setTimeZone: (timeZone: string) => void
) {
  useEffect(() => {
    if (!takesTimeZone || timeZone !== undefined) {
      return;
    }
    const zone = surroundingTimeZone(data);
    if (zone) {
      setTimeZone(zone);
    }
  }, [takesTimeZone, timeZone, data, setTimeZone]);
}
