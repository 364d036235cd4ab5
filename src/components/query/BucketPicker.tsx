import React from 'react';
import { RadioButtonGroup } from '@grafana/ui';

import { bucketChoices } from '../../catalog';
import { Bucket } from '../../types';

interface Props {
  id: string;
  value: Bucket | undefined;
  onChange: (bucket: Bucket) => void;
}

const DEFAULT_BUCKET: Bucket = 'auto';

/** Bucket widths as the catalog lists them; absent in the query means auto. */
export function BucketPicker({ id, value, onChange }: Props) {
  return (
    <RadioButtonGroup<Bucket> id={id} options={bucketChoices()} value={value ?? DEFAULT_BUCKET} onChange={onChange} />
  );
}
