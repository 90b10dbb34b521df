/** HTTP Basic auth with supervisord's password forms: plain text or `{SHA}<hex sha1>` (config.md §7). */
import * as crypto from 'node:crypto';

function sha1(text: string): Buffer {
  return crypto.createHash('sha1').update(text, 'utf8').digest();
}

/** Compare digests of both sides so the comparison takes the same time whatever the inputs. */
function sameText(a: string, b: string): boolean {
  return crypto.timingSafeEqual(sha1(a), sha1(b));
}

function passwordMatches(given: string, stored: string): boolean {
  if (stored.startsWith('{SHA}')) return sameText(crypto.createHash('sha1').update(given, 'utf8').digest('hex'), stored.slice(5));
  return sameText(given, stored);
}

export type AuthVerdict = 'ok' | 'denied' | 'malformed';

export function checkBasicAuth(header: string | undefined, username: string, password: string): AuthVerdict {
  if (!header) return 'denied';
  const match = /^\s*(\S+)\s+(.*)$/.exec(header);
  if (!match || match[1].toLowerCase() !== 'basic') return 'denied';
  const encoded = match[2].trim();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) return 'malformed';
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'denied';
  const userOk = sameText(decoded.slice(0, colon), username);
  const passOk = passwordMatches(decoded.slice(colon + 1), password);
  return userOk && passOk ? 'ok' : 'denied';
}
