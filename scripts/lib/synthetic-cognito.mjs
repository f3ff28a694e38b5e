// A synthetic Cognito user pool endpoint for benchmarks at up to millions of users: an HTTP server
// on 127.0.0.1 speaking Cognito's JSON protocol (`X-Amz-Target: AWSCognitoIdentityProviderService.<Op>`)
// for the read operations a full sync uses, answering as AWS does (page limits, signed pagination
// tokens that expire, AWS's error names), with the same quota buckets and optional latency as the
// quota proxy. The pool is generated from a small spec ({ users, groups, membershipsPerUser, seed }):
// every user attribute is computed from its index when asked for, so a user costs nothing until
// listed; only the memberships are held, in typed arrays (about 16 MB per million users in 2 groups).
// Checked against moto by test/integration/syntheticCognito.test.ts; started from the command line
// by scripts/synthetic-cognito.mjs.
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';

import { answerThrottled, createQuotaBuckets, networkLatency, operationOf } from './quota-proxy.mjs';
import { hashStream, hashStreamInverse, seededRandom, shuffle } from './random.mjs';

/** AWS's page size cap for every list this endpoint serves. */
export const PAGE_LIMIT = 60;
/** AWS: pagination tokens last about an hour. */
export const DEFAULT_TOKEN_TTL_MS = 3_600_000;
/** Users a filtered ListUsers examines per call before it answers a short page (AWS does too). */
export const DEFAULT_SCAN_BUDGET = 100_000;

const MAX_USERS = 10_000_000;
/** AWS quotas: 10,000 groups per pool, 100 groups per user. */
const MAX_GROUPS = 10_000;
const MAX_GROUPS_PER_USER = 100;
const ACCOUNT_ID = '123456789012';
const MAX_BODY_BYTES = 1 << 20;
/** Generated dates lie in the five years before this instant, so a seed always gives the same pool. */
const DATES_END_S = Date.UTC(2026, 0, 1) / 1000;
const DATES_SPAN_S = 5 * 365 * 86_400;
/** Zipf exponent of group sizes: a few big groups of many pages, a long tail of small ones. */
const GROUP_SIZE_ZIPF = 0.8;

const words = (text) => text.trim().split(/\s+/);
const GIVEN_NAMES = words(`
	Amara Ben Chloe Dmitri Elena Farid Grace Hiro Ines Jonas Keiko Liam Maya Nikhil Olga Pablo Quinn
	Rosa Samir Tara Umar Vera Wei Ximena Yusuf Zoe Aisha Bruno Carmen Diego Emma Felix Gita Hugo Ivy
	Jamal Kofi Lena Mateo Nora Oscar Priya Rafael Sofia Tomas Uma Viktor Wanda
`);
const FAMILY_NAMES = words(`
	Adeyemi Becker Costa Dubois Eriksson Fischer Garcia Hansen Ivanova Jensen Kowalski Larsen Moreau
	Nakamura Okafor Petrov Quispe Rossi Schmidt Tanaka Usman Varga Wagner Xu Yilmaz Zhang Almeida
	Brennan Chen Dlamini Evans Fontaine Gupta Horvat Iyer Jovanovic Kim Lopez Muller Novak Ortiz Patel
`);
const EMAIL_DOMAINS = ['northwind.example', 'contoso.example', 'fabrikam.example', 'example.com', 'mail.example'];
const DEPARTMENTS = words(`
	engineering sales marketing finance support operations legal people product design security
	research
`);
const TEAMS = words(`
	admins leads emea americas apac contractors interns oncall readonly
`);

/** Salts of the hash streams, one per generated field, so that the fields are independent. */
const SALT = Object.fromEntries(
	words(`
		pool sub0 sub1 sub2 sub3 given family domain department status enabled verified phone phoneNumber
		created modified memberships groupOrder groupDetails
	`).map((name, i) => [name, i]),
);
const FRACTION = 2 ** 32;

/** An error answered the way Cognito answers it: HTTP 400 with `__type` naming the exception. */
class CognitoError extends Error {
	constructor(name, message) {
		super(message);
		this.name = name;
	}
}

const validationError = (member, value, constraint) =>
	new CognitoError(
		'InvalidParameterException',
		`1 validation error detected: Value ${value === undefined || value === null ? 'null' : `'${value}'`} at '${member}' failed to satisfy constraint: ${constraint}`,
	);

// ── the spec ──────────────────────────────────────────────────────────────────────────────────────

function wholeNumber(spec, field, min, max) {
	const value = spec[field];
	if (!Number.isInteger(value) || value < min || value > max) {
		throw new Error(`spec.${field} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
	}
	return value;
}

/** Checks a pool spec and fills in its defaults; every bad field is named with its valid range. */
function poolSpec(spec = {}) {
	const known = ['users', 'groups', 'membershipsPerUser', 'seed', 'poolName', 'region'];
	const unknown = Object.keys(spec).filter((key) => !known.includes(key));
	if (unknown.length) throw new Error(`unknown spec field ${unknown.join(', ')}: use ${known.join(', ')}`);
	const filled = { users: 1000, groups: 20, membershipsPerUser: 2, seed: 1, region: 'us-east-1', ...spec };
	const users = wholeNumber(filled, 'users', 0, MAX_USERS);
	const groups = wholeNumber(filled, 'groups', 0, MAX_GROUPS);
	const seed = wholeNumber(filled, 'seed', 0, 0xffffffff);
	const membershipsPerUser = filled.membershipsPerUser;
	const perUserCap = Math.min(groups, MAX_GROUPS_PER_USER);
	if (typeof membershipsPerUser !== 'number' || !(membershipsPerUser >= 0) || membershipsPerUser > perUserCap / 2) {
		throw new Error(
			`spec.membershipsPerUser must be a number from 0 to ${perUserCap / 2} (half of min(groups, ${MAX_GROUPS_PER_USER}), since each user draws up to twice the mean), got ${JSON.stringify(membershipsPerUser)}`,
		);
	}
	if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(String(filled.region))) {
		throw new Error(`spec.region must be an AWS region such as us-east-1, got ${JSON.stringify(filled.region)}`);
	}
	const poolName = filled.poolName ?? `synthetic-${users}-users`;
	if (typeof poolName !== 'string' || !/^[\w\s+=,.@-]{1,128}$/.test(poolName)) {
		throw new Error(
			`spec.poolName must be 1 to 128 letters, digits, spaces or + = , . @ - _, got ${JSON.stringify(poolName)}`,
		);
	}
	return { users, groups, membershipsPerUser, seed, poolName, region: filled.region };
}

// ── the generated pool ───────────────────────────────────────────────────────────────────────────

const hex = (value, digits) =>
	(value >>> 0)
		.toString(16)
		.padStart(8, '0')
		.slice(8 - digits);
const pick = (list, hash) => list[hash % list.length];
const seconds = (value) => Math.round(value * 1000) / 1000;

/** Group names: departments, then department-team, then numbered; sorted so that index order is name order. */
function groupNames(count) {
	const names = [];
	for (let g = 0; g < count; g++) {
		const department = DEPARTMENTS[g % DEPARTMENTS.length];
		const round = Math.floor(g / DEPARTMENTS.length);
		if (round === 0) names.push(department);
		else {
			const team = TEAMS[(round - 1) % TEAMS.length];
			const series = Math.floor((round - 1) / TEAMS.length);
			names.push(series === 0 ? `${department}-${team}` : `${department}-${team}-${series + 1}`);
		}
	}
	return names.sort();
}

/**
 * Memberships in compact arrays: user i's groups are userGroups[userGroupStart[i] .. userGroupStart[i+1])
 * (ascending group index) and group g's members are groupMembers[groupMemberStart[g] .. [g+1])
 * (ascending user index, the pool's listing order). Each user draws about `membershipsPerUser`
 * distinct groups, weighted by a Zipf law over a shuffled group order; a few groups stay empty.
 */
function buildMemberships({ users, groups, membershipsPerUser, seed }) {
	const empty = groups >= 5 ? Math.max(1, Math.round(groups * 0.03)) : 0;
	const filled = groups - empty;
	const byRank = shuffle(
		Array.from({ length: groups }, (_, g) => g),
		seededRandom(hashStream(seed, SALT.groupOrder)(0)),
	);
	const cumulative = new Float64Array(filled);
	let total = 0;
	for (let rank = 0; rank < filled; rank++) cumulative[rank] = total += 1 / (rank + 1) ** GROUP_SIZE_ZIPF;
	const drawGroup = (u) => {
		const target = u * total;
		let lo = 0;
		let hi = filled - 1;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (cumulative[mid] > target) hi = mid;
			else lo = mid + 1;
		}
		return byRank[lo];
	};

	const userGroupStart = new Uint32Array(users + 1);
	let userGroups = new Uint16Array(Math.max(16, Math.ceil(users * membershipsPerUser * 1.1)));
	let used = 0;
	const memberSeed = hashStream(seed, SALT.memberships);
	const chosen = [];
	for (let i = 0; i < users; i++) {
		userGroupStart[i] = used;
		if (filled === 0) continue;
		const rand = seededRandom(memberSeed(i));
		// floor(x + U) with U uniform has mean x: the count's mean is membershipsPerUser exactly.
		const wanted = Math.min(filled, Math.floor(2 * membershipsPerUser * rand() + rand()));
		chosen.length = 0;
		// Rejection sampling of distinct groups, bounded: a user in the heavy head may end with fewer.
		for (let attempt = 0; chosen.length < wanted && attempt < 8 * wanted + 8; attempt++) {
			const g = drawGroup(rand());
			if (!chosen.includes(g)) chosen.push(g);
		}
		chosen.sort((a, b) => a - b);
		if (used + chosen.length > userGroups.length) {
			const grown = new Uint16Array(userGroups.length * 2);
			grown.set(userGroups);
			userGroups = grown;
		}
		for (const g of chosen) userGroups[used++] = g;
	}
	userGroupStart[users] = used;
	userGroups = userGroups.slice(0, used);

	const groupMemberStart = new Uint32Array(groups + 1);
	for (const g of userGroups) groupMemberStart[g + 1]++;
	for (let g = 0; g < groups; g++) groupMemberStart[g + 1] += groupMemberStart[g];
	const fill = groupMemberStart.slice(0, groups);
	const groupMembers = new Uint32Array(used);
	for (let i = 0; i < users; i++) {
		for (let k = userGroupStart[i]; k < userGroupStart[i + 1]; k++) groupMembers[fill[userGroups[k]]++] = i;
	}
	return { userGroupStart, userGroups, groupMemberStart, groupMembers };
}

/** The pool: its users computed from their index, its groups and memberships held compactly. */
function generatePool(spec) {
	const { users, groups, seed, region, poolName } = spec;
	/** One hash stream per generated field: `hash.given(i)` and so on. */
	const hash = Object.fromEntries(Object.entries(SALT).map(([field, salt]) => [field, hashStream(seed, salt)]));
	const poolId = `${region}_Syn${hex(hash.pool(0), 8)}`;
	const subIndex = hashStreamInverse(seed, SALT.sub0);

	/** sub: a version-4 UUID whose first 32 bits are a bijection of the index, so `sub = "…"` is a lookup. */
	const sub = (i) => {
		const [a, b, c, d] = [hash.sub0(i), hash.sub1(i), hash.sub2(i), hash.sub3(i)];
		const variant = (8 + (c >>> 30)).toString(16);
		return `${hex(a, 8)}-${hex(b >>> 16, 4)}-4${hex(b, 3)}-${variant}${hex(c >>> 16, 3)}-${hex(c, 4)}${hex(d, 8)}`;
	};
	const given = (i) => pick(GIVEN_NAMES, hash.given(i));
	const family = (i) => pick(FAMILY_NAMES, hash.family(i));
	const username = (i) => `${given(i).toLowerCase()}.${family(i).toLowerCase()}.${i + 1}`;
	const email = (i) =>
		`${given(i).toLowerCase()}.${family(i).toLowerCase()}${i + 1}@${pick(EMAIL_DOMAINS, hash.domain(i))}`;
	const userStatus = (i) => {
		const u = hash.status(i) / FRACTION;
		if (u < 0.86) return 'CONFIRMED';
		if (u < 0.93) return 'FORCE_CHANGE_PASSWORD';
		if (u < 0.97) return 'UNCONFIRMED';
		return 'RESET_REQUIRED';
	};
	const enabled = (i) => hash.enabled(i) / FRACTION < 0.97;
	// A password reset needs a verified address; unconfirmed users have not verified theirs.
	const emailVerified = (i) => {
		const status = userStatus(i);
		if (status === 'RESET_REQUIRED') return true;
		if (status === 'UNCONFIRMED') return false;
		return hash.verified(i) / FRACTION < (status === 'CONFIRMED' ? 0.95 : 0.5);
	};
	const phone = (i) =>
		hash.phone(i) / FRACTION < 0.4 ? `+1555${String(hash.phoneNumber(i) % 10_000_000).padStart(7, '0')}` : undefined;
	const created = (i) =>
		DATES_END_S - DATES_SPAN_S + ((i + hash.created(i) / FRACTION) / Math.max(users, 1)) * DATES_SPAN_S;
	const modified = (i) => {
		const at = created(i);
		return at + (hash.modified(i) / FRACTION) * (DATES_END_S - at);
	};

	/** The searchable attributes (AWS's list), each computed alone so that a filtered scan stays cheap. */
	const searchable = {
		username,
		email,
		phone_number: phone,
		name: (i) => `${given(i)} ${family(i)}`,
		given_name: given,
		family_name: family,
		preferred_username: () => undefined,
		'cognito:user_status': userStatus,
		status: (i) => (enabled(i) ? 'Enabled' : 'Disabled'),
		sub,
	};
	/** The user whose `attribute` is exactly `value`, for attributes that embed the index; -1 if none. */
	const lookups = {
		username: (value) => Number(/\.(\d+)$/.exec(value)?.[1]) - 1,
		email: (value) => Number(/(\d+)@[^@]+$/.exec(value)?.[1]) - 1,
		sub: (value) => (/^[0-9a-f]{8}-/.test(value) ? subIndex(parseInt(value.slice(0, 8), 16)) : -1),
	};
	const lookup = (attribute, value) => {
		const i = lookups[attribute](value);
		return Number.isInteger(i) && i >= 0 && i < users && searchable[attribute](i) === value ? i : -1;
	};

	const user = (i) => {
		const attributes = [
			['sub', sub(i)],
			['email_verified', String(emailVerified(i))],
			['phone_number', phone(i)],
			['given_name', given(i)],
			['family_name', family(i)],
			['name', searchable.name(i)],
			['custom:department', pick(DEPARTMENTS, hash.department(i))],
			['email', email(i)],
		];
		return {
			Username: username(i),
			Attributes: attributes.filter(([, value]) => value !== undefined).map(([Name, Value]) => ({ Name, Value })),
			UserCreateDate: seconds(created(i)),
			UserLastModifiedDate: seconds(modified(i)),
			Enabled: enabled(i),
			UserStatus: userStatus(i),
		};
	};

	const names = groupNames(groups);
	const groupIndex = new Map(names.map((name, g) => [name, g]));
	const group = (g) => {
		const h = hash.groupDetails(g);
		const createdAt = DATES_END_S - DATES_SPAN_S + (h / FRACTION) * DATES_SPAN_S * 0.5;
		return {
			GroupName: names[g],
			UserPoolId: poolId,
			Description: `${names[g].replace(/-/g, ' ')} (synthetic)`,
			...(g % 8 === 0 && { RoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/cognito-${names[g]}` }),
			...(g % 4 === 0 && { Precedence: g }),
			LastModifiedDate: seconds(Math.min(DATES_END_S, createdAt + (h % 1000) * 86_400)),
			CreationDate: seconds(createdAt),
		};
	};

	const poolCreated = DATES_END_S - DATES_SPAN_S - 86_400;
	return {
		id: poolId,
		name: poolName,
		arn: `arn:aws:cognito-idp:${region}:${ACCOUNT_ID}:userpool/${poolId}`,
		created: poolCreated,
		users,
		groups,
		user,
		group,
		groupIndex,
		searchable,
		lookup,
		userIndex: (name) => lookup('username', name),
		...buildMemberships(spec),
	};
}

// ── requests ──────────────────────────────────────────────────────────────────────────────────────

/** AWS's searchable attributes; only cognito:user_status is matched regardless of case. */
const SEARCHABLE_IGNORING_CASE = {
	username: false,
	email: false,
	phone_number: false,
	name: false,
	given_name: false,
	family_name: false,
	preferred_username: false,
	'cognito:user_status': true,
	status: false,
	sub: false,
};
/** Searchable attributes whose values embed the user's index: `=` on them is a lookup, not a scan. */
const INDEXED_ATTRIBUTES = new Set(['username', 'email', 'sub']);

/** Parses a ListUsers filter as AWS reads it: `attribute = "value"` or `attribute ^= "value"`, with \" escapes. */
function parseFilter(filter) {
	if (filter === undefined || filter === null) return undefined;
	if (typeof filter !== 'string') throw new CognitoError('SerializationException', 'Filter must be a string');
	if (filter.length > 256) throw validationError('filter', filter, 'Member must have length less than or equal to 256');
	if (filter.trim() === '') return undefined;
	const match = /^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(filter);
	if (!match) throw new CognitoError('InvalidParameterException', 'Error while parsing filter');
	const [, attribute, operator, quoted] = match;
	if (!Object.hasOwn(SEARCHABLE_IGNORING_CASE, attribute)) {
		throw new CognitoError('InvalidParameterException', `Invalid search attribute: ${attribute}`);
	}
	return { attribute, prefix: operator === '^=', value: quoted.replace(/\\(.)/g, '$1') };
}

function requireString(input, field, member) {
	const value = input[field];
	if (value === undefined || value === null) throw validationError(member, value, 'Member must not be null');
	if (typeof value !== 'string' || value.length === 0) {
		throw validationError(member, value, 'Member must have length greater than or equal to 1');
	}
	return value;
}

function pageLimit(input, field, member, { min = 0, required = false } = {}) {
	const value = input[field];
	if (value === undefined || value === null) {
		if (required) throw validationError(member, value, 'Member must not be null');
		return PAGE_LIMIT;
	}
	if (!Number.isInteger(value)) throw new CognitoError('SerializationException', `${field} must be a whole number`);
	if (value < min) throw validationError(member, value, `Member must have value greater than or equal to ${min}`);
	if (value > PAGE_LIMIT)
		throw validationError(member, value, `Member must have value less than or equal to ${PAGE_LIMIT}`);
	return value || PAGE_LIMIT; // 0 asks for the default, as moto reads it
}

/**
 * Opaque, expiring pagination tokens: the position and issue time, sealed with AES-GCM under a key
 * made for this run. The operation and the request's other parameters are authenticated with it, so
 * a token is good only for the listing that issued it (AWS: "the same parameters") and only on this
 * server; anything else, or a token past its lifetime, gets AWS's InvalidParameterException.
 */
function paginationTokens(ttlMs) {
	const key = randomBytes(32);
	return {
		issue(scope, position) {
			const iv = randomBytes(12);
			const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(scope));
			const body = Buffer.alloc(12);
			body.writeUIntBE(position, 0, 6);
			body.writeUIntBE(Date.now(), 6, 6);
			return Buffer.concat([iv, cipher.update(body), cipher.final(), cipher.getAuthTag()]).toString('base64url');
		},
		read(scope, token, requestId) {
			const sealed = Buffer.from(token, 'base64url');
			let body;
			try {
				const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12)).setAAD(Buffer.from(scope));
				decipher.setAuthTag(sealed.subarray(-16));
				body = Buffer.concat([decipher.update(sealed.subarray(12, -16)), decipher.final()]);
			} catch {
				body = undefined;
			}
			if (body?.length !== 12 || sealed.toString('base64url') !== token) {
				throw new CognitoError(
					'InvalidParameterException',
					`Paging marker ${token} is invalid for request ${requestId}`,
				);
			}
			if (Date.now() - body.readUIntBE(6, 6) > ttlMs) {
				throw new CognitoError('InvalidParameterException', `Pagination token expired: ${token}`);
			}
			return body.readUIntBE(0, 6);
		},
	};
}

/**
 * One page over positions [from, to): up to `limit` accepted positions, examining at most `budget`;
 * `next` is where the following page starts (the next accepted position, or where the budget ran
 * out), absent when nothing accepted is left.
 */
function scanPage(from, to, limit, budget, accept) {
	const found = [];
	let position = from;
	for (let examined = 0; position < to && examined < budget; position++, examined++) {
		if (!accept(position)) continue;
		if (found.length === limit) break;
		found.push(position);
	}
	return { found, next: position < to ? position : undefined };
}

function operations(pool, tokens, scanBudget) {
	const requirePool = (input) => {
		const id = requireString(input, 'UserPoolId', 'userPoolId');
		if (!/^[\w-]+_[0-9a-zA-Z]+$/.test(id) || id.length > 55) {
			throw validationError('userPoolId', id, 'Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+');
		}
		if (id !== pool.id) throw new CognitoError('ResourceNotFoundException', `User pool ${id} does not exist.`);
	};
	const requireGroup = (input) => {
		const g = pool.groupIndex.get(requireString(input, 'GroupName', 'groupName'));
		if (g === undefined) throw new CognitoError('ResourceNotFoundException', 'Group not found.');
		return g;
	};
	/** A page of an index range: every position accepted unless `accept` says otherwise. */
	const page = (input, context, tokenField, { from = 0, to, limit, budget = Infinity, accept = () => true }) => {
		const token = input[tokenField];
		const start =
			token === undefined || token === null ? from : tokens.read(context.scope, String(token), context.requestId);
		const { found, next } = scanPage(Math.max(start, from), to, limit, budget, accept);
		return { found, token: next === undefined ? undefined : tokens.issue(context.scope, next) };
	};

	return {
		DescribeUserPool(input) {
			requirePool(input);
			return {
				UserPool: {
					Id: pool.id,
					Name: pool.name,
					Arn: pool.arn,
					CreationDate: pool.created,
					LastModifiedDate: pool.created,
					MfaConfiguration: 'OFF',
					EstimatedNumberOfUsers: pool.users,
					UserPoolTier: 'ESSENTIALS',
					DeletionProtection: 'INACTIVE',
					UsernameConfiguration: { CaseSensitive: false },
					AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
					SchemaAttributes: [
						...['sub', 'email', 'email_verified', 'phone_number', 'given_name', 'family_name', 'name'].map((Name) => ({
							Name,
							AttributeDataType: Name === 'email_verified' ? 'Boolean' : 'String',
							DeveloperOnlyAttribute: false,
							Mutable: Name !== 'sub',
							Required: Name === 'sub',
						})),
						{
							Name: 'custom:department',
							AttributeDataType: 'String',
							DeveloperOnlyAttribute: false,
							Mutable: true,
							Required: false,
							StringAttributeConstraints: { MinLength: '0', MaxLength: '64' },
						},
					],
				},
			};
		},
		ListUserPools(input, context) {
			const limit = pageLimit(input, 'MaxResults', 'maxResults', { min: 1, required: true });
			const { found, token } = page(input, context, 'NextToken', { to: 1, limit });
			return {
				UserPools: found.map(() => ({
					Id: pool.id,
					Name: pool.name,
					LambdaConfig: {},
					LastModifiedDate: pool.created,
					CreationDate: pool.created,
				})),
				...(token && { NextToken: token }),
			};
		},
		ListUsers(input, context) {
			if (input.AttributesToGet !== undefined) {
				throw new CognitoError(
					'InvalidParameterException',
					'AttributesToGet is not supported by the synthetic Cognito endpoint: leave it out (full syncs never send it)',
				);
			}
			const limit = pageLimit(input, 'Limit', 'limit');
			requirePool(input);
			const filter = parseFilter(input.Filter);
			let range = { to: pool.users };
			if (filter) {
				const valueOf = pool.searchable[filter.attribute];
				const folded = SEARCHABLE_IGNORING_CASE[filter.attribute] ? (v) => v?.toUpperCase() : (v) => v;
				const wanted = folded(filter.value);
				const accept = filter.prefix
					? (i) => folded(valueOf(i))?.startsWith(wanted) ?? false
					: (i) => folded(valueOf(i)) === wanted;
				range = { to: pool.users, accept, budget: scanBudget };
				if (!filter.prefix && INDEXED_ATTRIBUTES.has(filter.attribute)) {
					const i = pool.lookup(filter.attribute, filter.value);
					range = i < 0 ? { to: 0 } : { from: i, to: i + 1 };
				}
			}
			const scope = `${context.scope}\n${input.Filter ?? ''}`;
			const { found, token } = page(input, { ...context, scope }, 'PaginationToken', { ...range, limit });
			return { Users: found.map(pool.user), ...(token && { PaginationToken: token }) };
		},
		ListGroups(input, context) {
			const limit = pageLimit(input, 'Limit', 'limit');
			requirePool(input);
			const { found, token } = page(input, context, 'NextToken', { to: pool.groups, limit });
			return { Groups: found.map(pool.group), ...(token && { NextToken: token }) };
		},
		GetGroup(input) {
			requirePool(input);
			return { Group: pool.group(requireGroup(input)) };
		},
		ListUsersInGroup(input, context) {
			const limit = pageLimit(input, 'Limit', 'limit');
			requirePool(input);
			const g = requireGroup(input);
			const scope = `${context.scope}\n${g}`;
			const [from, to] = [pool.groupMemberStart[g], pool.groupMemberStart[g + 1]];
			const { found, token } = page(input, { ...context, scope }, 'NextToken', { from, to, limit });
			return { Users: found.map((k) => pool.user(pool.groupMembers[k])), ...(token && { NextToken: token }) };
		},
		AdminListGroupsForUser(input, context) {
			const limit = pageLimit(input, 'Limit', 'limit');
			const username = requireString(input, 'Username', 'username');
			requirePool(input);
			const i = pool.userIndex(username);
			if (i < 0) throw new CognitoError('UserNotFoundException', 'User does not exist.');
			const scope = `${context.scope}\n${i}`;
			const [from, to] = [pool.userGroupStart[i], pool.userGroupStart[i + 1]];
			const { found, token } = page(input, { ...context, scope }, 'NextToken', { from, to, limit });
			return { Groups: found.map((k) => pool.group(pool.userGroups[k])), ...(token && { NextToken: token }) };
		},
	};
}

function answer(res, requestId, status, body, errorName) {
	res.writeHead(status, {
		'content-type': 'application/x-amz-json-1.1',
		'x-amzn-requestid': requestId,
		...(errorName && { 'x-amzn-errortype': `${errorName}:` }),
	});
	res.end(JSON.stringify(body));
}

/**
 * Starts the endpoint on a free 127.0.0.1 port with the pool `spec` describes (see poolSpec).
 * Options: `quotas` (default true: AWS's request-rate buckets, as the quota proxy enforces them;
 * needs `npm run build`), `latencyMs`/`jitterMs` (added to every answer), `tokenTtlMs` (default one
 * hour, as AWS), `scanBudget` (users a filtered ListUsers examines per call).
 * Resolves { endpoint, poolId, region, spec, stats(), reset(), stop() }.
 */
/**
 * The pool a spec generates, as the endpoint serves it: `user(i)` and `group(g)` in the wire form,
 * memberships in typed arrays. For benchmarks that need the pool's recorded state without reading it.
 */
export function syntheticPool(spec = {}) {
	return generatePool(poolSpec(spec));
}

export async function startSyntheticCognito(spec = {}, options = {}) {
	const {
		quotas: enforceQuotas = true,
		latencyMs = 0,
		jitterMs = 0,
		tokenTtlMs = DEFAULT_TOKEN_TTL_MS,
		scanBudget = DEFAULT_SCAN_BUDGET,
	} = options;
	if (!Number.isInteger(tokenTtlMs) || tokenTtlMs < 1)
		throw new Error(`tokenTtlMs must be a whole number of milliseconds above 0, got ${tokenTtlMs}`);
	if (!Number.isInteger(scanBudget) || scanBudget < 1)
		throw new Error(`scanBudget must be a whole number above 0, got ${scanBudget}`);
	const checked = poolSpec(spec);
	const delay = networkLatency({ latencyMs, jitterMs });
	const quotas = enforceQuotas ? createQuotaBuckets() : undefined;
	const pool = generatePool(checked);
	const handlers = operations(pool, paginationTokens(tokenTtlMs), scanBudget);

	const server = http.createServer((req, res) => {
		const arrivedAt = performance.now();
		const requestId = randomUUID();
		const chunks = [];
		let size = 0;
		req.on('error', () => res.destroy());
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) req.destroy();
			else chunks.push(chunk);
		});
		req.on('end', () => {
			const operation = operationOf(req);
			let input;
			try {
				input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
			} catch {
				input = undefined;
			}
			const poolIdOf = () => input?.UserPoolId ?? '';
			if (quotas && !quotas.admit(operation, poolIdOf)) {
				delay(arrivedAt, () => answerThrottled(res));
				return;
			}
			let status = 200;
			let body;
			let errorName;
			try {
				if (typeof input !== 'object' || input === null)
					throw new CognitoError('SerializationException', 'The request body is not a JSON object');
				if (!Object.hasOwn(handlers, operation)) {
					throw new CognitoError(
						'UnknownOperationException',
						`The synthetic Cognito endpoint does not serve ${operation || 'requests without X-Amz-Target'}; it serves ${Object.keys(handlers).join(', ')}`,
					);
				}
				body = handlers[operation](input, { scope: operation, requestId });
			} catch (error) {
				// A bug here must not take the server down mid-benchmark: answer as AWS does when it fails.
				const known = error instanceof CognitoError;
				if (!known) console.error(`synthetic Cognito: ${operation} failed:`, error);
				status = known ? 400 : 500;
				errorName = known ? error.name : 'InternalErrorException';
				body = { __type: errorName, message: known ? error.message : `internal error in ${operation}` };
			}
			delay(arrivedAt, () => answer(res, requestId, status, body, errorName));
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	const { port } = server.address();
	const noQuotas = () => {
		throw new Error('this endpoint was started with quotas: false, so it keeps no quota stats');
	};
	return {
		endpoint: `http://127.0.0.1:${port}`,
		poolId: pool.id,
		region: checked.region,
		spec: checked,
		stats: quotas?.stats ?? noQuotas,
		reset: quotas?.reset ?? noQuotas,
		async stop() {
			server.closeAllConnections?.();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}
