// Installs this repository's package into an n8n user folder the way n8n installs a community
// package: packed tarball, unpacked under <userFolder>/.n8n/nodes/node_modules/<name>, runtime
// dependencies only. Node types then load as `<name>.<node>` (e.g. n8n-nodes-aws-cognito.awsCognito).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, npm, run } from './run.mjs';

function readJson(file) {
	return JSON.parse(readFileSync(file, 'utf8'));
}

/** `npm pack` the repo into a temp folder; resolve the tarball path. Needs a built dist/. */
export async function packRepo({ repoRoot = REPO_ROOT, log = () => {}, timeoutMs } = {}) {
	if (!existsSync(path.join(repoRoot, 'dist'))) {
		throw new Error(`no dist/ in ${repoRoot}: run \`npm run build\` first`);
	}
	const dest = mkdtempSync(path.join(os.tmpdir(), 'n8n-pack-'));
	// --ignore-scripts: packing must not rebuild (the caller built already).
	const res = await npm(['pack', '--json', '--ignore-scripts', `--pack-destination=${dest}`, '--loglevel=error'], {
		cwd: repoRoot,
		timeoutMs,
	});
	const info = JSON.parse(res.stdout.slice(res.stdout.indexOf('[')))[0];
	const tarball = path.join(dest, info.filename);
	log(`packed ${info.name}@${info.version}: ${info.entryCount} files, ${Math.round(info.size / 1024)} KiB`);
	return { tarball, name: info.name, version: info.version, files: info.files.map((f) => f.path) };
}

/**
 * Install the repo's package into `<userFolder>/.n8n/nodes`. Resolves {name, version, dir}.
 * The unpacked package.json loses its devDependencies and peerDependencies (n8n-workflow is
 * provided by n8n itself), then `npm install --omit=dev --ignore-scripts` fetches the runtime deps.
 */
export async function installPackageInto(userFolder, { repoRoot = REPO_ROOT, log = () => {}, tarball } = {}) {
	const t = Date.now();
	let packed = null;
	if (!tarball) {
		packed = await packRepo({ repoRoot, log });
		tarball = packed.tarball;
	}
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const modulesDir = path.join(nodesDir, 'node_modules');
	mkdirSync(modulesDir, { recursive: true });

	// Unpack into a staging folder first: the package name comes from its own package.json.
	const staging = mkdtempSync(path.join(modulesDir, '.staging-'));
	try {
		// npm tarballs hold everything under `package/`.
		const untar = await run('tar', ['-xzf', tarball, '-C', staging, '--strip-components=1', '--no-same-owner']);
		if (untar.code !== 0) throw new Error(`tar failed: ${untar.stderr}`);
		const pkgFile = path.join(staging, 'package.json');
		const pkg = readJson(pkgFile);
		delete pkg.devDependencies;
		delete pkg.peerDependencies;
		delete pkg.peerDependenciesMeta;
		writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + '\n');

		const dir = path.join(modulesDir, ...pkg.name.split('/'));
		rmSync(dir, { recursive: true, force: true });
		mkdirSync(path.dirname(dir), { recursive: true });
		// Rename keeps it atomic-ish: n8n never sees a half-unpacked package.
		renameSync(staging, dir);

		await npm(
			['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'],
			{ cwd: dir },
		);

		// n8n records installed community packages as dependencies of <userFolder>/.n8n/nodes.
		const hostFile = path.join(nodesDir, 'package.json');
		const host = existsSync(hostFile) ? readJson(hostFile) : { name: 'installed-nodes', private: true };
		host.dependencies = { ...(host.dependencies ?? {}), [pkg.name]: pkg.version };
		writeFileSync(hostFile, JSON.stringify(host, null, 2) + '\n');

		log(`installed ${pkg.name}@${pkg.version} into ${dir} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
		return { name: pkg.name, version: pkg.version, dir };
	} finally {
		rmSync(staging, { recursive: true, force: true });
		if (packed) rmSync(path.dirname(packed.tarball), { recursive: true, force: true });
	}
}
