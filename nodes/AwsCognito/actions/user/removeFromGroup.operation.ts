import { groupMembershipOperation } from './groupMembership';

export const { description, execute } = groupMembershipOperation('removeFromGroup');
