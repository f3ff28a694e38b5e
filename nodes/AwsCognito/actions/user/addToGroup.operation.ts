import { groupMembershipOperation } from './groupMembership';

export const { description, execute } = groupMembershipOperation('addToGroup');
