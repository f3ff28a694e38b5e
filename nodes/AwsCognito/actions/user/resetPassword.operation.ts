import { userCommandOperation } from './userCommand';

export const { description, execute } = userCommandOperation('resetPassword', 'AdminResetUserPassword', {
	passwordReset: true,
});
