/*
 * Checks a Stripe key as the admin types it, before anything is saved. The backend
 * (pkg/stripeapi/keys.go) makes the same decision again before every call; this copy exists so
 * the config page can explain the problem while the key is still in the input.
 * Messages never repeat the key beyond the prefix the user can see in the Stripe Dashboard.
 */

export type KeyMode = 'live' | 'test';

export type KeyCheck =
  /** Nothing typed: no message. */
  | { status: 'empty' }
  /** Usable. `warning` is set when the key works but is not what we recommend. */
  | { status: 'accepted'; mode: KeyMode; message: string; warning?: boolean }
  /** The backend would refuse this key. */
  | { status: 'refused'; message: string };

const CREATE_RESTRICTED_KEY =
  'Create a restricted key in the Stripe Dashboard (Developers → API keys → Create restricted key) with Read access only, and paste it here.';

const ACCEPTED_PREFIXES =
  'Keys must start with rk_live_ or rk_test_ (restricted, recommended), or sk_live_ or sk_test_ (secret, only when allowed under Advanced settings).';

interface Prefix {
  prefix: string;
  kind: 'restricted' | 'secret';
  mode: KeyMode;
}

const PREFIXES: Prefix[] = [
  { prefix: 'rk_live_', kind: 'restricted', mode: 'live' },
  { prefix: 'rk_test_', kind: 'restricted', mode: 'test' },
  { prefix: 'sk_live_', kind: 'secret', mode: 'live' },
  { prefix: 'sk_test_', kind: 'secret', mode: 'test' },
];

// The alphabet Stripe keys are written in; anything else is usually a copy-paste accident.
const KEY_CHARS = /^[A-Za-z0-9_]+$/;

const MODE_TEXT: Record<KeyMode, string> = {
  live: 'live mode: real payments',
  test: 'test mode: sandbox data',
};

export function checkKey(rawKey: string, allowSecretKey: boolean): KeyCheck {
  // The backend trims the stored key, so surrounding whitespace is harmless.
  const key = rawKey.trim();
  if (key === '') {
    return { status: 'empty' };
  }
  if (key.startsWith('pk_')) {
    return {
      status: 'refused',
      message: `This is a publishable key (pk_): publishable keys are meant for browsers and cannot read account data. ${CREATE_RESTRICTED_KEY}`,
    };
  }
  if (key.startsWith('whsec_')) {
    return {
      status: 'refused',
      message: `This is a webhook signing secret (whsec_), not an API key. ${CREATE_RESTRICTED_KEY}`,
    };
  }
  if (!KEY_CHARS.test(key)) {
    return {
      status: 'refused',
      message:
        'The key contains characters a Stripe key never has (spaces, quotes or line breaks). Copy it again and paste only the key.',
    };
  }
  const match = PREFIXES.find((p) => key.startsWith(p.prefix));
  if (!match) {
    return { status: 'refused', message: `This is not a Stripe key the plugin accepts. ${ACCEPTED_PREFIXES}` };
  }
  if (key.length === match.prefix.length) {
    return { status: 'refused', message: 'Only the prefix is there: paste the whole key.' };
  }
  if (match.kind === 'restricted') {
    return { status: 'accepted', mode: match.mode, message: `Restricted key, ${MODE_TEXT[match.mode]}.` };
  }
  if (!allowSecretKey) {
    return {
      status: 'refused',
      message:
        `This is a secret key (sk_, ${match.mode} mode): it has full read and write access to your Stripe account, and this data source only reads. ` +
        `${CREATE_RESTRICTED_KEY} To use the secret key anyway, turn on "Allow a full-access secret key" under Advanced settings.`,
    };
  }
  return {
    status: 'accepted',
    mode: match.mode,
    warning: true,
    message: `Secret key with full access, ${MODE_TEXT[match.mode]}. Allowed by the advanced setting; a restricted key is safer.`,
  };
}
