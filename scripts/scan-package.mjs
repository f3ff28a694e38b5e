#!/usr/bin/env node
// `npm run scan`: n8n's community package scanner (@n8n/scan-community-package) on this package, unpublished.
//
// Its CLI takes only a published name: it checks the npm provenance, downloads the GitHub source the
// provenance names and the tarball from the registry, then lints both with one ESLint config. This
// runs the same lint, offline, on our own two counterparts: the source (package.json, nodes/ and
// credentials/ of this checkout, the scanner's SOURCE_FILE_PATTERNS) and the tarball `npm pack` makes
// (its .js files and package.json, as the scanner lints the downloaded one). Same config
// (buildScanConfig), same ESLint options and file listing as its analyzePackage; we keep the
// messages instead of its formatted text so that each one can be held against ACCEPTED_FINDINGS
// (eslint.config.mjs). It fails on any other error, and on an accepted entry that matches nothing.
// Provenance is not checked: it exists only once a release is published with --provenance.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { SOURCE_FILE_PATTERNS, buildScanConfig } from '@n8n/scan-community-package/scanner/scanner.mjs';

import { ACCEPTED_FINDINGS } from '../eslint.config.mjs';
import { ensureBuilt } from './lib/build.mjs';
import { packRepo } from './lib/n8n-package.mjs';
import { REPO_ROOT, run } from './lib/run.mjs';

/** The scanner lints the downloaded tarball's compiled code and manifest only. */
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];
const PACK_TIMEOUT_MS = 60_000;
const UNPACK_TIMEOUT_MS = 30_000;

// The scanner's own ESLint and glob, so the rules run and the files listed are the ones it would use.
const fromScanner = createRequire(
	createRequire(import.meta.url).resolve('@n8n/scan-community-package/scanner/scanner.mjs'),
);
const { ESLint } = fromScanner('eslint');
const glob = fromScanner('fast-glob');

async function lintLike(scannerDir, patterns) {
	const eslint = new ESLint({
		cwd: scannerDir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await buildScanConfig(),
	});
	const files = glob.sync(patterns, {
		cwd: scannerDir,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	const results = await eslint.lintFiles(files);
	const findings = results.flatMap((result) =>
		result.messages.map((message) => ({
			file: path.relative(scannerDir, result.filePath),
			line: message.line,
			rule: message.ruleId ?? 'parse-error',
			text: message.message,
			error: message.severity === 2,
		})),
	);
	return { fileCount: files.length, findings };
}

/** A tarball finding is accepted by the source path it was compiled from (dist/x/y.js → x/y.ts). */
const sourcePathOf = (file) => file.replace(/^dist\/(.*)\.js$/, '$1.ts');
/** The module or global a finding names, quoted in its message: Import of 'bottleneck' is not allowed. */
const subjectOf = (text) => /'([^']+)'/.exec(text)?.[1];

function acceptingEntry(finding) {
	const file = sourcePathOf(finding.file);
	return ACCEPTED_FINDINGS.find(
		(entry) =>
			entry.rule === finding.rule &&
			entry.files.some((listed) => (listed.endsWith('/') ? file.startsWith(listed) : file === listed)) &&
			(!entry.subjects || entry.subjects.includes(subjectOf(finding.text))),
	);
}

async function scanTarball() {
	const { tarball, name, version } = await packRepo({ timeoutMs: PACK_TIMEOUT_MS });
	const packageDir = mkdtempSync(path.join(os.tmpdir(), 'n8n-scan-'));
	try {
		const untar = await run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1', '--no-same-owner'], {
			timeoutMs: UNPACK_TIMEOUT_MS,
		});
		if (untar.code !== 0) throw new Error(`tar could not unpack ${tarball}: ${untar.stderr}`);
		return {
			label: `tarball ${name}-${version}.tgz (.js files and package.json)`,
			...(await lintLike(packageDir, TARBALL_FILE_PATTERNS)),
		};
	} finally {
		rmSync(packageDir, { recursive: true, force: true });
		rmSync(path.dirname(tarball), { recursive: true, force: true });
	}
}

const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const started = Date.now();
await ensureBuilt({ log: (line) => console.log(`scan: ${line}`) });

const legs = [
	{
		label: 'source (package.json, nodes/, credentials/ of this checkout)',
		...(await lintLike(REPO_ROOT, SOURCE_FILE_PATTERNS)),
	},
	await scanTarball(),
];

const accepted = new Map(ACCEPTED_FINDINGS.map((entry) => [entry, 0]));
const rejected = [];
for (const leg of legs) {
	const errors = leg.findings.filter((finding) => finding.error);
	console.log(
		`scan: ${leg.label}: ${leg.fileCount} files, ${errors.length} errors, ${leg.findings.length - errors.length} warnings`,
	);
	for (const finding of leg.findings) {
		if (!finding.error) {
			console.log(`  warning ${finding.file}:${finding.line} ${finding.rule}: ${finding.text}`);
			continue;
		}
		const entry = acceptingEntry(finding);
		if (entry) accepted.set(entry, accepted.get(entry) + 1);
		else rejected.push(finding);
	}
}

console.log('\nAccepted findings (each named with its reason in the README):');
for (const [entry, count] of accepted) {
	console.log(`  ${count > 0 ? `${count}×` : 'UNUSED'} ${entry.rule} in ${entry.files.join(', ')}: ${entry.reason}`);
}
const unused = [...accepted].filter(([, count]) => count === 0).map(([entry]) => entry);
if (rejected.length) {
	console.log(
		'\nFindings not accepted (fix them, or list them in ACCEPTED_FINDINGS in eslint.config.mjs with a reason):',
	);
	for (const finding of rejected) console.log(`  ${finding.file}:${finding.line} ${finding.rule}: ${finding.text}`);
}
if (unused.length) {
	console.log(
		'\nAccepted entries that match no finding any more: remove them from ACCEPTED_FINDINGS in eslint.config.mjs.',
	);
}
console.log('\nProvenance: not checked (it exists only for a release published with npm publish --provenance).');

const passed = rejected.length === 0 && unused.length === 0;
console.log(`scan: ${passed ? 'passed' : 'failed'} in ${seconds(started)}`);
process.exitCode = passed ? 0 : 1;
