import React from 'react';
import { EditorField, EditorRow } from '@grafana/plugin-ui';
import { RadioButtonGroup, Text } from '@grafana/ui';

interface Entry {
  id: string;
  label: string;
  description: string;
}

interface Props {
  label: string;
  tooltip: string;
  entries: Entry[];
  value: string | undefined;
  onChange: (id: string) => void;
}

/** A choice among a few catalog entries (variable lists, annotation kinds), with the chosen one's description. */
export function CatalogEntryPicker({ label, tooltip, entries, value, onChange }: Props) {
  const chosen = entries.find((e) => e.id === value);
  return (
    <>
      <EditorRow>
        <EditorField label={label} tooltip={tooltip}>
          <RadioButtonGroup
            options={entries.map((e) => ({ value: e.id, label: e.label, description: e.description }))}
            value={chosen?.id}
            onChange={onChange}
          />
        </EditorField>
      </EditorRow>
      {chosen && (
        <Text color="secondary" element="p">
          {chosen.description}
        </Text>
      )}
    </>
  );
}
