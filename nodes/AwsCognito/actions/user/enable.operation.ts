import { userCommandOperation } from './userCommand';

export const { description, execute } = userCommandOperation('enable', 'AdminEnableUser', { enabled: true });
