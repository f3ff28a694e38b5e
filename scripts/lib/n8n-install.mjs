// Installs a real n8n into an ignored cache folder (<repo>/.cache/n8n-<version>/), once.
// Which versions: scripts/lib/n8n-version.mjs.
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT, npm, nodedirArgs, run } from './run.mjs';

/** Where a given n8n version lives in the cache. */
export function n8nCacheDir(version, repoRoot = REPO_ROOT) {
	return path.join(repoRoot, '.cache', `n8n-${version}`);
}

/** Path of the n8n CLI script inside an install folder (run it with process.execPath). */
export function n8nBinPath(dir) {
	return path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
}

// The marker records what the native build was made for: a different Node ABI means sqlite3 must
// be rebuilt, so the marker no longer counts.
function markerContent(version) {
	return {
		version,
		node: process.version,
		abi: process.versions.modules,
		platform: `${process.platform}-${process.arch}`,
	};
}

function markerValid(markerPath, version) {
	if (!existsSync(markerPath)) return false;
	try {
		const m = JSON.parse(readFileSync(markerPath, 'utf8'));
		const want = markerContent(version);
		return m.version === want.version && m.abi === want.abi && m.platform === want.platform;
	} catch {
		return false;
	}
}

function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return err.code === 'EPERM';
	}
}

// A directory lock so two test processes never install into the same folder at once.
async function withLock(lockDir, log, fn) {
	const deadline = Date.now() + 30 * 60_000;
	for (let announced = false; ; ) {
		try {
			mkdirSync(lockDir);
			writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			break;
		} catch (err) {
			if (err.code !== 'EEXIST') throw err;
			let owner = NaN;
			try {
				owner = Number(readFileSync(path.join(lockDir, 'pid'), 'utf8'));
			} catch {}
			const age = Date.now() - statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs;
			// Stale: its owner is gone (or it never wrote a pid and is old): take it over.
			if ((Number.isInteger(owner) && owner > 0 && !pidAlive(owner)) || (!owner && age > 60_000)) {
				rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (Date.now() > deadline) throw new Error(`timed out waiting for install lock ${lockDir}`);
			if (!announced) log?.(`another process (pid ${owner}) is installing n8n; waiting for it…`);
			announced = true;
			await sleep(2000);
		}
	}
	try {
		return await fn();
	} finally {
		rmSync(lockDir, { recursive: true, force: true });
	}
}

function hasSystemSqlite() {
	// Debian's libsqlite3-dev ships the header and the unversioned .so the build links against.
	return existsSync('/usr/include/sqlite3.h');
}

/**
 * Make sure n8n@version is installed in the cache; return the path of its bin script.
 * Idempotent: a marker written after a full success makes later calls return at once.
 */
export async function ensureN8n({ version, log = () => {}, repoRoot = REPO_ROOT }) {
	const dir = n8nCacheDir(version, repoRoot);
	const marker = path.join(dir, '.n8n-harness-installed.json');
	const bin = n8nBinPath(dir);
	if (markerValid(marker, version) && existsSync(bin)) return bin;

	mkdirSync(path.dirname(dir), { recursive: true });
	return withLock(`${dir}.lock`, log, async () => {
		// Someone else may have finished while we waited for the lock.
		if (markerValid(marker, version) && existsSync(bin)) return bin;
		rmSync(marker, { force: true });
		mkdirSync(dir, { recursive: true });

		const started = Date.now();
		const partial = existsSync(path.join(dir, 'node_modules'));
		log(
			partial
				? `completing the unfinished n8n@${version} install in ${path.relative(repoRoot, dir)}…`
				: `installing n8n@${version} into ${path.relative(repoRoot, dir)} (first time only: a few minutes, 2–3 GB)…`,
		);

		// Host package.json: n8n-nodes-base's xlsx points to a tarball outside the npm registry,
		// which is unreachable here; its npm republish is a drop-in replacement.
		writeFileSync(
			path.join(dir, 'package.json'),
			JSON.stringify(
				{
					name: 'n8n-harness-host',
					private: true,
					description: 'Cache folder for the n8n end-to-end harness; safe to delete.',
					dependencies: { n8n: version },
					overrides: { xlsx: 'npm:@e965/xlsx@0.20.2' },
				},
				null,
				2,
			) + '\n',
		);

		// Install scripts would download prebuilt binaries from outside the registry: skip them.
		await npm(['install', `n8n@${version}`, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: dir,
		});
		log(`npm install finished in ${Math.round((Date.now() - started) / 1000)} s; building sqlite3 from source…`);

		// sqlite3 is the only native addon 1.x needs. Linking Debian's libsqlite3 is ~6x faster
		// than compiling the bundled amalgamation. --ignore-scripts=false overrides any npmrc.
		const t = Date.now();
		const system = hasSystemSqlite();
		const rebuildArgs = [
			'rebuild',
			'sqlite3',
			'--build-from-source',
			'--ignore-scripts=false',
			'--loglevel=error',
			...nodedirArgs(),
		];
		if (system) rebuildArgs.push('--sqlite=/usr');
		else
			log(
				'libsqlite3-dev not found (apt-get install -y libsqlite3-dev speeds this up); compiling the bundled sqlite (~2 min)…',
			);
		await npm(rebuildArgs, { cwd: dir });

		// Check the addon really loads under this node before declaring success.
		const check = await run(process.execPath, ['-e', "require('sqlite3'); console.log('ok')"], { cwd: dir });
		if (check.code !== 0 || !check.stdout.includes('ok')) {
			throw new Error(`sqlite3 does not load after rebuild:\n${check.stderr}`);
		}
		log(`sqlite3 built in ${Math.round((Date.now() - t) / 1000)} s (${system ? 'system libsqlite3' : 'bundled'})`);

		// n8n 2.x also runs Code-node sandboxes in isolated-vm, another native addon (1.123.50 has none).
		if (existsSync(path.join(dir, 'node_modules', 'isolated-vm'))) {
			const t2 = Date.now();
			log('building isolated-vm from source…');
			await npm(['rebuild', 'isolated-vm', '--ignore-scripts=false', '--loglevel=error', ...nodedirArgs()], {
				cwd: dir,
			});
			log(`isolated-vm built in ${Math.round((Date.now() - t2) / 1000)} s`);
		}

		if (!existsSync(bin)) throw new Error(`n8n bin missing after install: ${bin}`);
		writeFileSync(
			marker,
			JSON.stringify({ ...markerContent(version), installedAt: new Date().toISOString() }, null, 2) + '\n',
		);
		log(`n8n@${version} ready in ${Math.round((Date.now() - started) / 1000)} s`);
		return bin;
	});
}
