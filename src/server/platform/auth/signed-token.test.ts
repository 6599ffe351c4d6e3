import { describe, expect, it } from 'vitest';
import { dataKeyring } from '../encryption/keys';
import { tokenSigner } from './signed-token';

// Short-lived signed tokens on a synthetic flow: a 值班 screen shows a sign-in code for a duty roster's shift; the
// person on duty scans it. The token passes for that purpose and subject until it expires, and no change to it passes.

const SECRET_A = Buffer.from('a'.repeat(64));
const SECRET_B = Buffer.from('b'.repeat(64));
const at = (iso: string) => new Date(iso);
const SHIFT = 'duty-shift-20261123-night';

describe('signed tokens (kernel)', () => {
  const signer = tokenSigner(dataKeyring(SECRET_A));
  const token = signer.sign('duty.signIn', SHIFT, at('2026-11-23T10:02:00Z'));

  it('a token passes for its purpose and subject until it expires', () => {
    expect(signer.verify('duty.signIn', token, at('2026-11-23T10:00:00Z'))).toEqual({
      ok: true,
      subject: SHIFT,
      expiresAt: at('2026-11-23T10:02:00Z'),
    });
    expect(signer.verify('duty.signIn', token, at('2026-11-23T10:01:59Z')).ok).toBe(true);
  });

  it('an expired token is refused', () => {
    expect(signer.verify('duty.signIn', token, at('2026-11-23T10:02:00Z'))).toEqual({ ok: false, reason: 'expired' });
  });

  it('a tampered token is refused: another subject, a later expiry, a changed MAC', () => {
    const [, exp, mac] = token.split('.');
    const now = at('2026-11-23T10:00:00Z');
    expect(signer.verify('duty.signIn', `duty-shift-20261124-night.${exp}.${mac}`, now)).toEqual({ ok: false, reason: 'forged' });
    expect(signer.verify('duty.signIn', `${SHIFT}.${Number(exp) + 3600}.${mac}`, now)).toEqual({ ok: false, reason: 'forged' });
    const flipped = `${mac!.slice(0, -2)}${mac!.endsWith('AA') ? 'AB' : 'AA'}`;
    expect(signer.verify('duty.signIn', `${SHIFT}.${exp}.${flipped}`, now)).toEqual({ ok: false, reason: 'forged' });
    for (const junk of ['', 'abc', `${SHIFT}.${exp}`, `${SHIFT}.soon.${mac}`, `${SHIFT}.${exp}.${mac}.x`])
      expect(signer.verify('duty.signIn', junk, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('a token made for one purpose does not pass for another', () => {
    expect(signer.verify('reception.visit', token, at('2026-11-23T10:00:00Z'))).toEqual({ ok: false, reason: 'forged' });
  });

  it('another deployment’s key does not verify it; after a rotation the old key still does', () => {
    const now = at('2026-11-23T10:00:00Z');
    expect(tokenSigner(dataKeyring(SECRET_B)).verify('duty.signIn', token, now)).toEqual({ ok: false, reason: 'forged' });
    const rotated = tokenSigner(dataKeyring(SECRET_B, [SECRET_A]));
    expect(rotated.verify('duty.signIn', token, now).ok).toBe(true);
    // And signs under the new key alone.
    const fresh = rotated.sign('duty.signIn', SHIFT, at('2026-11-23T10:02:00Z'));
    expect(signer.verify('duty.signIn', fresh, now)).toEqual({ ok: false, reason: 'forged' });
  });
});
