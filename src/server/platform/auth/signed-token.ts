import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DataKeyring } from '../encryption/keys';

/**
 * Short-lived signed tokens: a QR code on a screen that proves its bearer stood in front of it (会议签到, 值班签到,
 * reception). A token names a subject (a meeting's id) for one purpose and expires; it is HMAC-SHA256 over the
 * purpose, the subject and the expiry, so a token made for one purpose or subject never passes for another and a
 * changed expiry is a forgery. Nothing is stored: the key comes from the deployment's data key (kept outside the
 * database, shared by its instances), and the old keys still verify for the minutes after a rotation.
 */
export interface TokenSigner {
  sign(purpose: string, subject: string, expiresAt: Date): string;
  verify(purpose: string, token: string, now: Date): TokenCheck;
}

type TokenCheck = { ok: true; subject: string; expiresAt: Date } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

// One key per use: a MAC made for the file store can never pass for a token, nor the reverse.
const tokenKey = (mac: Buffer) => createHmac('sha256', mac).update('zhongshu signed-token v1').digest();

const SUBJECT = /^[\w.:-]{1,200}$/;
const PURPOSE = /^[\w.:-]{1,100}$/;

const macOf = (key: Buffer, purpose: string, subject: string, exp: number) =>
  createHmac('sha256', key).update(`${purpose}\n${subject}\n${exp}`).digest();

export function tokenSigner(keys: DataKeyring): TokenSigner {
  const current = tokenKey(keys.current.mac);
  const all = keys.ids().map((id) => tokenKey(keys.find(id)!.mac));
  return {
    sign(purpose, subject, expiresAt) {
      if (!PURPOSE.test(purpose) || !SUBJECT.test(subject)) throw new Error('signed token: purpose or subject not allowed');
      const exp = Math.floor(expiresAt.getTime() / 1000);
      return `${subject}.${exp}.${macOf(current, purpose, subject, exp).toString('base64url')}`;
    },
    verify(purpose, token, now) {
      const parts = token.split('.');
      const [subject, expText, macText] = parts;
      if (parts.length !== 3 || !SUBJECT.test(subject!) || !/^\d{1,12}$/.test(expText!) || !/^[\w-]{43}$/.test(macText!))
        return { ok: false, reason: 'malformed' };
      const exp = Number(expText);
      const given = Buffer.from(macText!, 'base64url');
      if (!all.some((key) => timingSafeEqual(macOf(key, purpose, subject!, exp), given))) return { ok: false, reason: 'forged' };
      if (exp * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
      return { ok: true, subject: subject!, expiresAt: new Date(exp * 1000) };
    },
  };
}
