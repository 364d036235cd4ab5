import React, { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { config } from '@grafana/runtime';

import catalogJson from '../../pkg/catalog/catalog.json';
import { fakeBrowserLayout } from '../testing/layout';
import { ConfigEditor } from './ConfigEditor';
import { ConfigProps } from './config/types';

type Options = ConfigProps['options'];

fakeBrowserLayout();

function makeOptions(patch: Partial<Options> = {}): Options {
  // (`database`, required but deprecated, is left out: Grafana sends it only for old SQL sources.)
  return {
    id: 1,
    uid: 'stripe',
    orgId: 1,
    name: 'Stripe',
    type: 'revops-stripe-datasource',
    typeName: 'Stripe',
    typeLogoUrl: '',
    access: 'proxy',
    url: '',
    user: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    readOnly: false,
    withCredentials: false,
    jsonData: {},
    secureJsonFields: {},
    ...patch,
  } as Options;
}

/** Renders the editor the way Grafana does: every change comes back as the new options. */
function renderEditor(patch: Partial<Options> = {}) {
  const onOptionsChange = jest.fn();
  function Harness() {
    const [options, setOptions] = useState(makeOptions(patch));
    return (
      <ConfigEditor
        options={options}
        onOptionsChange={(next) => {
          onOptionsChange(next);
          setOptions(next);
        }}
      />
    );
  }
  const { unmount } = render(<Harness />);
  const latest = (): Options => onOptionsChange.mock.lastCall[0];
  return { onOptionsChange, latest, unmount, user: userEvent.setup({ delay: null }) };
}

const keyInput = () => screen.getByLabelText(/Stripe API key/);

// Keys and URLs are pasted, not typed; pasting also keeps these tests quick on a busy machine.
async function pasteInto(user: ReturnType<typeof userEvent.setup>, input: HTMLElement, text: string) {
  await user.click(input);
  await user.paste(text);
}

async function openAdvanced(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('button', { name: 'Expand section Advanced settings' }));
}

describe('ConfigEditor: the key', () => {
  it('shows no message before anything is typed', () => {
    renderEditor();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('stores the typed key in secureJsonData only', async () => {
    const { latest, user } = renderEditor();
    await pasteInto(user, keyInput(), 'rk_test_abc123');
    expect(latest().secureJsonData).toEqual({ apiKey: 'rk_test_abc123' });
    expect(JSON.stringify(latest().jsonData)).not.toContain('rk_test_abc123');
  });

  it('accepts a restricted test key and says it is test mode', async () => {
    const { user } = renderEditor();
    await pasteInto(user, keyInput(), 'rk_test_abc123');
    expect(screen.getByRole('status')).toHaveTextContent(/Restricted key, test mode/);
  });

  it('refuses a secret key until the advanced switch allows it', async () => {
    const { latest, user } = renderEditor();
    await pasteInto(user, keyInput(), 'sk_live_abc123');
    expect(screen.getByRole('alert')).toHaveTextContent(/This is a secret key.*full read and write access/);

    await openAdvanced(user);
    await user.click(screen.getByLabelText(/^Allow a full-access secret key \(sk_\)/));

    expect(latest().jsonData.allowSecretKey).toBe(true);
    expect(screen.queryByText(/This is a secret key/)).not.toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent(/Secret key with full access, live mode/);
    expect(screen.getByText('Secret keys are allowed')).toBeInTheDocument();
  });

  it('refuses a publishable key', async () => {
    const { user } = renderEditor();
    await pasteInto(user, keyInput(), 'pk_live_abc123');
    expect(screen.getByRole('alert')).toHaveTextContent(/publishable key.*cannot read account data/);
  });

  it('shows a saved key as configured, without its value, and Reset clears it', async () => {
    const { onOptionsChange, latest, user } = renderEditor({ secureJsonFields: { apiKey: true } });
    expect(keyInput()).toHaveValue('configured');
    expect(keyInput()).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Reset' }));

    expect(onOptionsChange).toHaveBeenCalledTimes(1);
    expect(latest().secureJsonFields.apiKey).toBe(false);
    expect(latest().secureJsonData?.apiKey).toBe('');
    expect(keyInput()).toBeEnabled();
    expect(keyInput()).toHaveValue('');
  });
});

describe('ConfigEditor: restricted key help', () => {
  it('links to Stripe with the permissions pre-filled', () => {
    renderEditor();
    const link = screen.getByRole('link', { name: /Create a restricted key in Stripe/ });
    expect(link.getAttribute('href')).toMatch(/^https:\/\/dashboard\.stripe\.com\/apikeys\/create\?/);
    expect(link.getAttribute('href')).toContain('permissions%5B%5D=rak_subscription_read');
    expect(screen.getByRole('link', { name: /About restricted keys/ })).toHaveAttribute(
      'href',
      'https://docs.stripe.com/keys/restricted-api-keys'
    );
  });

  it('lists the read permissions each metric group needs', () => {
    renderEditor();
    const table = screen.getByRole('table', { name: 'Read permissions per metric group' });
    const rows = Array.from(table.querySelectorAll('tbody tr'));
    expect(rows).toHaveLength(catalogJson.groups.length);
    for (const group of catalogJson.groups) {
      // (getByRole over the whole table is slow in jsdom; the row header's first line is the label.)
      const row = rows.find((r) => r.querySelector('th > div')?.textContent === group.label) as HTMLElement;
      expect(row).toBeDefined();
      if (group.resources.length === 0) {
        expect(row).toHaveTextContent('no Stripe call');
      }
      for (const resourceId of group.resources) {
        const resource = catalogJson.resources.find((r) => r.id === resourceId);
        expect(row).toHaveTextContent(resource!.permission);
      }
    }
  });
});

describe('ConfigEditor: connected account', () => {
  const accountInput = () => screen.getByLabelText(/^Connected account/);

  it('writes a connected account id and removes it when cleared', async () => {
    const { latest, user } = renderEditor();
    expect(accountInput()).toHaveAttribute('placeholder', 'acct_…');
    await pasteInto(user, accountInput(), 'acct_1032D82eZvKYlo2C');
    expect(latest().jsonData.connectedAccount).toBe('acct_1032D82eZvKYlo2C');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    await user.clear(accountInput());
    expect(latest().jsonData.connectedAccount).toBeUndefined();
  });

  it('refuses what is not an account id, as the backend does', async () => {
    const { user } = renderEditor();
    await pasteInto(user, accountInput(), 'cus_PD6LSQd0tEf6Dh');
    expect(screen.getByRole('alert')).toHaveTextContent(/acct_ followed by letters and digits/);
    await user.clear(accountInput());
    await pasteInto(user, accountInput(), 'acct_12-34');
    expect(screen.getByRole('alert')).toHaveTextContent(/acct_ followed by letters and digits/);
  });

  it('is not offered for the demo account', async () => {
    const { user } = renderEditor();
    await user.click(screen.getByLabelText('Demo account (no key needed)'));
    expect(screen.queryByLabelText(/^Connected account/)).not.toBeInTheDocument();
  });
});

describe('ConfigEditor: demo account', () => {
  it('writes source demo and hides the key input', async () => {
    const { latest, user } = renderEditor();
    await user.click(screen.getByLabelText('Demo account (no key needed)'));
    expect(latest().jsonData.source).toBe('demo');
    expect(screen.queryByLabelText(/Stripe API key/)).not.toBeInTheDocument();
    expect(screen.getByText(/simulated Stripe account/)).toBeInTheDocument();
  });
});

describe('ConfigEditor: advanced settings', () => {
  it('is collapsed when nothing is set and open when something is', () => {
    const collapsed = renderEditor();
    expect(screen.getByRole('button', { name: 'Expand section Advanced settings' })).toBeInTheDocument();
    expect(screen.queryByLabelText(/^Request rate budget/)).not.toBeInTheDocument();
    collapsed.unmount();
    renderEditor({ jsonData: { rateLimit: 10 } });
    expect(screen.getByLabelText(/^Request rate budget/)).toHaveValue(10);
  });

  it('writes the API base URL and rejects a non-http URL', async () => {
    const { latest, user } = renderEditor();
    await openAdvanced(user);
    const input = screen.getByLabelText(/^Stripe API base URL/);
    expect(input).toHaveAttribute('placeholder', 'https://api.stripe.com');

    await pasteInto(user, input, 'ftp://proxy');
    expect(screen.getByRole('alert')).toHaveTextContent(/Enter an http\(s\) address/);

    await user.clear(input);
    await pasteInto(user, input, 'https://stripe-proxy.internal');
    expect(latest().jsonData.apiBaseUrl).toBe('https://stripe-proxy.internal');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('writes the rate budget as a number and removes it when cleared', async () => {
    const { latest, user } = renderEditor();
    await openAdvanced(user);
    const input = screen.getByLabelText(/^Request rate budget/);
    expect(input).toHaveAttribute('placeholder', 'Default: 25 live / 10 test');

    await user.type(input, '50');
    expect(latest().jsonData.rateLimit).toBe(50);

    await user.clear(input);
    expect(latest().jsonData.rateLimit).toBeUndefined();
  });

  it('offers the secure SOCKS proxy only where Grafana has it enabled, and writes its switch', async () => {
    const { unmount } = renderEditor();
    expect(screen.queryByText(/Secure Socks Proxy/i)).not.toBeInTheDocument();
    unmount();

    config.secureSocksDSProxyEnabled = true;
    try {
      const { latest, user } = renderEditor();
      // Grafana's component: a heading and an unlabelled InlineSwitch beside an "Enabled" label.
      const section = screen.getByText('Secure Socks Proxy').parentElement!;
      const toggle = section.querySelector('input[type="checkbox"]') as HTMLInputElement;
      expect(toggle).not.toBeNull();
      await user.click(toggle);
      expect(latest().jsonData.enableSecureSocksProxy).toBe(true);
    } finally {
      config.secureSocksDSProxyEnabled = false;
    }
  });

  it('writes the memory budget in MiB and refuses less than 16', async () => {
    const { latest, user } = renderEditor();
    await openAdvanced(user);
    const input = screen.getByLabelText(/^Memory budget/);
    expect(input).toHaveAttribute('placeholder', 'Default: 256');

    await user.type(input, '8');
    expect(latest().jsonData.memoryBudgetMB).toBe(8);
    expect(screen.getByRole('alert')).toHaveTextContent(/at least 16 MiB/);

    await user.clear(input);
    await user.type(input, '512');
    expect(latest().jsonData.memoryBudgetMB).toBe(512);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('keeps the cache on disk by default, takes an absolute directory, and turns it off', async () => {
    const { latest, user } = renderEditor();
    await openAdvanced(user);
    const toggle = screen.getByLabelText(/^Keep the cache on disk/);
    expect(toggle).toBeChecked();
    const dir = screen.getByLabelText(/^Cache directory/);

    await user.type(dir, 'relative/cache');
    expect(screen.getByRole('alert')).toHaveTextContent(/absolute path/);
    await user.clear(dir);
    await user.type(dir, '/var/lib/grafana/stripe-cache');
    expect(latest().jsonData.cacheDirectory).toBe('/var/lib/grafana/stripe-cache');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();

    await user.click(toggle);
    expect(latest().jsonData.disableDiskCache).toBe(true);
    expect(screen.queryByLabelText(/^Cache directory/)).not.toBeInTheDocument();
  });

  it('writes the per-endpoint budget beside it, and says why the defaults are low', async () => {
    const { latest, user, unmount } = renderEditor();
    await openAdvanced(user);
    const input = screen.getByLabelText(/^Per-endpoint rate budget/);
    expect(input).toHaveAttribute('placeholder', 'Default: 10');
    expect(screen.getByText(/shared with your own servers/)).toHaveTextContent(
      /about a quarter of the live limit and well under an endpoint/
    );

    await user.type(input, '7.5');
    expect(latest().jsonData.endpointRateLimit).toBe(7.5);
    expect(latest().jsonData.rateLimit).toBeUndefined();

    await user.clear(input);
    expect(latest().jsonData.endpointRateLimit).toBeUndefined();
    unmount();
    // Set on its own, it opens the section.
    renderEditor({ jsonData: { endpointRateLimit: 5 } });
    expect(screen.getByLabelText(/^Per-endpoint rate budget/)).toHaveValue(5);
  });

  it("shows the defaults of the typed key's mode", async () => {
    const { user } = renderEditor();
    await pasteInto(user, keyInput(), 'rk_live_abc123');
    await openAdvanced(user);
    expect(screen.getByLabelText(/^Request rate budget/)).toHaveAttribute('placeholder', 'Default: 25 (live key)');
    expect(screen.getByLabelText(/^Per-endpoint rate budget/)).toHaveAttribute('placeholder', 'Default: 10 (live key)');

    await user.clear(keyInput());
    await pasteInto(user, keyInput(), 'rk_test_abc123');
    expect(screen.getByLabelText(/^Request rate budget/)).toHaveAttribute('placeholder', 'Default: 10 (test key)');
  });

  it('writes the default time zone', async () => {
    const { latest, user } = renderEditor();
    await openAdvanced(user);
    await user.type(screen.getByLabelText(/^Default time zone/), 'Berlin');
    await user.click(await screen.findByText('Europe/Berlin'));
    expect(latest().jsonData.timeZone).toBe('Europe/Berlin');
  });

  it('hides key-only settings for the demo account', async () => {
    const { user } = renderEditor({ jsonData: { source: 'demo' } });
    await openAdvanced(user);
    expect(screen.getByLabelText(/^Default time zone/)).toBeInTheDocument();
    expect(screen.queryByLabelText(/^Stripe API base URL/)).not.toBeInTheDocument();
    expect(screen.queryByLabelText(/^Allow a full-access secret key/)).not.toBeInTheDocument();
  });

  it('writes the shared store of a Grafana in high availability, its password in secureJsonData, and requires the replicas', async () => {
    const { latest, user } = renderEditor();
    await openAdvanced(user);
    expect(screen.queryByLabelText(/^Grafana replicas/)).not.toBeInTheDocument();
    const url = screen.getByLabelText(/^Shared store \(Redis\) URL/);

    await pasteInto(user, url, 'http://redis:6379');
    expect(screen.getByRole('alert')).toHaveTextContent(/redis:\/\/ or rediss:\/\//);
    await user.clear(url);
    await pasteInto(user, url, 'rediss://:hunter2@redis:6380/0');
    expect(screen.getByRole('alert')).toHaveTextContent(/Shared store password field/);
    await user.clear(url);
    await pasteInto(user, url, 'rediss://redis:6380/0');
    expect(latest().jsonData.sharedStoreUrl).toBe('rediss://redis:6380/0');
    // A shared store needs the number of replicas: the backend refuses it without.
    expect(screen.getByRole('alert')).toHaveTextContent(/how many Grafana replicas/);

    await user.type(screen.getByLabelText(/^Grafana replicas/), '3');
    expect(latest().jsonData.replicas).toBe(3);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();

    await pasteInto(user, screen.getByLabelText(/^Shared store password/), 's3cret');
    expect(latest().secureJsonData?.sharedStorePassword).toBe('s3cret');
    expect(JSON.stringify(latest().jsonData)).not.toContain('s3cret');
  });

  it('opens the advanced settings when a shared store is set, and shows a saved password as configured', () => {
    renderEditor({
      jsonData: { sharedStoreUrl: 'redis://redis:6379/0', replicas: 2 },
      secureJsonFields: { sharedStorePassword: true },
    });
    expect(screen.getByLabelText(/^Grafana replicas/)).toHaveValue(2);
    expect(screen.getByLabelText(/^Shared store password/)).toHaveValue('configured');
  });
});

describe('ConfigEditor: reporting currency and exchange rates', () => {
  async function openReporting(user: ReturnType<typeof userEvent.setup>) {
    await user.click(screen.getByRole('button', { name: 'Expand section Reporting currency' }));
  }

  it('stores the reporting currency in lower case, and empty means the account default', async () => {
    const { latest, user } = renderEditor();
    await openReporting(user);
    const input = screen.getByLabelText(/^Reporting currency/);
    await pasteInto(user, input, 'EUR');
    expect(latest().jsonData.reportingCurrency).toBe('eur');
    await user.clear(input);
    expect(latest().jsonData.reportingCurrency).toBeUndefined();
  });

  it('adds a rate row, stores it as the backend reads it, and removes it', async () => {
    const { latest, user } = renderEditor();
    await openReporting(user);
    await user.click(screen.getByRole('button', { name: /Add rate/ }));
    await pasteInto(user, screen.getByLabelText('Currency of rate 1'), 'GBP');
    await pasteInto(user, screen.getByLabelText('Rate 1'), '1.27');
    expect(screen.getByText(/Valid from: a date/)).toBeInTheDocument();
    await pasteInto(user, screen.getByLabelText('Valid from of rate 1'), '2026-01-01');
    expect(latest().jsonData.exchangeRates).toEqual([{ currency: 'gbp', rate: 1.27, validFrom: '2026-01-01' }]);
    expect(screen.queryByText(/Valid from: a date/)).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Remove rate 1' }));
    expect(latest().jsonData.exchangeRates).toBeUndefined();
  });

  it('opens with saved rates shown, and says what is wrong with a bad row', () => {
    renderEditor({
      jsonData: { exchangeRates: [{ currency: 'eur', to: 'eur', rate: 1, validFrom: '2026-01-01' }] },
    } as Partial<Options>);
    expect(screen.getByLabelText('Currency of rate 1')).toHaveValue('eur');
    expect(screen.getByText('A currency cannot be converted into itself.')).toBeInTheDocument();
  });
});
