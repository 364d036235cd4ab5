import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { ConfigSubSection } from '@grafana/plugin-ui';
import { LinkButton, Stack, TextLink, useStyles2 } from '@grafana/ui';

import { catalog, permissionsForGroup } from '../../catalog';
import { createRestrictedKeyUrl, RESTRICTED_KEYS_DOCS_URL } from '../../stripeLinks';

/** How to make a read-only key, and which Read permissions each metric group needs (from the catalog). */
export function RestrictedKeyHelp() {
  const styles = useStyles2(getStyles);
  return (
    <ConfigSubSection
      title="Create a restricted key"
      description="This data source only reads. Give the key Read access to what you want to chart and nothing else; a metric whose permission is missing shows which one to add."
    >
      <Stack direction="column" gap={2}>
        <Stack gap={2} alignItems="center" wrap="wrap">
          <LinkButton
            href={createRestrictedKeyUrl()}
            target="_blank"
            rel="noopener noreferrer"
            icon="external-link-alt"
            variant="secondary"
          >
            Create a restricted key in Stripe
          </LinkButton>
          <TextLink href={RESTRICTED_KEYS_DOCS_URL} external>
            About restricted keys
          </TextLink>
        </Stack>
        <table className={styles.table} aria-label="Read permissions per metric group">
          <thead>
            <tr>
              <th>Metric group</th>
              <th>Read permissions needed</th>
            </tr>
          </thead>
          <tbody>
            {catalog.groups.map((group) => (
              <tr key={group.id}>
                <th scope="row">
                  <div>{group.label}</div>
                  <div className={styles.secondary}>{group.description}</div>
                </th>
                <td>
                  {group.resources.length === 0 ? (
                    <span className={styles.secondary}>None: counted by the plugin, no Stripe call</span>
                  ) : (
                    <ul className={styles.permissions}>
                      {permissionsForGroup(group).map((resource) => (
                        <li key={resource.id}>
                          {resource.label} <code>{resource.permission}</code>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Stack>
    </ConfigSubSection>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    borderCollapse: 'collapse',
    maxWidth: theme.spacing(120),
    'thead th': {
      textAlign: 'left',
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.colors.border.medium}`,
      color: theme.colors.text.secondary,
      fontWeight: theme.typography.fontWeightMedium,
    },
    'tbody th, tbody td': {
      textAlign: 'left',
      verticalAlign: 'top',
      padding: theme.spacing(1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      fontWeight: theme.typography.fontWeightRegular,
    },
  }),
  secondary: css({
    ...theme.typography.bodySmall,
    color: theme.colors.text.secondary,
  }),
  permissions: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    whiteSpace: 'nowrap',
  }),
});
