// The PostgreSQL and Redis that n8n's queue mode runs on: the ones already running on 127.0.0.1
// (5432 and 6379, as on the machines CI runs on), or else throwaway ones started here from Debian's
// binaries on free loopback ports and stopped by their PID. Callers keep to a database and key
// prefixes of their own.
import { spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { freePort } from './n8n-process.mjs';
import { ensurePrerequisites, isListening, oneLine, postgresBinDir } from './prerequisites.mjs';
import { startProcess } from './process.mjs';
import { run } from './run.mjs';

const LOOPBACK = '127.0.0.1';

/** A Redis client that fails fast instead of reconnecting for ever. */
export function redisClient(port) {
	const client = new Redis({ host: LOOPBACK, port, lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 1 });
	client.on('error', () => {});
	return client;
}

async function answersPing(port) {
	const client = redisClient(port);
	try {
		await client.connect();
		return (await client.ping()) === 'PONG';
	} catch {
		return false;
	} finally {
		client.disconnect();
	}
}

/**
 * Redis for queue mode: 127.0.0.1:6379 when it answers, else a throwaway redis-server (nothing kept
 * on disk) registered with `cleanup`. `own` starts a throwaway one in any case. Resolves {host, port, own}.
 */
export async function queueRedis({ cleanup, folder, own = false, log = () => {} }) {
	if (!own && (await answersPing(6379))) return { host: LOOPBACK, port: 6379, own: false };
	await ensurePrerequisites(['redis'], { log });
	const port = await freePort();
	const args = ['--bind', LOOPBACK, '--port', String(port), '--save', '', '--appendonly', 'no'];
	const server = await startProcess('redis-server', args, {
		name: 'redis-server',
		logFile: path.join(folder, 'redis.log'),
		ready: () => answersPing(port),
		timeoutMs: 15_000,
		log,
	});
	cleanup.add(() => server.stop());
	log(`started redis-server on ${LOOPBACK}:${port} (pid ${server.pid})`);
	return { host: LOOPBACK, port, own: true };
}

/** PostgreSQL refuses to run as root: as root, the cluster belongs to Debian's `postgres` user. */
function clusterOwner() {
	if (process.getuid?.() !== 0) return {};
	const id = (flag) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
	const uid = id('-u');
	const gid = id('-g');
	if (!Number.isInteger(uid) || uid <= 0) {
		throw oneLine('PostgreSQL cannot run as root and there is no "postgres" user: run apt-get install -y postgresql');
	}
	return { uid, gid };
}

/**
 * PostgreSQL for queue mode: 127.0.0.1:5432 when it accepts connections (as PGUSER, default
 * "postgres", with PGPASSWORD if set), else a throwaway cluster (trust auth, loopback only) on a free
 * port, registered with `cleanup`. `own` starts a throwaway one in any case. `pg` is the driver, the
 * one of the n8n at `n8nBin`. Resolves {host, port, user, password, own, pg}.
 */
export async function queuePostgres({ cleanup, n8nBin, own = false, log = () => {} }) {
	const pg = createRequire(n8nBin)('pg');
	if (!own && (await isListening(5432))) {
		return {
			host: LOOPBACK,
			port: 5432,
			user: process.env.PGUSER || 'postgres',
			password: process.env.PGPASSWORD,
			own,
			pg,
		};
	}
	await ensurePrerequisites(['queuePostgres'], { log });
	const bin = postgresBinDir();
	const owner = clusterOwner();
	// Outside the caller's folders, which the cluster's owner may not be allowed to enter.
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cognito-e2e-pg-'));
	cleanup.add(() => rmSync(dataDir, { recursive: true, force: true }));
	if (owner.uid) chownSync(dataDir, owner.uid, owner.gid);
	const cluster = path.join(dataDir, 'data');
	const init = await run(path.join(bin, 'initdb'), ['-D', cluster, '-U', 'postgres', '--auth=trust', '--no-sync'], {
		...owner,
		cwd: dataDir,
		timeoutMs: 120_000,
	});
	if (init.code !== 0) throw new Error(`initdb failed:\n${init.stderr.slice(-1500)}`);
	const port = await freePort();
	const options = ['-D', cluster, '-h', LOOPBACK, '-p', String(port), '-k', dataDir, '-c', 'fsync=off'];
	const server = await startProcess(path.join(bin, 'postgres'), options, {
		name: 'postgres',
		...owner,
		cwd: dataDir,
		logFile: path.join(dataDir, 'postgres.log'),
		ready: () => isListening(port),
		timeoutMs: 30_000,
		// Fast shutdown: roll back open transactions and disconnect clients.
		stopSignal: 'SIGINT',
		log,
	});
	cleanup.add(() => server.stop());
	log(`started PostgreSQL on ${LOOPBACK}:${port} (pid ${server.pid})`);
	return { host: LOOPBACK, port, user: 'postgres', password: undefined, own: true, pg };
}

/** Runs `sql` on the server's maintenance database `postgres`. */
async function adminQuery(postgres, sql) {
	const client = new postgres.pg.Client({
		host: postgres.host,
		port: postgres.port,
		user: postgres.user,
		password: postgres.password,
		database: 'postgres',
		connectionTimeoutMillis: 10_000,
	});
	await client.connect();
	try {
		await client.query(sql);
	} finally {
		await client.end();
	}
}

/** Creates database `name` (letters, digits, underscores) and resolves a function that drops it. */
export async function createDatabase(postgres, name) {
	if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
	try {
		await adminQuery(postgres, `CREATE DATABASE "${name}"`);
	} catch (error) {
		throw oneLine(
			`Cannot create a database on PostgreSQL at ${postgres.host}:${postgres.port} as "${postgres.user}" (${error.message}): set PGUSER/PGPASSWORD to a role that may create databases`,
		);
	}
	// FORCE (PostgreSQL 13+) closes what is still connected, such as a stopped n8n's pool.
	return () => adminQuery(postgres, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
