import { useEffect, useState } from 'react';

import type { DataSource, ResourceAccess } from '../../datasource';

/**
 * What the data source's key may read, per catalog resource, as the backend's "access" resource
 * answers it (cached there and per data source here). Undefined while unknown or when the answer
 * cannot be had: the editor then simply says nothing.
 */
export function useResourceAccess(datasource: DataSource | undefined): Record<string, ResourceAccess> | undefined {
  const [access, setAccess] = useState<Record<string, ResourceAccess>>();
  useEffect(() => {
    let live = true;
    if (typeof datasource?.resourceAccess !== 'function') {
      return;
    }
    datasource
      .resourceAccess()
      .then((a) => live && setAccess(a))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [datasource]);
  return access;
}
