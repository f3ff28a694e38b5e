// What the one-file e2e (scripts/e2e-file.mjs) and the n8n benchmark (scripts/bench-n8n.mjs) share:
// the trigger workflow, a started n8n with an owner and an API key, the file of an execution read
// back through n8n's REST API, a CSV reader, and the pool's users as rows read through the SDK.
import {
	ListGroupsCommand,
	ListUsersCommand,
	ListUsersInGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { readFileSync } from 'node:fs';

import { TRIGGER_NODE } from './examples.mjs';
import { createApiKey, login, setupOwner, startN8n } from './n8n-process.mjs';

export const TRIGGER_NAME = 'Pool export';

/** A poll every minute at second 0: the activation's own poll is the one measured. */
export const EVERY_MINUTE = { item: [{ mode: 'everyMinute' }] };

/** The AWS Cognito Trigger alone in a workflow, with `parameters` over Emit Users and Items. */
export function triggerWorkflow({ id, name, credentialId, userPoolId, parameters = {}, pollTimes = EVERY_MINUTE }) {
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${id}-trigger`,
				name: TRIGGER_NAME,
				type: TRIGGER_NODE,
				typeVersion: 1,
				position: [0, 0],
				credentials: { awsCognitoApi: { id: credentialId, name: credentialId } },
				parameters: {
					pollTimes,
					userPool: { __rl: true, mode: 'id', value: userPoolId },
					emit: 'users',
					options: {},
					...parameters,
				},
			},
		],
		connections: {},
	};
}

const OWNER = { email: 'file-owner@example.com', password: 'File-Owner-2025' };

/** `n8n start` with an owner and an API key: {baseUrl, pid, apiKey, cookie, stop()}. */
export async function startServer(env, { cleanup, log }) {
	const started = await startN8n(env, { log });
	cleanup.add(() => started.stop());
	let session;
	try {
		session = await setupOwner(started.baseUrl, OWNER);
	} catch {
		session = await login(started.baseUrl, OWNER.email, OWNER.password);
	}
	const { apiKey } = await createApiKey(started.baseUrl, session.cookie, { label: `file output ${Date.now()}` });
	return { ...started, apiKey, cookie: session.cookie };
}

/** The items a node emitted in an execution read with includeData=true. */
export function executionItems(execution, nodeName) {
	return execution?.data?.resultData?.runData?.[nodeName]?.[0]?.data?.main?.[0] ?? [];
}

/**
 * The bytes of a binary property as n8n serves them to the editor's download button
 * (GET /rest/binary-data?id=…&action=download with the session cookie); inline (base64) data as is.
 */
export async function downloadBinary(server, binary) {
	if (!binary?.id) return Buffer.from(binary?.data ?? '', 'base64');
	const url = new URL('/rest/binary-data', server.baseUrl);
	url.searchParams.set('id', binary.id);
	url.searchParams.set('action', 'download');
	const res = await fetch(url, { headers: { cookie: server.cookie }, signal: AbortSignal.timeout(120_000) });
	if (!res.ok) throw new Error(`GET /rest/binary-data for ${binary.id} → ${res.status}: ${await res.text()}`);
	return Buffer.from(await res.arrayBuffer());
}

/** An RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF records; the header as keys. */
export function parseCsv(text) {
	const records = [];
	let record = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') {
			record.push(field);
			field = '';
		} else if (c === '\r' && text[i + 1] === '\n') continue;
		else if (c === '\n') {
			record.push(field);
			records.push(record);
			record = [];
			field = '';
		} else field += c;
	}
	if (field !== '' || record.length > 0) throw new Error('the CSV does not end with a line break');
	const [header = [], ...rows] = records;
	return { header, rows: rows.map((row) => Object.fromEntries(header.map((column, i) => [column, row[i]]))) };
}

async function all(client, Command, input, listKey, tokenKey) {
	const found = [];
	let token;
	do {
		const page = await client.send(new Command({ ...input, ...(token && { [tokenKey]: token }) }));
		found.push(...(page[listKey] ?? []));
		token = page[tokenKey];
	} while (token);
	return found;
}

const MAIN_COLUMNS = ['sub', 'username', 'email', 'email_verified', 'given_name', 'family_name'];
const ROW_ATTRIBUTES = new Set(['sub', 'email', 'email_verified', 'given_name', 'family_name']);

/**
 * The pool read through the SDK on its own (ListUsers, ListGroups, ListUsersInGroup): every user
 * with its attributes and sorted group names, every group with its member count, and the Users
 * rows as the package documents them (columns and values as CSV text: empty for absent).
 */
export async function poolThroughSdk(client, userPoolId) {
	const users = await all(client, ListUsersCommand, { UserPoolId: userPoolId, Limit: 60 }, 'Users', 'PaginationToken');
	const groups = await all(client, ListGroupsCommand, { UserPoolId: userPoolId, Limit: 60 }, 'Groups', 'NextToken');
	const groupsOf = new Map(users.map((u) => [u.Username, []]));
	const memberCount = new Map();
	for (const group of groups) {
		const members = await all(
			client,
			ListUsersInGroupCommand,
			{ UserPoolId: userPoolId, GroupName: group.GroupName, Limit: 60 },
			'Users',
			'NextToken',
		);
		memberCount.set(group.GroupName, members.length);
		for (const member of members) groupsOf.get(member.Username)?.push(group.GroupName);
	}
	const attributesOf = (user) => Object.fromEntries((user.Attributes ?? []).map((a) => [a.Name, a.Value ?? '']));
	const extra = [...new Set(users.flatMap((u) => Object.keys(attributesOf(u))))]
		.filter((name) => !ROW_ATTRIBUTES.has(name))
		.sort();
	const columns = [...MAIN_COLUMNS, 'enabled', 'status', 'createdAt', 'updatedAt', ...extra, 'groups', 'groupCount'];
	const rows = users.map((user) => {
		const attributes = attributesOf(user);
		const userGroups = [...groupsOf.get(user.Username)].sort();
		return {
			sub: attributes.sub ?? '',
			username: user.Username,
			email: attributes.email ?? '',
			email_verified: attributes.email_verified === undefined ? '' : String(attributes.email_verified === 'true'),
			given_name: attributes.given_name ?? '',
			family_name: attributes.family_name ?? '',
			enabled: String(user.Enabled ?? true),
			status: user.UserStatus ?? '',
			createdAt: user.UserCreateDate?.toISOString() ?? '',
			updatedAt: user.UserLastModifiedDate?.toISOString() ?? '',
			...Object.fromEntries(extra.map((name) => [name, attributes[name] ?? ''])),
			groups: userGroups.join(', '),
			groupCount: String(userGroups.length),
		};
	});
	return {
		users: users.map((user) => ({
			username: user.Username,
			attributes: attributesOf(user),
			enabled: user.Enabled ?? true,
			groups: [...groupsOf.get(user.Username)].sort(),
		})),
		groups: groups.map((g) => ({ groupName: g.GroupName, memberCount: memberCount.get(g.GroupName) })),
		columns,
		rows,
	};
}

/** Resident memory of a process now and at its peak (VmRSS, VmHWM from /proc), in bytes. */
export function processMemory(pid) {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
	return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

export const bySub = (a, b) => (a.sub < b.sub ? -1 : a.sub > b.sub ? 1 : 0);
