// Running a real n8n locally: environment, CLI calls, `n8n start` lifecycle and REST helpers.
// Everything listens on 127.0.0.1 only; servers are run by scripts/lib/process.mjs.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startProcess } from './process.mjs';
import { cleanEnv, run } from './run.mjs';

const LOOPBACK = '127.0.0.1';

/** A free TCP port on 127.0.0.1 (ask the OS for port 0, read it, release it). */
export function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen({ port: 0, host: LOOPBACK, exclusive: true }, () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

/** A fresh temporary folder to use as N8N_USER_FOLDER (n8n keeps its data in <it>/.n8n). */
export function makeUserFolder(prefix = 'n8n-harness-') {
	return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Environment for a quiet, isolated, loopback-only n8n. Returns a plain object suitable for
 * child_process `env`. `N8N_HARNESS_BIN` carries `bin`, the n8n bin path, for n8nCli/startN8n (n8n
 * ignores it). Pass `extra` to add or override variables.
 */
export async function n8nEnv({
	userFolder = makeUserFolder(),
	bin,
	port,
	brokerPort,
	encryptionKey = randomBytes(24).toString('hex'),
	runners = true,
	extra = {},
} = {}) {
	if (!bin) throw new Error('n8nEnv needs the n8n bin path (resolveN8n().bin)');
	port ??= await freePort();
	brokerPort ??= await freePort();
	mkdirSync(userFolder, { recursive: true });
	// n8n puts some scratch folders under os.tmpdir() (e.g. n8nDataTableUploads): keep them in
	// the user folder so a run leaves nothing behind.
	const tmpDir = path.join(userFolder, 'tmp');
	mkdirSync(tmpDir, { recursive: true });
	return cleanEnv({
		TMPDIR: tmpDir,
		N8N_HARNESS_BIN: bin,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: encryptionKey,
		// Loopback only, plain http (so the session cookie works without TLS).
		N8N_HOST: LOOPBACK,
		N8N_LISTEN_ADDRESS: LOOPBACK,
		N8N_PORT: String(port),
		N8N_PROTOCOL: 'http',
		WEBHOOK_URL: `http://${LOOPBACK}:${port}/`,
		N8N_EDITOR_BASE_URL: `http://${LOOPBACK}:${port}/`,
		N8N_SECURE_COOKIE: 'false',
		// Task runners: on (the future default; silences a deprecation warning), broker on loopback
		// with its own port so several instances can coexist.
		N8N_RUNNERS_ENABLED: runners ? 'true' : 'false',
		N8N_RUNNERS_MODE: 'internal',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: LOOPBACK,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		// Nothing phones home: telemetry, version checks, templates, surveys, banners.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		// The editor's node panel would fetch n8n's list of verified community nodes from api.n8n.io.
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
		// Community packages are loaded from <userFolder>/.n8n/nodes; never reinstalled from npm.
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		// SQLite with a read pool (WAL): lets `n8n execute` run while `n8n start` holds the DB,
		// and silences the legacy-SQLite deprecation warning.
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '2',
		// Silence remaining deprecation warnings with explicit choices. Workflows in tests may read
		// $env (e.g. a local endpoint), so env access stays allowed.
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		N8N_GIT_NODE_DISABLE_BARE_REPOS: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		// `execute --rawOutput` prints its JSON only at info level (with warn it is swallowed).
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		NODE_ENV: 'production',
		...extra,
	});
}

function binOf(env) {
	const bin = env.N8N_HARNESS_BIN;
	if (!bin) throw new Error('env has no N8N_HARNESS_BIN: build it with n8nEnv()');
	return bin;
}

/**
 * Run an n8n CLI command (e.g. ['import:workflow', '--separate', '--input=dir'],
 * ['execute', '--id=X', '--rawOutput']) to completion. Each call gets its own runner broker port,
 * so it may run next to a started n8n sharing the same env. Resolves {code, stdout, stderr}.
 */
export async function n8nCli(env, args, { timeoutMs = 300_000 } = {}) {
	const callEnv = { ...env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
	const res = await run(process.execPath, [binOf(env), ...args], { env: callEnv, timeoutMs, cwd: env.N8N_USER_FOLDER });
	return { code: res.code, stdout: res.stdout, stderr: res.stderr };
}

/**
 * The execution JSON printed by `n8n execute --rawOutput` (also on failure, where n8n logs it at
 * info level), parsed from the first top-level `{` line. Returns the IRun object
 * ({data: {resultData: {runData, error?}}, status, ...}); throws when none is found.
 */
export function parseExecuteOutput(stdout) {
	const lines = stdout.split(/\r?\n/);
	for (let i = 0; i < lines.length; i++) {
		if (!lines[i].startsWith('{')) continue;
		// Pretty-printed: the object closes on a line that is exactly `}`. Try each candidate.
		if (lines[i].trim().endsWith('}')) {
			try {
				return JSON.parse(lines[i]);
			} catch {}
		}
		for (let j = i + 1; j < lines.length; j++) {
			if (lines[j] !== '}') continue;
			try {
				return JSON.parse(lines.slice(i, j + 1).join('\n'));
			} catch {}
		}
	}
	// Fallback: from the first `{` to the end.
	const start = stdout.indexOf('{');
	if (start >= 0) {
		try {
			return JSON.parse(stdout.slice(start));
		} catch {}
	}
	throw new Error(`no execution JSON in n8n output:\n${stdout.slice(-2000)}`);
}

/** The `json` of each item a node emitted on its first run, main output `output` (default 0). */
export function nodeItems(runResult, nodeName, { runIndex = 0, output = 0 } = {}) {
	const runs = runResult?.data?.resultData?.runData?.[nodeName];
	if (!runs) throw new Error(`node "${nodeName}" did not run`);
	const items = runs[runIndex]?.data?.main?.[output] ?? [];
	return items.map((item) => item.json);
}

/** Import credentials ({id, name, type, data} with plain data; n8n encrypts them). */
export async function importCredentials(env, credentials) {
	const dir = mkdtempSync(path.join(env.N8N_USER_FOLDER, 'import-creds-'));
	const file = path.join(dir, 'credentials.json');
	writeFileSync(file, JSON.stringify(credentials, null, 2));
	const res = await n8nCli(env, ['import:credentials', `--input=${file}`]);
	if (res.code !== 0) throw new Error(`import:credentials failed (${res.code}):\n${res.stdout}\n${res.stderr}`);
	return res;
}

/** Import workflows (each needs an `id`), one file each, with `import:workflow --separate`. */
export async function importWorkflows(env, workflows) {
	const dir = mkdtempSync(path.join(env.N8N_USER_FOLDER, 'import-wf-'));
	for (const wf of workflows) {
		if (!wf.id) throw new Error(`workflow "${wf.name}" needs an id to be executed by id`);
		writeFileSync(path.join(dir, `${wf.id}.json`), JSON.stringify(wf, null, 2));
	}
	const res = await n8nCli(env, ['import:workflow', '--separate', `--input=${dir}`]);
	if (res.code !== 0) throw new Error(`import:workflow failed (${res.code}):\n${res.stdout}\n${res.stderr}`);
	return res;
}

/**
 * `n8n execute --id=<id> --rawOutput`: resolves {code, ok, run, stdout, stderr}; `run` is the
 * parsed execution (null if none was printed), `ok` is exit code 0 without a result error.
 */
export async function executeWorkflow(env, id, opts) {
	const res = await n8nCli(env, ['execute', `--id=${id}`, '--rawOutput'], opts);
	let runResult = null;
	try {
		runResult = parseExecuteOutput(res.stdout);
	} catch {}
	const ok = res.code === 0 && !!runResult && !runResult.data?.resultData?.error;
	return { ...res, ok, run: runResult };
}

/** Whether `n8n start` at `baseUrl` serves its REST API (2.x first answers every path with a start-up page). */
async function restReady(baseUrl) {
	const res = await fetch(`${baseUrl}/rest/settings`, { signal: AbortSignal.timeout(3000) });
	if (!res.ok || !(res.headers.get('content-type') ?? '').includes('json')) return false;
	return Boolean((await res.json())?.data);
}

/**
 * Start `n8n start` (the main process: editor, REST and public API, webhooks, triggers) in its own
 * process group (it forks a task runner), wait until GET /rest/settings answers JSON with `data`, and
 * resolve {pid, port, baseUrl, stop(), output(), logFile}. Output goes to <userFolder>/n8n-start.log.
 */
export async function startN8n(env, { timeoutMs = 120_000, log = () => {}, logFile } = {}) {
	const port = Number(env.N8N_PORT);
	const baseUrl = `http://${LOOPBACK}:${port}`;
	const started = await startProcess(process.execPath, [binOf(env), 'start'], {
		name: 'n8n start',
		env,
		cwd: env.N8N_USER_FOLDER,
		logFile: logFile ?? path.join(env.N8N_USER_FOLDER, 'n8n-start.log'),
		ready: () => restReady(baseUrl),
		timeoutMs,
		log,
	});
	log(`n8n ready at ${baseUrl} (pid ${started.pid})`);
	return { ...started, port, baseUrl };
}

/**
 * Start `n8n worker` (queue mode: runs the executions the main process enqueues) with `concurrency`
 * jobs at a time; resolves {pid, stop(), output(), logFile} once it logs that it is ready.
 */
export async function startN8nWorker(env, { concurrency, timeoutMs = 120_000, log = () => {}, logFile } = {}) {
	const started = await startProcess(process.execPath, [binOf(env), 'worker', `--concurrency=${concurrency}`], {
		name: 'n8n worker',
		env,
		cwd: env.N8N_USER_FOLDER,
		logFile: logFile ?? path.join(env.N8N_USER_FOLDER, 'n8n-worker.log'),
		ready: ({ output }) => output().includes('n8n worker is now ready'),
		timeoutMs,
		log,
	});
	log(`n8n worker ready (pid ${started.pid})`);
	return started;
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers (REST API with the session cookie, public API with an API key)

async function readBody(res) {
	const text = await res.text();
	try {
		return text ? JSON.parse(text) : null;
	} catch {
		return text;
	}
}

/**
 * Call n8n's internal REST API (/rest/...) with a session cookie. Resolves {status, body, headers};
 * `throwOnError` (default true) rejects on a non-2xx status with n8n's message.
 */
export async function rest(baseUrl, cookie, method, urlPath, body, { throwOnError = true } = {}) {
	const res = await fetch(new URL(urlPath, baseUrl), {
		method,
		headers: {
			...(cookie ? { cookie } : {}),
			...(body !== undefined ? { 'content-type': 'application/json' } : {}),
			accept: 'application/json',
		},
		body: body !== undefined ? JSON.stringify(body) : undefined,
		signal: AbortSignal.timeout(60_000),
	});
	const parsed = await readBody(res);
	if (throwOnError && !res.ok) {
		throw new Error(
			`${method} ${urlPath} → ${res.status}: ${typeof parsed === 'string' ? parsed : JSON.stringify(parsed)}`,
		);
	}
	return { status: res.status, body: parsed, headers: res.headers };
}

function sessionCookie(headers) {
	// n8n issues its session as the `n8n-auth` cookie; keep only name=value for later requests.
	const cookies = headers.getSetCookie?.() ?? [headers.get('set-cookie')].filter(Boolean);
	const auth = cookies.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
	if (!auth) throw new Error('no n8n-auth cookie in response');
	return auth;
}

/**
 * Create the instance owner (POST /rest/owner/setup; the password needs 8–64 chars, a digit and an
 * upper-case letter). Resolves {cookie, email, password, user}.
 */
export async function setupOwner(
	baseUrl,
	{
		email = 'owner@example.com',
		firstName = 'Test',
		lastName = 'Owner',
		password = `Harness-${randomBytes(9).toString('base64url')}9`,
	} = {},
) {
	const res = await rest(baseUrl, null, 'POST', '/rest/owner/setup', { email, firstName, lastName, password });
	return { cookie: sessionCookie(res.headers), email, password, user: res.body.data };
}

/** Log in (POST /rest/login) and resolve {cookie, user}. */
export async function login(baseUrl, email, password) {
	const res = await rest(baseUrl, null, 'POST', '/rest/login', { emailOrLdapLoginId: email, password });
	return { cookie: sessionCookie(res.headers), user: res.body.data };
}

/**
 * Create a public-API key with every scope the user may have (GET /rest/api-keys/scopes, then
 * POST /rest/api-keys {label, scopes, expiresAt: null}). Resolves {apiKey, id, scopes, raw}.
 */
export async function createApiKey(baseUrl, cookie, { label = 'e2e harness', scopes } = {}) {
	scopes ??= (await rest(baseUrl, cookie, 'GET', '/rest/api-keys/scopes')).body.data;
	const res = await rest(baseUrl, cookie, 'POST', '/rest/api-keys', { label, scopes, expiresAt: null });
	const data = res.body.data;
	// `apiKey` comes back redacted; the usable one is `rawApiKey` (shown once).
	return { apiKey: data.rawApiKey, id: data.id, scopes, raw: data };
}

/**
 * Call the public API (/api/v1/...) with an API key. Resolves the parsed body; rejects on a
 * non-2xx status. Pass `{full: true}` to get {status, body} without throwing.
 */
export async function api(baseUrl, apiKey, method, urlPath, body, { full = false } = {}) {
	const p = urlPath.startsWith('/api/') ? urlPath : `/api/v1${urlPath.startsWith('/') ? '' : '/'}${urlPath}`;
	const res = await fetch(new URL(p, baseUrl), {
		method,
		headers: {
			'X-N8N-API-KEY': apiKey,
			accept: 'application/json',
			...(body !== undefined ? { 'content-type': 'application/json' } : {}),
		},
		body: body !== undefined ? JSON.stringify(body) : undefined,
		signal: AbortSignal.timeout(60_000),
	});
	const parsed = await readBody(res);
	if (full) return { status: res.status, body: parsed };
	if (!res.ok)
		throw new Error(`${method} ${p} → ${res.status}: ${typeof parsed === 'string' ? parsed : JSON.stringify(parsed)}`);
	return parsed;
}

/**
 * Test a credential with n8n's own tester, as the editor's "Test" button does.
 * In n8n 1.123 POST /rest/credentials/test takes {credentials: {id, name, type, data}} and needs the
 * id of a *stored* credential the user can read (without one it answers 403); `data` is merged
 * over the stored data. So when `credentials.id` is missing, the credential is first stored
 * (POST /rest/credentials {name, type, data}) and, unless `keep` is set, deleted afterwards.
 * Resolves {status: 'OK' | 'Error', message, credentialId}.
 */
export async function testCredential(baseUrl, cookie, credentials, { keep = false } = {}) {
	let { id } = credentials;
	const name = credentials.name ?? `harness test ${credentials.type}`;
	let created = false;
	if (!id) {
		const res = await rest(baseUrl, cookie, 'POST', '/rest/credentials', {
			name,
			type: credentials.type,
			data: credentials.data ?? {},
		});
		id = res.body.data.id;
		created = true;
	}
	try {
		const res = await rest(baseUrl, cookie, 'POST', '/rest/credentials/test', {
			credentials: { id, name, type: credentials.type, data: credentials.data ?? {} },
		});
		return { ...res.body.data, credentialId: id };
	} finally {
		if (created && !keep)
			await rest(baseUrl, cookie, 'DELETE', `/rest/credentials/${id}`, undefined, { throwOnError: false });
	}
}

/** All node type names the running instance knows (GET /types/nodes.json, needs the cookie). */
export async function nodeTypeNames(baseUrl, cookie) {
	const res = await rest(baseUrl, cookie, 'GET', '/types/nodes.json');
	return [...new Set(res.body.map((n) => n.name))];
}
