import { userCommandOperation } from './userCommand';

export const { description, execute } = userCommandOperation('disable', 'AdminDisableUser', { enabled: false });
