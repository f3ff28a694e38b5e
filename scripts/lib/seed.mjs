// Seeds a small, realistic organisation into a fresh Cognito user pool (moto or real AWS), with the
// SDK directly, and returns the ground truth the tests compare against. Deterministic: same input,
// same pool content (Cognito assigns the pool id and the subs).
import {
	AdminAddUserToGroupCommand,
	AdminCreateUserCommand,
	AdminDisableUserCommand,
	AdminSetUserMFAPreferenceCommand,
	CognitoIdentityProviderClient,
	CreateGroupCommand,
	CreateUserPoolCommand,
	ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';

export const SEED_REGION = 'us-east-1';
/** moto accepts any key; these are what the demo credential and the tests use. */
export const SEED_KEYS = { accessKeyId: 'demo-access-key', secretAccessKey: 'demo-secret-key' };
export const EMAIL_DOMAIN = 'northwind.example.com';

export const GROUPS = [
	{ name: 'admins', precedence: 0, description: 'Administrators of the Northwind customer portal' },
	{ name: 'engineering', precedence: 10, description: 'Product engineers: staging and deploy tools' },
	{ name: 'finance', precedence: 10, description: 'Finance team: invoices, refunds and payouts' },
	{ name: 'sales', precedence: 20, description: 'Sales team: CRM and price lists' },
	{ name: 'support', precedence: 20, description: 'Customer support: tickets and customer lookup' },
	{ name: 'contractors', precedence: 50, description: 'External contractors: time-limited access' },
];

// Department → group of the same name, where there is one. Marketing, People and Operations have
// no portal group of their own.
const DEPARTMENTS = {
	Engineering: [
		'Amelia Hughes',
		'Noah Patel',
		'Olivia Chen',
		'Liam Novak',
		'Sofia Rossi',
		'Ethan Brooks',
		'Maya Okafor',
		'Lucas Schmidt',
		'Chloe Dubois',
		'Arjun Mehta',
		'Hannah Kim',
		'Daniel Weber',
		'Isabel Ortega',
		'Kenji Tanaka',
	],
	Finance: ['Grace Whitfield', 'Oliver Grant', 'Priya Raman', 'Thomas Berg', 'Emma Lindqvist', 'Samuel Adeyemi'],
	Sales: [
		'James Carter',
		'Lucia Fernandez',
		'Ben Harris',
		'Zoe Martin',
		'Ryan Walsh',
		'Aisha Khan',
		'Marco Bianchi',
		'Nora Jensen',
		'Leo Fischer',
		'Ava Thompson',
	],
	Support: [
		'Mia Rodriguez',
		'Jack Wilson',
		'Fatima Haddad',
		'Oscar Lindgren',
		'Ella Murphy',
		'Victor Petrov',
		'Lily Evans',
		'Adam Kowalski',
	],
	Operations: ['Sarah Mitchell', 'David Cohen', 'Rachel Foster', 'Hugo Laurent'],
	People: ['Julia Becker', 'Tom Nguyen', 'Clara Svensson'],
	Marketing: ['Ines Moreau', 'Felix Wagner', 'Rosa Alvarez', 'Henry Clarke', 'Yuki Sato'],
};
const EXTRA_GROUPS = {
	admins: ['amelia.hughes', 'sarah.mitchell', 'david.cohen'],
	contractors: ['lucas.schmidt', 'kenji.tanaka', 'victor.petrov', 'yuki.sato'],
};
/** Left the company; Ryan is still in "sales", the kind of leftover an access review should catch. */
const DISABLED = ['ryan.walsh', 'hugo.laurent'];

/** The organisation as plain data, before any call: users (with groups) and groups (with members). */
export function organisation() {
	const groupNames = new Set(GROUPS.map((g) => g.name));
	const users = [];
	for (const [department, people] of Object.entries(DEPARTMENTS)) {
		for (const fullName of people) {
			const [given_name, family_name] = fullName.split(' ');
			const username = `${given_name}.${family_name}`.toLowerCase();
			const groups = [];
			if (groupNames.has(department.toLowerCase())) groups.push(department.toLowerCase());
			for (const [group, members] of Object.entries(EXTRA_GROUPS)) if (members.includes(username)) groups.push(group);
			users.push({
				username,
				email: `${username}@${EMAIL_DOMAIN}`,
				given_name,
				family_name,
				department,
				enabled: !DISABLED.includes(username),
				groups: groups.sort(),
			});
		}
	}
	const groups = GROUPS.map((g) => ({
		...g,
		members: users
			.filter((u) => u.groups.includes(g.name))
			.map((u) => u.username)
			.sort(),
	}));
	const memberships = groups.reduce((n, g) => n + g.members.length, 0);
	return { users, groups, memberships, disabled: [...DISABLED] };
}

/** An SDK client for the given endpoint (moto on 127.0.0.1 in the demo and tests). */
export function cognitoClient(endpoint, { region = SEED_REGION, credentials = SEED_KEYS } = {}) {
	return new CognitoIdentityProviderClient({ region, endpoint, credentials, maxAttempts: 3 });
}

async function inBatches(items, size, fn) {
	for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

/**
 * Create a pool with a `custom:department` attribute and seed the organisation into it.
 * Resolves {userPoolId, truth} where truth is organisation() plus each user's `sub`.
 */
export async function seedOrganisation(client, { poolName = 'northwind-portal' } = {}) {
	const truth = organisation();
	const pool = await client.send(
		new CreateUserPoolCommand({
			PoolName: poolName,
			Schema: [{ Name: 'department', AttributeDataType: 'String', Mutable: true }],
		}),
	);
	const userPoolId = pool.UserPool.Id;
	const UserPoolId = userPoolId;

	await inBatches(GROUPS, 6, (g) =>
		client.send(
			new CreateGroupCommand({ UserPoolId, GroupName: g.name, Description: g.description, Precedence: g.precedence }),
		),
	);
	// In order, so that creation dates follow the list; 50 calls take well under a second on moto.
	for (const u of truth.users) {
		await client.send(
			new AdminCreateUserCommand({
				UserPoolId,
				Username: u.username,
				MessageAction: 'SUPPRESS',
				UserAttributes: [
					{ Name: 'email', Value: u.email },
					{ Name: 'email_verified', Value: 'true' },
					{ Name: 'given_name', Value: u.given_name },
					{ Name: 'family_name', Value: u.family_name },
					{ Name: 'custom:department', Value: u.department },
				],
			}),
		);
	}
	const memberships = truth.groups.flatMap((g) => g.members.map((username) => ({ group: g.name, username })));
	await inBatches(memberships, 8, (m) =>
		client.send(new AdminAddUserToGroupCommand({ UserPoolId, GroupName: m.group, Username: m.username })),
	);
	await inBatches(truth.disabled, 8, (username) =>
		client.send(new AdminDisableUserCommand({ UserPoolId, Username: username })),
	);

	// Cognito assigns each user's sub: read them back (one page of 60 holds all 50).
	const listed = await client.send(new ListUsersCommand({ UserPoolId, Limit: 60 }));
	const subs = new Map(listed.Users.map((u) => [u.Username, u.Attributes.find((a) => a.Name === 'sub')?.Value]));
	for (const u of truth.users) u.sub = subs.get(u.username);
	return { userPoolId, truth };
}

/** The compromised account of the incident-response example (demo and end-to-end run). */
export const INCIDENT = { username: 'liam.novak', reason: 'password found in a public paste' };

/**
 * Gives the incident's user what an attacker may have left: SMS MFA enabled and preferred (on moto,
 * through the SDK) and `devices` remembered devices (in the device layer, which moto lacks).
 * Resolves the device keys.
 */
export async function seedIncident(client, layer, userPoolId, { username = INCIDENT.username, devices = 3 } = {}) {
	await client.send(
		new AdminSetUserMFAPreferenceCommand({
			UserPoolId: userPoolId,
			Username: username,
			SMSMfaSettings: { Enabled: true, PreferredMfa: true },
		}),
	);
	const keys = Array.from(
		{ length: devices },
		(_, i) => `${SEED_REGION}_${username}-device-${String(i + 1).padStart(3, '0')}`,
	);
	keys.forEach((key, i) =>
		layer.addDevice(userPoolId, username, { key, name: i === 0 ? 'Work laptop' : `Device ${i + 1}` }),
	);
	return keys;
}
