import type { AuthUser } from '@spool/auth';
import type { Caller } from '@spool/contracts';

export type UserCaller = Caller & { ownerId: string };

/** A user sees and touches only their own jobs. */
export const userCaller = (user: AuthUser): UserCaller => ({ ownerId: user.sub });
