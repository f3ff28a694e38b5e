/**
 * Runs package code in a plain Node process, outside Jest's sandbox.
 *
 * Why: Jest runs tests in a vm context whose `Error` is not the one Node's `net` module uses, so a
 * socket error (ECONNREFUSED...) fails the SDK's `instanceof Error` check and reaches our code as
 * "AWS SDK error wrapper for Error: connect ECONNREFUSED ..." without its `code`. n8n loads nodes
 * in the main realm, where the code survives; this runner shows what n8n users get.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');

let compiledRoot: string | undefined;

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(full);
		return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
	});
}

/**
 * Transpiles `nodes/` (no type check: tsc does that) into a temporary folder, once per test file,
 * and returns that folder (it mirrors the repository: `<folder>/nodes/AwsCognito/...`).
 */
export function compiled(): string {
	if (compiledRoot) return compiledRoot;
	const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cognito-plain-node-'));
	for (const file of sourceFiles(path.join(ROOT, 'nodes'))) {
		const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
			compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021, esModuleInterop: true },
			fileName: file,
		});
		const target = path.join(out, path.relative(ROOT, file)).replace(/\.ts$/, '.js');
		fs.mkdirSync(path.dirname(target), { recursive: true });
		fs.writeFileSync(target, outputText);
	}
	compiledRoot = out;
	return out;
}

/**
 * Calls `exportName` of the module at `modulePath` (relative to the repository, without extension)
 * with JSON arguments in a fresh `node` process, and returns its JSON result.
 */
export function callInPlainNode<T>(modulePath: string, exportName: string, args: unknown[]): T {
	const moduleFile = path.join(compiled(), modulePath);
	const script = [
		`const target = require(${JSON.stringify(moduleFile)})[${JSON.stringify(exportName)}];`,
		`Promise.resolve(target(...${JSON.stringify(args)}))`,
		'  .then((result) => { process.stdout.write(JSON.stringify(result)); process.exit(0); })',
		'  .catch((error) => { process.stderr.write(String(error && error.stack || error)); process.exit(1); });',
	].join('\n');
	const child = spawnSync(process.execPath, ['-e', script], {
		encoding: 'utf8',
		timeout: 60_000,
		env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules'), NODE_NO_WARNINGS: '1' },
	});
	if (child.status !== 0) {
		throw new Error(`plain node run of ${modulePath}#${exportName} failed: ${child.stderr || child.error?.message}`);
	}
	return JSON.parse(child.stdout) as T;
}

/** Removes the transpiled copy (call from afterAll). */
export function cleanUpPlainNode(): void {
	if (compiledRoot) fs.rmSync(compiledRoot, { recursive: true, force: true });
	compiledRoot = undefined;
}
