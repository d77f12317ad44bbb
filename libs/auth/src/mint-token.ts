/**
 * Prints a signed HS256 user token, for local use and scripts:
 *   npm run token -- --sub alice [--ttl 24h]
 * Signs with JWT_SECRET (the development default when unset), and sets
 * `iss`/`aud` from JWT_ISSUER/JWT_AUDIENCE when they are set.
 */
import { parseArgs } from 'node:util';
import { DEV_JWT_SECRET } from './auth.options.js';
import { signUserToken } from './sign-token.js';

const USAGE = 'usage: npm run token -- --sub <user id> [--ttl 24h] [--issuer iss] [--audience aud]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sub: { type: 'string' },
      ttl: { type: 'string', default: '24h' },
      issuer: { type: 'string' },
      audience: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.sub) {
    console.error(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const token = await signUserToken({
    sub: values.sub,
    ttl: values.ttl,
    issuer: values.issuer ?? (process.env.JWT_ISSUER || undefined),
    audience: values.audience ?? (process.env.JWT_AUDIENCE || undefined),
    secret: process.env.JWT_SECRET || DEV_JWT_SECRET,
  });
  process.stdout.write(`${token}\n`);
}

main().catch((err: unknown) => {
  console.error(`mint-token: ${err instanceof Error ? err.message : String(err)}`);
  console.error(USAGE);
  process.exitCode = 1;
});
