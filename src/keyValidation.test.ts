import { checkKey } from './keyValidation';

// Realistic lengths; none of these are real keys.
const RK_LIVE = 'rk_live_51H8abcDEF0123456789ghijklmnop';
const RK_TEST = 'rk_test_51H8abcDEF0123456789ghijklmnop';
const SK_LIVE = 'sk_live_51H8abcDEF0123456789ghijklmnop';
const SK_TEST = 'sk_test_51H8abcDEF0123456789ghijklmnop';

describe('checkKey', () => {
  it('says nothing while the input is empty or blank', () => {
    expect(checkKey('', false)).toEqual({ status: 'empty' });
    expect(checkKey('   ', true)).toEqual({ status: 'empty' });
  });

  it('accepts restricted keys and names their mode', () => {
    const live = checkKey(RK_LIVE, false);
    expect(live).toMatchObject({ status: 'accepted', mode: 'live' });
    expect(live.status === 'accepted' && live.message).toMatch(/live mode/);

    const test = checkKey(RK_TEST, false);
    expect(test).toMatchObject({ status: 'accepted', mode: 'test' });
    expect(test.status === 'accepted' && test.message).toMatch(/test mode/);
  });

  it('ignores whitespace around a pasted key, as the backend does', () => {
    expect(checkKey(`  ${RK_TEST}\n`, false)).toMatchObject({ status: 'accepted', mode: 'test' });
  });

  it.each([SK_LIVE, SK_TEST])('refuses secret key %s and tells how to make a restricted one', (key) => {
    const result = checkKey(key, false);
    expect(result.status).toBe('refused');
    const message = result.status === 'refused' ? result.message : '';
    expect(message).toMatch(/secret key/);
    expect(message).toMatch(/full read and write access/);
    expect(message).toMatch(/restricted key/);
  });

  it('accepts a secret key with a warning once the admin allows it', () => {
    expect(checkKey(SK_LIVE, true)).toMatchObject({ status: 'accepted', mode: 'live', warning: true });
    expect(checkKey(SK_TEST, true)).toMatchObject({ status: 'accepted', mode: 'test', warning: true });
  });

  it.each(['pk_live_51H8abcDEF0123456789', 'pk_test_51H8abcDEF0123456789'])(
    'refuses publishable key %s even when secret keys are allowed',
    (key) => {
      const result = checkKey(key, true);
      expect(result.status).toBe('refused');
      expect(result.status === 'refused' && result.message).toMatch(/publishable key.*cannot read/);
    }
  );

  it('refuses a webhook signing secret', () => {
    const result = checkKey('whsec_abcdef0123456789', true);
    expect(result.status === 'refused' && result.message).toMatch(/webhook signing secret/);
  });

  it.each(['hello', 'rk_prod_abc123', 'sk_abc123', 'Bearer'])('refuses %s and names the accepted prefixes', (key) => {
    const result = checkKey(key, false);
    expect(result.status).toBe('refused');
    const message = result.status === 'refused' ? result.message : '';
    for (const prefix of ['rk_live_', 'rk_test_', 'sk_live_', 'sk_test_']) {
      expect(message).toContain(prefix);
    }
  });

  it('refuses a key with characters Stripe keys never contain', () => {
    const result = checkKey('rk_live_abc def', false);
    expect(result.status === 'refused' && result.message).toMatch(/characters a Stripe key never has/);
  });

  it('refuses a bare prefix', () => {
    expect(checkKey('rk_live_', false).status).toBe('refused');
  });
});
