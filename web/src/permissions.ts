import { roleAllows } from '../../src/accounts/model.ts';
import type { ConsoleAction, MemberRole } from './types.ts';

/**
 * What the signed-in member may do: the server's own role matrix (src/accounts/model.ts, pure code),
 * so a screen is shown exactly when its API would answer. The server still checks every call.
 */
export const can = (role: MemberRole, action: ConsoleAction): boolean => roleAllows(role, action);

export const roleName: Record<MemberRole, string> = { ADMIN: 'Admin', ADVERTISER: 'Advertiser', ANALYST: 'Analyst' };
