// `npm run build` when dist/ is missing or older than the sources it is built from.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, npm } from './run.mjs';

const SOURCES = [
	'nodes',
	'credentials',
	'icons',
	'package.json',
	'tsconfig.json',
	'tsconfig.build.json',
	'gulpfile.js',
];
/** A file every build writes; its age is the build's age. */
const BUILT = path.join('dist', 'nodes', 'AwsCognito', 'AwsCognito.node.js');

function newestMtime(target) {
	const stat = statSync(target, { throwIfNoEntry: false });
	if (!stat) return 0;
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
	return newest;
}

/** Why dist/ needs a build, or null when it is up to date. */
export function buildReason(repoRoot = REPO_ROOT) {
	const built = path.join(repoRoot, BUILT);
	if (!existsSync(built)) return 'dist/ is missing';
	const builtAt = statSync(built).mtimeMs;
	const changed = SOURCES.find((source) => newestMtime(path.join(repoRoot, source)) > builtAt);
	return changed ? `${changed} changed since the last build` : null;
}

/** Build when needed (or always, with force); resolves true when it built. */
export async function ensureBuilt({ force = false, log = () => {}, repoRoot = REPO_ROOT } = {}) {
	const reason = force ? 'requested' : buildReason(repoRoot);
	if (!reason) {
		log('dist/ is up to date');
		return false;
	}
	log(`building the package (${reason})…`);
	await npm(['run', 'build', '--silent'], { cwd: repoRoot });
	return true;
}
