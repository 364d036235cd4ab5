import { CustomVariableSupport, DataQueryRequest, DataQueryResponse } from '@grafana/data';
import { Observable } from 'rxjs';

import { VariableQueryEditor } from './components/VariableQueryEditor';
import type { DataSource } from './datasource';
import { StripeQuery } from './types';

/**
 * Template variables run in the backend like every query (queryType "variable"); Grafana reads
 * the frame's text and value fields as the variable's options.
 */
export class StripeVariableSupport extends CustomVariableSupport<DataSource, StripeQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly datasource: DataSource) {
    super();
  }

  query(request: DataQueryRequest<StripeQuery>): Observable<DataQueryResponse> {
    const targets = request.targets.map((t) => ({ ...t, queryType: 'variable' as const }));
    return this.datasource.query({ ...request, targets });
  }
}
