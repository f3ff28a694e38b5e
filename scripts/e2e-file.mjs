#!/usr/bin/env node
// One-file output in a real n8n (`node scripts/e2e-file.mjs [--n8n=1] [--keep]`).
//
// The AWS Cognito Trigger (Emit: Users, Output As: One File, CSV) activated under `n8n start`, and
// a webhook-started Take Snapshot (One File, JSON Lines), on a moto pool seeded with the Northwind
// organisation plus users whose names hold commas, quotes, line breaks and formulas. Each file is
// downloaded as the editor's download button does and compared with the pool read through the SDK.
//
// scripts/e2e.mjs runs the same phases on its n8n (fileOutputPhases).
import { AdminAddUserToGroupCommand, AdminCreateUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { waitFor } from './lib/checks.mjs';
import { ACTION_NODE, cognitoCredential } from './lib/examples.mjs';
import {
	TRIGGER_NAME,
	bySub,
	downloadBinary,
	executionItems,
	parseCsv,
	poolThroughSdk,
	startServer,
	triggerWorkflow,
} from './lib/file-output.mjs';
import { installPackageInto } from './lib/n8n-package.mjs';
import { api, importCredentials, importWorkflows, makeUserFolder, n8nEnv } from './lib/n8n-process.mjs';
import { n8nMajorFromArgs } from './lib/n8n-version.mjs';
import { startMoto } from './lib/moto.mjs';
import { SEED_KEYS, cognitoClient, seedOrganisation } from './lib/seed.mjs';
import { runStandalone } from './lib/standalone.mjs';

const CREDENTIAL_ID = 'e2eFileCred00001';
const TRIGGER_ID = 'e2eFileTrigger01';
const SNAPSHOT_ID = 'e2eFileSnapsh01';
const SNAPSHOT_NODE = 'Take Snapshot';
const UNFINISHED = ['new', 'running', 'waiting'];

/** Users whose fields a CSV writer gets wrong, added to the seeded pool. */
const TRICKY_USERS = [
	{ username: 'tricky-comma', given_name: 'Ann, Jr.', family_name: 'O"Hara', department: 'line one\nline two' },
	{ username: 'tricky-formula', given_name: '=HYPERLINK("http://x.example")', family_name: '+1+cmd', department: '@x' },
	{ username: 'tricky-unicode', given_name: 'Zoë', family_name: '山田', department: ' padded ' },
];

/** Webhook (answered at once) → Take Snapshot, one JSON Lines file. */
function snapshotWorkflow(userPoolId) {
	return {
		id: SNAPSHOT_ID,
		name: '[e2e file] Take Snapshot as JSON Lines',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${SNAPSHOT_ID}-webhook`,
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `${SNAPSHOT_ID}-webhook`,
				parameters: { httpMethod: 'POST', path: 'file-snapshot', responseMode: 'onReceived', options: {} },
			},
			{
				id: `${SNAPSHOT_ID}-cognito`,
				name: SNAPSHOT_NODE,
				type: ACTION_NODE,
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					resource: 'userPool',
					operation: 'snapshot',
					userPool: { __rl: true, mode: 'id', value: userPoolId },
					output: 'snapshot',
					outputAs: 'file',
					fileFormat: 'jsonl',
					binaryPropertyName: 'snapshot',
				},
				credentials: { awsCognitoApi: { id: CREDENTIAL_ID, name: CREDENTIAL_ID } },
			},
		],
		connections: { Webhook: { main: [[{ node: SNAPSHOT_NODE, type: 'main', index: 0 }]] } },
	};
}

/** A finished execution of `workflowId`, with its data; undefined after the timeout. */
async function finishedExecution(server, workflowId, timeoutMs = 90_000) {
	return await waitFor(
		async () => {
			const { data = [] } = await api(
				server.baseUrl,
				server.apiKey,
				'GET',
				`/executions?workflowId=${workflowId}&includeData=true`,
			);
			return data.find((execution) => !UNFINISHED.includes(execution.status));
		},
		{ timeoutMs, intervalMs: 500 },
	);
}

/**
 * The one-file phases on n8n `n8n` (resolveN8n()), against `moto`; everything started is
 * registered with `cleanup`; n8n's user folder goes under `folder`.
 */
export async function fileOutputPhases({ n8n, moto, checks, log, cleanup, folder }) {
	const ctx = {};
	await checks.phase(
		'file: pool with tricky values, credential, workflows',
		async () => {
			ctx.client = cognitoClient(moto.endpoint);
			const { userPoolId } = await seedOrganisation(ctx.client, { poolName: 'northwind-e2e-file' });
			ctx.userPoolId = userPoolId;
			for (const user of TRICKY_USERS) {
				await ctx.client.send(
					new AdminCreateUserCommand({
						UserPoolId: userPoolId,
						Username: user.username,
						MessageAction: 'SUPPRESS',
						UserAttributes: [
							{ Name: 'given_name', Value: user.given_name },
							{ Name: 'family_name', Value: user.family_name },
							{ Name: 'custom:department', Value: user.department },
						],
					}),
				);
			}
			await ctx.client.send(
				new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: 'tricky-comma', GroupName: 'finance' }),
			);
			const userFolder = path.join(folder, 'file');
			ctx.env = await n8nEnv({ userFolder, bin: n8n.bin, extra: n8n.env });
			await installPackageInto(userFolder, { log });
			await importCredentials(ctx.env, [
				cognitoCredential({
					endpoint: moto.endpoint,
					userPoolId,
					keys: SEED_KEYS,
					id: CREDENTIAL_ID,
					name: CREDENTIAL_ID,
				}),
			]);
			await importWorkflows(ctx.env, [
				triggerWorkflow({
					id: TRIGGER_ID,
					name: '[e2e file] Users as one CSV file',
					credentialId: CREDENTIAL_ID,
					userPoolId,
					parameters: { outputAs: 'file', fileFormat: 'csv', escapeFormulas: false },
				}),
				snapshotWorkflow(userPoolId),
			]);
			ctx.pool = await poolThroughSdk(ctx.client, userPoolId);
			log(`pool ${userPoolId}: ${ctx.pool.users.length} users, ${ctx.pool.groups.length} groups`);
		},
		{ fatal: true },
	);

	const server = await checks.phase('file: n8n start', () => startServer(ctx.env, { cleanup, log }), { fatal: true });

	await checks.phase('file: trigger, Emit Users as one CSV file', async () => {
		await api(server.baseUrl, server.apiKey, 'POST', `/workflows/${TRIGGER_ID}/activate`);
		const execution = await finishedExecution(server, TRIGGER_ID);
		await api(server.baseUrl, server.apiKey, 'POST', `/workflows/${TRIGGER_ID}/deactivate`);
		if (!checks.ok('file: the trigger ran', execution?.status === 'success', JSON.stringify(execution?.status))) return;
		const items = executionItems(execution, TRIGGER_NAME);
		checks.equal('file: the trigger emits one item', items.length, 1);
		const [{ json, binary } = {}] = items;
		const file = binary?.data;
		checks.ok(
			'file: the CSV is in binary "data", named after the pool, as text/csv',
			file?.mimeType === 'text/csv' &&
				new RegExp(`^cognito-users-${ctx.userPoolId}-\\d{8}T\\d{6}Z\\.csv$`).test(file?.fileName),
			JSON.stringify({ ...file, data: undefined }),
		);
		const bytes = await downloadBinary(server, file);
		const { header, rows } = parseCsv(bytes.toString('utf8'));
		checks.equal('file: the CSV header is the Users columns', header, ctx.pool.columns);
		checks.equal(
			'file: the CSV rows equal the pool read through the SDK',
			rows.sort(bySub),
			[...ctx.pool.rows].sort(bySub),
		);
		checks.equal(
			'file: the item counts the users and the bytes',
			[json?.file?.users, json?.file?.bytes],
			[ctx.pool.users.length, bytes.length],
		);
		const formula = rows.find((row) => row.username === 'tricky-formula');
		checks.equal(
			'file: a formula comes back as typed (Escape Formulas off)',
			formula?.given_name,
			TRICKY_USERS[1].given_name,
		);
		log(
			`CSV: ${rows.length} rows, ${bytes.length} bytes, binary ${file?.id ? `stored as ${file.id.split(':')[0]}` : 'inline'}`,
		);
	});

	await checks.phase('file: Take Snapshot as one JSON Lines file', async () => {
		await api(server.baseUrl, server.apiKey, 'POST', `/workflows/${SNAPSHOT_ID}/activate`);
		const res = await waitFor(
			async () => {
				const answer = await fetch(`${server.baseUrl}/webhook/file-snapshot`, { method: 'POST' });
				return answer.status !== 404 && answer;
			},
			{ timeoutMs: 20_000, intervalMs: 250 },
		);
		checks.equal('file: the webhook answers', res?.status, 200);
		const execution = await finishedExecution(server, SNAPSHOT_ID);
		await api(server.baseUrl, server.apiKey, 'POST', `/workflows/${SNAPSHOT_ID}/deactivate`);
		if (!checks.ok('file: Take Snapshot ran', execution?.status === 'success', JSON.stringify(execution?.status)))
			return;
		const [{ json, binary } = {}] = executionItems(execution, SNAPSHOT_NODE);
		const file = binary?.snapshot;
		checks.equal('file: the JSON Lines file is in binary "snapshot"', file?.mimeType, 'application/x-ndjson');
		const lines = (await downloadBinary(server, file))
			.toString('utf8')
			.trimEnd()
			.split('\n')
			.map((line) => JSON.parse(line));
		const users = lines.filter((line) => line.type === 'user');
		const groups = lines.filter((line) => line.type === 'group');
		checks.equal('file: one line per group, then one per user', lines.length, users.length + groups.length);
		const byName = (a, b) => (a.username < b.username ? -1 : 1);
		checks.equal(
			'file: the user lines equal the pool read through the SDK (attributes, enabled, groups)',
			users
				.map(({ username, attributes, enabled, groups }) => ({ username, attributes, enabled, groups }))
				.sort(byName),
			[...ctx.pool.users].sort(byName),
		);
		checks.equal(
			'file: the group lines carry each group and its member count',
			groups.map(({ groupName, memberCount }) => ({ groupName, memberCount })),
			[...ctx.pool.groups].sort((a, b) => (a.groupName < b.groupName ? -1 : 1)),
		);
		checks.equal(
			'file: the item counts users and groups',
			[json?.file?.users, json?.file?.groups],
			[ctx.pool.users.length, ctx.pool.groups.length],
		);
	});
	await server.stop();
	return ctx;
}

// ── Standalone run ───────────────────────────────────────────────────────────────────────────

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	const major = n8nMajorFromArgs(process.argv.slice(2));
	process.exit(
		await runStandalone('file', major, async ({ n8n, checks, log, cleanup, keep }) => {
			const folder = makeUserFolder('cognito-e2e-file-');
			cleanup.add(() => (keep ? log(`kept ${folder}`) : rmSync(folder, { recursive: true, force: true })));
			const moto = await startMoto({ logFile: path.join(folder, 'moto.log') });
			cleanup.add(() => moto.stop());
			await fileOutputPhases({ n8n, moto, checks, log, cleanup, folder });
		}),
	);
}
