import { SignJWT } from 'jose';

export interface SignTokenOptions {
  sub: string;
  secret: string;
  /** A jose duration: `24h`, `30m`, `7 days`... */
  ttl?: string;
  issuer?: string;
  audience?: string;
}

/** An HS256 user token, as the gateway accepts it when configured with a shared secret. */
export async function signUserToken({ sub, secret, ttl = '24h', issuer, audience }: SignTokenOptions): Promise<string> {
  let jwt = new SignJWT({}).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(sub).setIssuedAt().setExpirationTime(ttl);
  if (issuer) jwt = jwt.setIssuer(issuer);
  if (audience) jwt = jwt.setAudience(audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
