import { userCommandOperation } from './userCommand';

export const { description, execute } = userCommandOperation('signOut', 'AdminUserGlobalSignOut', { signedOut: true });
