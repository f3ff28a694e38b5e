// A loopback OpenAI-compatible model server for the agent end-to-end run: n8n's OpenAI chat model
// node talks to it through the `openAiApi` credential's Base URL. It serves the two APIs that node
// uses (Chat Completions, and the Responses API that version 1.3 turns on by default), each plain
// or streamed (Server-Sent Events), plus GET /v1/models for the credential test and the model list.
//
// Its replies are scripted, but read from what n8n sends, as a model would: for the last user
// message, the matching conversation names the intent (a pattern the right tool's description must
// match, and only that tool's) and the values it knows; the first reply calls that tool with every
// parameter of the tool's JSON schema filled from those values; once the tool's result is in the
// conversation, the reply is text that quotes it. What the script cannot do from the request (no
// tool or several tools match, a required parameter it cannot fill) is answered with HTTP 400 and
// recorded, so the test names the description that let the "model" down.
//
// Every request is recorded (method, path, body, whether the API key matched; never the key).
import { randomBytes } from 'node:crypto';
import http from 'node:http';

const LOOPBACK = '127.0.0.1';
/** Bodies larger than this are refused: n8n's requests are a few kB. */
const MAX_BODY_BYTES = 2_000_000;

class ScriptError extends Error {}

const newId = (prefix) => `${prefix}_${randomBytes(8).toString('hex')}`;
const textOf = (content) =>
	typeof content === 'string'
		? content
		: Array.isArray(content)
			? content.map((part) => (typeof part === 'string' ? part : (part?.text ?? ''))).join('')
			: '';

/**
 * One request of either API as {messages, tools}: messages are {role: system|user|assistant|tool,
 * text, toolCallId?}; tools are {name, description, parameters} (parameters: a JSON schema).
 */
function readChatCompletions(body) {
	const messages = (body.messages ?? []).map((m) => ({
		role: m.role === 'developer' ? 'system' : m.role,
		text: textOf(m.content),
		toolCallId: m.tool_call_id,
	}));
	const tools = (body.tools ?? [])
		.filter((t) => t.type === 'function')
		.map(({ function: f }) => ({ name: f.name, description: f.description ?? '', parameters: f.parameters ?? {} }));
	return { messages, tools };
}

function readResponses(body) {
	const input = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : (body.input ?? []);
	const messages = body.instructions ? [{ role: 'system', text: body.instructions }] : [];
	for (const item of input) {
		if (item.type === 'function_call_output')
			messages.push({ role: 'tool', text: textOf(item.output), toolCallId: item.call_id });
		else if (item.type === 'function_call') messages.push({ role: 'assistant', text: '', toolCallId: item.call_id });
		else if (item.role)
			messages.push({ role: item.role === 'developer' ? 'system' : item.role, text: textOf(item.content) });
	}
	const tools = (body.tools ?? [])
		.filter((t) => t.type === 'function')
		.map((t) => ({ name: t.name, description: t.description ?? '', parameters: t.parameters ?? {} }));
	return { messages, tools };
}

/**
 * The scripted reply to a conversation: {toolCall: {name, arguments}} or {text}.
 * `conversations`: [{prompt: RegExp on the user message, intent: RegExp on tool descriptions,
 * values: [[RegExp on "<parameter name> <parameter description>", value]], answer?(toolResult)}].
 */
export function scriptedReply(conversations, { messages, tools }) {
	const lastUser = messages.findLastIndex((m) => m.role === 'user');
	if (lastUser < 0) throw new ScriptError('the request has no user message');
	const prompt = messages[lastUser].text;
	const conversation = conversations.find((c) => c.prompt.test(prompt));
	if (!conversation) throw new ScriptError(`no scripted conversation for the user message ${JSON.stringify(prompt)}`);

	const toolResults = messages.slice(lastUser + 1).filter((m) => m.role === 'tool');
	if (toolResults.length) {
		const result = toolResults.map((m) => m.text).join('\n');
		return { text: conversation.answer ? conversation.answer(result) : `The tool answered: ${result}` };
	}

	const matching = tools.filter((t) => conversation.intent.test(t.description));
	if (matching.length !== 1) {
		const offered = tools.map((t) => `${t.name}: ${JSON.stringify(t.description)}`).join('; ') || 'none';
		throw new ScriptError(
			`${matching.length} tool descriptions match ${conversation.intent} for ${JSON.stringify(prompt)} (tools offered: ${offered})`,
		);
	}
	const [tool] = matching;
	const properties = tool.parameters.properties ?? {};
	const required = new Set(tool.parameters.required ?? []);
	const args = {};
	for (const [key, schema] of Object.entries(properties)) {
		const about = `${key} ${schema.description ?? ''}`;
		const known = conversation.values.find(([pattern]) => pattern.test(about));
		if (known) args[key] = schema.type === 'number' ? Number(known[1]) : known[1];
		else if (required.has(key))
			throw new ScriptError(
				`tool ${tool.name}: cannot tell what to put in the required parameter ${JSON.stringify(about.trim())}`,
			);
	}
	return { toolCall: { name: tool.name, arguments: JSON.stringify(args) } };
}

// ── Chat Completions ──────────────────────────────────────────────────────────────────────────

function chatCompletion(model, reply) {
	const message = reply.toolCall
		? {
				role: 'assistant',
				content: null,
				tool_calls: [{ id: newId('call'), type: 'function', function: reply.toolCall }],
			}
		: { role: 'assistant', content: reply.text };
	return {
		id: newId('chatcmpl'),
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model,
		choices: [{ index: 0, message, finish_reason: reply.toolCall ? 'tool_calls' : 'stop', logprobs: null }],
		usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
	};
}

function* chatCompletionChunks(model, reply, includeUsage) {
	const base = {
		id: newId('chatcmpl'),
		object: 'chat.completion.chunk',
		created: Math.floor(Date.now() / 1000),
		model,
	};
	const chunk = (delta, finish_reason = null) => ({ ...base, choices: [{ index: 0, delta, finish_reason }] });
	yield chunk({ role: 'assistant', content: '' });
	if (reply.toolCall) {
		const { name, arguments: args } = reply.toolCall;
		yield chunk({
			tool_calls: [{ index: 0, id: newId('call'), type: 'function', function: { name, arguments: '' } }],
		});
		// Arguments in two pieces, as models send them.
		const half = Math.ceil(args.length / 2);
		for (const piece of [args.slice(0, half), args.slice(half)])
			yield chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] });
		yield chunk({}, 'tool_calls');
	} else {
		for (const word of reply.text.match(/\S+\s*/g) ?? ['']) yield chunk({ content: word });
		yield chunk({}, 'stop');
	}
	if (includeUsage)
		yield { ...base, choices: [], usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 } };
}

// ── Responses API ─────────────────────────────────────────────────────────────────────────────

function responseOutputItem(reply) {
	return reply.toolCall
		? { type: 'function_call', id: newId('fc'), call_id: newId('call'), ...reply.toolCall, status: 'completed' }
		: {
				type: 'message',
				id: newId('msg'),
				status: 'completed',
				role: 'assistant',
				content: [{ type: 'output_text', text: reply.text, annotations: [] }],
			};
}

function responseObject(model, output, status = 'completed') {
	return {
		id: newId('resp'),
		object: 'response',
		created_at: Math.floor(Date.now() / 1000),
		status,
		model,
		output,
		parallel_tool_calls: true,
		tool_choice: 'auto',
		usage: { input_tokens: 10, output_tokens: 10, total_tokens: 20 },
	};
}

/** The event sequence of a streamed response: created, the item's pieces, completed. */
function* responseEvents(model, reply) {
	const item = responseOutputItem(reply);
	const response = responseObject(model, [item]);
	const started = { ...response, status: 'in_progress', output: [] };
	yield { type: 'response.created', response: started };
	yield { type: 'response.in_progress', response: started };
	if (item.type === 'function_call') {
		yield {
			type: 'response.output_item.added',
			output_index: 0,
			item: { ...item, arguments: '', status: 'in_progress' },
		};
		yield { type: 'response.function_call_arguments.delta', item_id: item.id, output_index: 0, delta: item.arguments };
		yield {
			type: 'response.function_call_arguments.done',
			item_id: item.id,
			output_index: 0,
			arguments: item.arguments,
		};
	} else {
		const { text } = item.content[0];
		const part = { type: 'output_text', text: '', annotations: [] };
		yield {
			type: 'response.output_item.added',
			output_index: 0,
			item: { ...item, status: 'in_progress', content: [] },
		};
		yield { type: 'response.content_part.added', item_id: item.id, output_index: 0, content_index: 0, part };
		for (const delta of text.match(/\S+\s*/g) ?? [''])
			yield { type: 'response.output_text.delta', item_id: item.id, output_index: 0, content_index: 0, delta };
		yield { type: 'response.output_text.done', item_id: item.id, output_index: 0, content_index: 0, text };
		yield {
			type: 'response.content_part.done',
			item_id: item.id,
			output_index: 0,
			content_index: 0,
			part: item.content[0],
		};
	}
	yield { type: 'response.output_item.done', output_index: 0, item };
	yield { type: 'response.completed', response };
}

// ── Server ────────────────────────────────────────────────────────────────────────────────────

function sendJson(res, status, body) {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
	res.end(text);
}

function sendEvents(res, events, { named, done }) {
	res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
	let sequence = 0;
	for (const event of events) {
		const data = named ? { ...event, sequence_number: sequence++ } : event;
		res.write(`${named ? `event: ${event.type}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
	}
	if (done) res.write('data: [DONE]\n\n');
	res.end();
}

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(new ScriptError(`request body over ${MAX_BODY_BYTES} bytes`));
				req.destroy();
			} else chunks.push(chunk);
		});
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			try {
				resolve(text ? JSON.parse(text) : {});
			} catch {
				reject(new ScriptError('the request body is not JSON'));
			}
		});
		req.on('error', reject);
	});
}

/**
 * Start the server on 127.0.0.1 (port 0: the OS picks a free one). Resolves {baseUrl, requests,
 * errors, stop()}: `baseUrl` ends in /v1 (the credential's Base URL); `requests` records every
 * request as {method, path, body, apiKeyMatched, api?, stream?, reply?, error?}; `errors` holds the
 * script failures. Requests without `Authorization: Bearer <apiKey>` get OpenAI's 401.
 */
export async function startFakeOpenAi({ apiKey, conversations, models = ['gpt-5-mini'] }) {
	const requests = [];
	const errors = [];
	const server = http.createServer(async (req, res) => {
		const path = new URL(req.url, `http://${LOOPBACK}`).pathname;
		const record = { method: req.method, path, apiKeyMatched: req.headers.authorization === `Bearer ${apiKey}` };
		requests.push(record);
		try {
			record.body = req.method === 'POST' ? await readBody(req) : undefined;
			if (!record.apiKeyMatched)
				return sendJson(res, 401, {
					error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' },
				});
			if (req.method === 'GET' && path === '/v1/models')
				return sendJson(res, 200, {
					object: 'list',
					data: models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'loopback' })),
				});
			const api = req.method === 'POST' && { '/v1/chat/completions': 'chat', '/v1/responses': 'responses' }[path];
			if (!api)
				return sendJson(res, 404, {
					error: { message: `${req.method} ${path} is not served here`, type: 'invalid_request_error' },
				});

			const { body } = record;
			const model = body.model ?? models[0];
			record.api = api;
			record.stream = body.stream === true;
			record.reply = scriptedReply(conversations, api === 'chat' ? readChatCompletions(body) : readResponses(body));
			if (api === 'chat') {
				return record.stream
					? sendEvents(res, chatCompletionChunks(model, record.reply, body.stream_options?.include_usage), {
							done: true,
						})
					: sendJson(res, 200, chatCompletion(model, record.reply));
			}
			return record.stream
				? sendEvents(res, responseEvents(model, record.reply), { named: true })
				: sendJson(res, 200, responseObject(model, [responseOutputItem(record.reply)]));
		} catch (error) {
			record.error = error.message;
			errors.push(error.message);
			if (!res.headersSent)
				sendJson(res, error instanceof ScriptError ? 400 : 500, {
					error: { message: `loopback model: ${error.message}`, type: 'invalid_request_error' },
				});
			else res.end();
		}
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, LOOPBACK, resolve);
	});
	const { port } = server.address();
	return {
		baseUrl: `http://${LOOPBACK}:${port}/v1`,
		port,
		requests,
		errors,
		stop: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
