#!/usr/bin/env node
// The AWS Cognito node as a tool of n8n's AI Agent, in a real n8n 2.x (`node scripts/e2e-agent.mjs`).
// The shipped example examples/help-desk-agent.json is imported as it is; only its OpenAI
// credential differs: its Base URL points at a loopback OpenAI-compatible server of our own
// (scripts/lib/fake-openai.mjs) whose scripted replies call the tools n8n offers it. Three chats,
// "disable the user jane.doe", "which groups is ravi.patel in?" and "who is <email>?", run
// headless with `n8n execute` on both of the OpenAI node's APIs (Responses, the node's default, and
// Chat Completions); the pool is then checked through the SDK, the answers against the tools'
// results, and what n8n sent the model (tool names, descriptions, parameter schemas) against what
// a model needs. Then, under
// `n8n start`, n8n's credential test reaches the loopback model, and the example with its chat made
// public and streaming answers over HTTP, streamed on each API.
//
//   node scripts/e2e-agent.mjs [--keep]     --keep  keep the n8n user folder and logs
//
// scripts/e2e.mjs --n8n=2 runs the same phases on its own n8n (agentPhases).
import {
	AdminAddUserToGroupCommand,
	AdminCreateUserCommand,
	AdminEnableUserCommand,
	AdminGetUserCommand,
	AdminListGroupsForUserCommand,
	ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { waitFor } from './lib/checks.mjs';
import { cognitoCredential, headless, loadExamples } from './lib/examples.mjs';
import { scriptedReply, startFakeOpenAi } from './lib/fake-openai.mjs';
import { installPackageInto } from './lib/n8n-package.mjs';
import {
	api,
	createApiKey,
	executeWorkflow,
	importCredentials,
	importWorkflows,
	makeUserFolder,
	n8nEnv,
	nodeItems,
	setupOwner,
	startN8n,
	testCredential,
} from './lib/n8n-process.mjs';

import { startMoto } from './lib/moto.mjs';
import { SEED_KEYS, cognitoClient, seedOrganisation } from './lib/seed.mjs';
import { runStandalone } from './lib/standalone.mjs';

const EXAMPLE = 'help-desk-agent';
const CHAT_TRIGGER = 'When chat message received';
const AGENT = 'Help-desk agent';
const MODEL = 'OpenAI chat model';
/** The example's placeholder credential: the run imports one with the same id, pointing at the loopback. */
const OPENAI_CREDENTIAL = { id: 'openAiHelpDesk01', name: 'OpenAI account' };

/** The people the chats are about, added to the seeded organisation. */
const JANE = { username: 'jane.doe', given_name: 'Jane', family_name: 'Doe', department: 'Sales', groups: ['sales'] };
const RAVI = {
	username: 'ravi.patel',
	given_name: 'Ravi',
	family_name: 'Patel',
	department: 'Engineering',
	groups: ['contractors', 'engineering', 'support'],
};

const GRACE_EMAIL = 'grace.whitfield@northwind.example.com';

/**
 * The chats, each with the loopback model's script for it and what must be true afterwards.
 * `script.intent` is what a model would understand the request needs: only the description of the
 * right tool may match it. `script.values` fill the parameters of that tool's schema whose name or
 * description matches. `verify` checks the tool's result, the pool (SDK) and the agent's answer.
 */
const CHATS = [
	{
		key: 'disable',
		text: 'disable the user jane.doe',
		tool: 'Disable user',
		script: {
			prompt: /^disable the user jane\.doe$/i,
			intent: /^Disable a user\b/i,
			values: [[/user ?name/i, JANE.username]],
			answer: (result) => `jane.doe is now disabled. The AWS Cognito tool returned: ${result}`,
		},
		async verify({ checks, client, userPoolId }, name, toolItems, answer) {
			checks.equal(`${name}: the tool disabled jane.doe`, toolItems, [{ username: JANE.username, enabled: false }]);
			const user = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: JANE.username }));
			checks.equal(`${name}: jane.doe is disabled in the pool (SDK)`, user.Enabled, false);
			checks.ok(
				`${name}: the answer carries the tool's result`,
				answer?.includes('"username":"jane.doe"') && answer.includes('"enabled":false'),
				answer,
			);
		},
	},
	{
		key: 'groups',
		text: 'which groups is ravi.patel in?',
		tool: "Get user's groups",
		script: {
			prompt: /^which groups is ravi\.patel in\?$/i,
			intent: /\bgroups of a user\b/i,
			values: [[/user ?name/i, RAVI.username]],
			answer: (result) => `ravi.patel is in these groups. The AWS Cognito tool returned: ${result}`,
		},
		async verify({ checks, client, userPoolId }, name, toolItems, answer) {
			const { Groups } = await client.send(
				new AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username: RAVI.username, Limit: 60 }),
			);
			const inPool = sorted(Groups.map((g) => g.GroupName));
			checks.equal(`${name}: the pool has ravi.patel's seeded groups (SDK)`, inPool, RAVI.groups);
			checks.equal(`${name}: the tool returned those groups`, sorted(toolItems.map((g) => g.groupName)), inPool);
			checks.ok(
				`${name}: the answer lists every group`,
				inPool.every((group) => answer?.includes(`"groupName":"${group}"`)),
				answer,
			);
		},
	},
	{
		key: 'find',
		text: `who is ${GRACE_EMAIL}?`,
		tool: 'Find user by email',
		script: {
			prompt: /^who is \S+@\S+\?$/i,
			intent: /\bemail address\b/i,
			values: [[/\bemail\b/i, GRACE_EMAIL]],
			answer: (result) => `Here is the account with that email. The AWS Cognito tool returned: ${result}`,
		},
		async verify({ checks, client, userPoolId }, name, toolItems, answer) {
			const { Users } = await client.send(
				new ListUsersCommand({ UserPoolId: userPoolId, Filter: `email = "${GRACE_EMAIL}"` }),
			);
			const sub = (user) => user.Attributes.find((a) => a.Name === 'sub')?.Value;
			checks.equal(
				`${name}: the tool found the one user with that email, as the pool has it (SDK)`,
				toolItems.map((u) => [u.username, u.email, u.sub]),
				Users.map((u) => [u.Username, GRACE_EMAIL, sub(u)]),
			);
			checks.ok(
				`${name}: the answer carries the tool's result`,
				answer?.includes('"username":"grace.whitfield"') &&
					answer.includes(`"sub":"${sub(Users[0] ?? { Attributes: [] })}"`),
				answer,
			);
		},
	},
];
/** The chats streamed to the public chat under `n8n start`: one per API. */
const STREAMED = { responses: 'groups', chat: 'disable' };
/** The OpenAI node's two APIs: the example as shipped (Responses API, the node's default), and Chat Completions. */
const APIS = [
	{ api: 'responses', label: 'Responses API (as shipped)', parameters: {} },
	{ api: 'chat', label: 'Chat Completions', parameters: { responsesApiEnabled: false } },
];

/** What each tool's description must say for a model to pick it, and the parameters it must ask for. */
const TOOL_EXPECTATIONS = {
	// Set manually in the example: the automatic "Get many users" does not say it looks up by email.
	Find_user_by_email: { says: /^find the user with a given email address\b/i, parameters: ['email'] },
	Get_user: { says: /^get a user\b/i, parameters: ['username'] },
	Get_user_s_groups: { says: /\bgroups of a user\b/i, parameters: ['username'] },
	Disable_user: { says: /^disable a user\b/i, parameters: ['username'] },
	Enable_user: { says: /^enable a user\b/i, parameters: ['username'] },
	Sign_out_user_everywhere: { says: /\bsign (out|off)\b.*\buser\b/i, parameters: ['username'] },
};

/**
 * What Node and LangChain log when something tries the network beyond loopback (LangChain fetches
 * its token-count tables from tiktoken.pages.dev when it estimates tokens itself).
 */
const OUTSIDE_ATTEMPT = /tiktoken\.pages\.dev|ENOTFOUND|EAI_AGAIN|getaddrinfo/i;

const sorted = (values) => [...values].sort();

/** Add the people to a seeded pool. */
async function seedPeople(client, userPoolId) {
	for (const person of [JANE, RAVI]) {
		await client.send(
			new AdminCreateUserCommand({
				UserPoolId: userPoolId,
				Username: person.username,
				MessageAction: 'SUPPRESS',
				UserAttributes: [
					{ Name: 'email', Value: `${person.username}@northwind.example.com` },
					{ Name: 'given_name', Value: person.given_name },
					{ Name: 'family_name', Value: person.family_name },
					{ Name: 'custom:department', Value: person.department },
				],
			}),
		);
		for (const group of person.groups)
			await client.send(
				new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: person.username, GroupName: group }),
			);
	}
}

/** Every chat starts from the seeded state: jane.doe enabled (a disable run leaves her disabled). */
async function resetPeople(client, userPoolId) {
	await client.send(new AdminEnableUserCommand({ UserPoolId: userPoolId, Username: JANE.username }));
}

/** The example with the chat trigger replaced by a fixed chat message (and a Manual Trigger), per API. */
function chatRuns(example) {
	return APIS.flatMap(({ api, label, parameters }) =>
		CHATS.map((chat, index) => {
			const id = `e2eAgent${api === 'chat' ? 'Chat' : 'Resp'}${index}`.padEnd(16, '0');
			const workflow = headless(example, {
				id,
				name: `[e2e] help-desk agent: ${chat.key} (${label})`,
				trigger: CHAT_TRIGGER,
				sample: { sessionId: `e2e-${id}`, action: 'sendMessage', chatInput: chat.text },
			});
			Object.assign(workflow.nodes.find((n) => n.name === MODEL).parameters, parameters);
			return { id, api, label, chat, workflow };
		}),
	);
}

/** The model requests (chat or responses) recorded since index `from`. */
const modelRequestsSince = (fake, from) => fake.requests.slice(from).filter((r) => r.api);

/** Tools as the model saw them in a request: {name, description, parameters}, for either API. */
function toolsOffered(request) {
	return (request.body?.tools ?? []).map((t) =>
		request.api === 'chat'
			? { name: t.function.name, description: t.function.description, parameters: t.function.parameters }
			: { name: t.name, description: t.description, parameters: t.parameters },
	);
}

/**
 * What every chat must show: two model calls on the run's API (streamed or not) with the
 * credential's key and no script error, the first calling the chat's tool; the tool's result; the
 * pool afterwards (SDK); and an answer that carries the tool's result.
 */
async function checkChat(checks, { client, userPoolId }, name, run, { requests, stream, answer, toolItems }) {
	checks.equal(
		`${name}: two model calls on the ${run.api} API${stream ? ', streamed,' : ''} with the credential's key, no script error`,
		requests.map((r) => [r.api, r.stream, r.apiKeyMatched, r.error ?? null]),
		[
			[run.api, stream, true, null],
			[run.api, stream, true, null],
		],
	);
	checks.equal(
		`${name}: the model's first reply calls the "${run.chat.tool}" tool`,
		requests[0]?.reply?.toolCall?.name,
		toolName(run.chat.tool),
	);
	await run.chat.verify({ checks, client, userPoolId }, name, toolItems, answer);
}

/**
 * The example with its chat made public and streaming, under its own id and webhook: one chat per
 * API, so both APIs' streaming is exercised.
 */
function streamingRuns(example) {
	return APIS.map(({ api, label, parameters }, index) => {
		const chat = CHATS.find((c) => c.key === STREAMED[api]);
		const id = `e2eAgentStream${index}`.padEnd(16, '0');
		const workflow = structuredClone(example);
		Object.assign(workflow, { id, name: `[e2e] help-desk agent: streamed ${chat.key} (${label})`, active: false });
		const trigger = workflow.nodes.find((n) => n.name === CHAT_TRIGGER);
		trigger.webhookId = `e2e-agent-stream-${index}`;
		// Public, so that it can be reached over HTTP (n8n listens on 127.0.0.1 only here).
		trigger.parameters = { public: true, mode: 'webhook', options: { responseMode: 'streaming' } };
		Object.assign(workflow.nodes.find((n) => n.name === MODEL).parameters, parameters);
		return { id, api, label, chat, workflow };
	});
}

/**
 * Send one message to a run's public chat; resolves null while its webhook is not registered yet
 * (404), else {ok, text, chunks, body}: n8n streams JSON lines, {type: 'item', content} the text.
 */
async function sendChat(baseUrl, run) {
	const trigger = run.workflow.nodes.find((n) => n.name === CHAT_TRIGGER);
	const res = await fetch(`${baseUrl}/webhook/${trigger.webhookId}/chat`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ action: 'sendMessage', sessionId: `e2e-${run.id}`, chatInput: run.chat.text }),
		signal: AbortSignal.timeout(120_000),
	});
	if (res.status === 404) return null;
	const body = await res.text();
	const items = body
		.split('\n')
		.filter((line) => line.trim())
		.map((line) => {
			try {
				return JSON.parse(line);
			} catch {
				return null;
			}
		})
		.filter((event) => event?.type === 'item');
	return { ok: res.ok && items.length > 0, text: items.map((i) => i.content).join(''), chunks: items.length, body };
}

/**
 * The agent phases on a prepared n8n 2.x: `env` (its CLI environment, the package installed, a
 * Cognito credential with `userPoolId` as its default pool imported), `client` (an SDK client on
 * the same endpoint), `startServer()` resolving {baseUrl, cookie, apiKey, output?()} of a running
 * `n8n start` (started then, or already running), `cleanup` (a createCleanup()).
 */
export async function agentPhases({ checks, log, cleanup, env, client, userPoolId, startServer }) {
	const ctx = {};
	await checks.phase(
		'agent: people, loopback model, OpenAI credential, workflows',
		async () => {
			await seedPeople(client, userPoolId);
			ctx.apiKey = `loopback-${randomBytes(12).toString('hex')}`;
			ctx.fake = await startFakeOpenAi({ apiKey: ctx.apiKey, conversations: CHATS.map((chat) => chat.script) });
			cleanup.add(() => ctx.fake.stop());
			log(`loopback model at ${ctx.fake.baseUrl}`);
			ctx.openAiCredential = {
				...OPENAI_CREDENTIAL,
				type: 'openAiApi',
				data: { apiKey: ctx.apiKey, url: ctx.fake.baseUrl, header: false },
			};
			await importCredentials(env, [ctx.openAiCredential]);
			ctx.example = loadExamples()[EXAMPLE];
			ctx.runs = chatRuns(ctx.example);
			await importWorkflows(env, [ctx.example, ...ctx.runs.map((r) => r.workflow)]);
		},
		{ fatal: true },
	);

	for (const run of ctx.runs) {
		await checks.phase(`agent: "${run.chat.text}" (${run.label})`, async () => {
			await resetPeople(client, userPoolId);
			const from = ctx.fake.requests.length;
			const t = Date.now();
			const result = await executeWorkflow(env, run.id);
			log(`n8n execute took ${((Date.now() - t) / 1000).toFixed(1)} s`);
			const name = `agent ${run.chat.key} (${run.api})`;
			if (!checks.ok(`${name}: workflow succeeds`, result.ok, runFailure(result, ctx.fake.errors))) return;
			checks.ok(
				`${name}: n8n's output shows no attempt to reach a host outside this machine`,
				!OUTSIDE_ATTEMPT.test(result.stdout + result.stderr),
				(result.stdout + result.stderr).match(new RegExp(`.*${OUTSIDE_ATTEMPT.source}.*`, 'i'))?.[0],
			);
			const requests = modelRequestsSince(ctx.fake, from);
			(ctx.firstRequests ??= {})[run.api] ??= requests[0];
			await checkChat(checks, { client, userPoolId }, name, run, {
				requests,
				stream: false,
				answer: nodeItems(result.run, AGENT)[0]?.output,
				toolItems: toolOutput(result.run, run.chat.tool),
			});
		});
	}

	await checks.phase('agent: what n8n told the model about the tools', async () => {
		const offered = Object.entries(ctx.firstRequests ?? {}).map(([api, request]) => [api, toolsOffered(request)]);
		checks.equal(
			'tools: both APIs were offered the tools',
			sorted(offered.map(([api]) => api)),
			sorted(APIS.map((a) => a.api)),
		);
		const [, tools = []] = offered[0] ?? [];
		for (const tool of tools)
			log(`tool ${tool.name}: ${JSON.stringify(tool.description)} ${JSON.stringify(tool.parameters)}`);
		checks.ok(
			'tools: both APIs were offered the same tools',
			offered.every(([, other]) => isDeepStrictEqual(other, tools)),
			JSON.stringify(offered),
		);
		checks.equal(
			'tools: one per AWS Cognito tool node of the example',
			sorted(tools.map((t) => t.name)),
			sorted(Object.keys(TOOL_EXPECTATIONS)),
		);
		// The choices above are only a proof if the loopback model refuses what a model could not do.
		checks.ok(
			'loopback model: refuses an intent that several of these descriptions match',
			scriptRefusal(tools, /\ba user in AWS Cognito$/, [[/./, 'x']])?.includes('tool descriptions match'),
		);
		checks.ok(
			'loopback model: refuses a tool whose required parameter it cannot fill',
			scriptRefusal(tools, /^Disable a user\b/, [])?.includes('cannot tell what to put in the required parameter'),
		);
		checks.equal('tools: every description is different', new Set(tools.map((t) => t.description)).size, tools.length);
		for (const tool of tools) {
			const expected = TOOL_EXPECTATIONS[tool.name];
			if (!expected) continue;
			checks.ok(
				`tools: ${tool.name} names its operation and AWS Cognito (${expected.says})`,
				expected.says.test(tool.description) && /\bin AWS Cognito$/.test(tool.description),
				tool.description,
			);
			checks.equal(
				`tools: ${tool.name} asks for ${expected.parameters.join(', ')} only, each a required, described string`,
				{
					parameters: Object.entries(tool.parameters?.properties ?? {}).map(([key, schema]) => [
						key,
						schema.type,
						Boolean(schema.description?.trim()),
					]),
					required: sorted(tool.parameters?.required ?? []),
				},
				{ parameters: expected.parameters.map((key) => [key, 'string', true]), required: sorted(expected.parameters) },
			);
		}
	});

	const server = await checks.phase('agent: n8n start (owner, API key)', startServer, { fatal: true });

	await checks.phase("agent: n8n's credential test reaches the loopback model", async () => {
		const from = ctx.fake.requests.length;
		const tested = await testCredential(server.baseUrl, server.cookie, ctx.openAiCredential);
		checks.equal('OpenAI credential test: OK', tested.status, 'OK');
		checks.equal(
			'OpenAI credential test: n8n asked GET /v1/models with the key',
			ctx.fake.requests.slice(from).map((r) => [r.method, r.path, r.apiKeyMatched]),
			[['GET', '/v1/models', true]],
		);
	});

	for (const run of streamingRuns(ctx.example)) {
		await checks.phase(`agent: "${run.chat.text}" streamed to a public chat (${run.label})`, async () => {
			await resetPeople(client, userPoolId);
			const { baseUrl, apiKey } = server;
			await importWorkflows(env, [run.workflow]);
			await api(baseUrl, apiKey, 'POST', `/workflows/${run.id}/activate`);
			cleanup.add(() => api(baseUrl, apiKey, 'POST', `/workflows/${run.id}/deactivate`));
			const from = ctx.fake.requests.length;
			// 2.x registers the chat's webhook just after the activation call returns.
			const reply = await waitFor(() => sendChat(baseUrl, run), { timeoutMs: 20_000, intervalMs: 300 });
			const name = `streamed ${run.chat.key} (${run.api})`;
			if (!checks.ok(`${name}: the chat answers`, reply?.ok, reply?.body ?? 'no answer within 20 s')) return;
			checks.ok(`${name}: the answer arrives in several chunks`, reply.chunks > 1, `${reply.chunks} chunk(s)`);
			const execution = await waitFor(
				async () => {
					const { data } = await api(baseUrl, apiKey, 'GET', `/executions?workflowId=${run.id}&includeData=true`);
					return data?.find((e) => e.status === 'success');
				},
				{ timeoutMs: 20_000 },
			);
			await checkChat(checks, { client, userPoolId }, name, run, {
				requests: modelRequestsSince(ctx.fake, from),
				stream: true,
				answer: reply.text,
				toolItems: toolOutput(execution, run.chat.tool),
			});
		});
	}
	if (server.output)
		checks.ok(
			'n8n start: its output shows no attempt to reach a host outside this machine',
			!OUTSIDE_ATTEMPT.test(server.output()),
			server.output().match(new RegExp(`.*${OUTSIDE_ATTEMPT.source}.*`, 'i'))?.[0],
		);
	return ctx;
}

/** The loopback model's refusal (its message) for a chat with `intent` and `values` over `tools`, or null. */
function scriptRefusal(tools, intent, values) {
	try {
		scriptedReply([{ prompt: /^probe$/, intent, values }], { messages: [{ role: 'user', text: 'probe' }], tools });
		return null;
	} catch (error) {
		return error.message;
	}
}

/** The items a tool node returned to the agent (on its ai_tool connection), on its first run. */
function toolOutput(run, nodeName) {
	const data = run?.data?.resultData?.runData?.[nodeName]?.[0]?.data;
	return (data?.ai_tool?.[0] ?? []).map((item) => item.json);
}

function toolName(nodeName) {
	return nodeName.replace(/[^a-zA-Z0-9_-]+/g, '_');
}

function runFailure(run, modelErrors = []) {
	const error = run.run?.data?.resultData?.error;
	const model = modelErrors.length ? `\nloopback model: ${modelErrors.join('\n')}` : '';
	return error
		? `${error.message}${error.description ? `\n${error.description}` : ''}${model}`
		: `exit ${run.code}\n${run.stdout.slice(-2000)}\n${run.stderr.slice(-1500)}${model}`;
}

// ── Standalone run ────────────────────────────────────────────────────────────────────────────

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	process.exit(
		await runStandalone('agent', '2', async ({ n8n, checks, log, cleanup, keep }) => {
			const setup = await checks.phase(
				'moto + seed + package install + Cognito credential',
				async () => {
					const userFolder = makeUserFolder('cognito-e2e-agent-');
					cleanup.add(() => (keep ? log(`kept ${userFolder}`) : rmSync(userFolder, { recursive: true, force: true })));
					const moto = await startMoto({ logFile: path.join(userFolder, 'moto.log') });
					cleanup.add(() => moto.stop());
					const client = cognitoClient(moto.endpoint);
					const { userPoolId } = await seedOrganisation(client, { poolName: 'northwind-e2e-agent' });
					const env = await n8nEnv({ userFolder, bin: n8n.bin, extra: n8n.env });
					await installPackageInto(userFolder, { log });
					await importCredentials(env, [cognitoCredential({ endpoint: moto.endpoint, userPoolId, keys: SEED_KEYS })]);
					log(`moto at ${moto.endpoint}; pool ${userPoolId}`);
					return { env, client, userPoolId };
				},
				{ fatal: true },
			);
			const startServer = async () => {
				const started = await startN8n(setup.env, { log });
				cleanup.add(() => started.stop());
				const { cookie } = await setupOwner(started.baseUrl);
				const { apiKey } = await createApiKey(started.baseUrl, cookie);
				return { baseUrl: started.baseUrl, cookie, apiKey, output: started.output };
			};
			await agentPhases({ checks, log, cleanup, startServer, ...setup });
		}),
	);
}
