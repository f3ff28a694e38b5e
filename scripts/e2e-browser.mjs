#!/usr/bin/env node
// Browser test of the n8n editor with this package: add "AWS Cognito" from the nodes panel by
// search, pick "Get a user", open the User "From list" locator and see the seeded users, search
// it, execute the step and see the user in the output. Screenshots go to docs/screenshots/.
//
// Run by scripts/e2e.mjs as its last step. Standalone, against a running `npm run demo`:
//   node scripts/e2e-browser.mjs [--url=http://127.0.0.1:5678] [--screenshots=<folder>]
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, selectors } from 'playwright-core';
import { Checks } from './lib/checks.mjs';
import { REPO_ROOT } from './lib/run.mjs';
import { DEMO_OWNER, loadExamples } from './lib/examples.mjs';
import { organisation } from './lib/seed.mjs';

export const SCREENSHOTS = path.join(REPO_ROOT, 'docs', 'screenshots');
/** Some of the actions the nodes panel must offer, by their `action` texts. */
const EXPECTED_ACTIONS = [
	'Add a user to a group',
	'Create a user',
	'Disable a user',
	'Get a user',
	'Get many users',
	'Get members of a group',
	'Get the groups of a user',
	'Remove a user from a group',
	'Sign out a user everywhere',
	'Get a user pool',
	'Take a snapshot of a user pool',
];
/** n8n 2.x's editor takes 20–40 s to first show a workflow on a busy 2-core machine. */
const EDITOR_LOAD_TIMEOUT_MS = 90_000;
const CHROMIUM_FLAGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-dev-shm-usage',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
];

/**
 * Drive the editor at `baseUrl` as the given user; record checks in `checks`. `truth` is the seeded
 * organisation (scripts/lib/seed.mjs); `searchUser` a seeded username to look up.
 */
export async function runBrowserTest({
	baseUrl,
	email,
	password,
	truth,
	checks,
	log,
	executablePath = '/usr/bin/chromium',
	searchUser = 'grace.whitfield',
	screenshots = SCREENSHOTS,
}) {
	const accessRequestId = loadExamples()['access-request-with-approval'].id;
	mkdirSync(screenshots, { recursive: true });
	// Panels slide and dropdowns fade in: let them settle before a screenshot.
	const shot = async (page, name) => {
		await page.waitForTimeout(800);
		await page.screenshot({ path: path.join(screenshots, name) });
	};
	selectors.setTestIdAttribute('data-test-id'); // n8n's attribute
	const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS });
	let page;
	try {
		const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
		// Nothing leaves the machine: every request to anything but 127.0.0.1 is aborted.
		let aborted = 0;
		await context.route('**/*', (route) => {
			if (new URL(route.request().url()).hostname === '127.0.0.1') return route.continue();
			aborted++;
			return route.abort();
		});
		const login = await context.request.post(`${baseUrl}/rest/login`, {
			data: { emailOrLdapLoginId: email, password },
		});
		if (!checks.ok('browser: logs in', login.ok(), `HTTP ${login.status()}`)) return;

		page = await context.newPage();
		page.setDefaultTimeout(20_000);
		await page.goto(`${baseUrl}/workflow/new`, { timeout: EDITOR_LOAD_TIMEOUT_MS });

		// A Manual Trigger first, then our node after it, found by search in the nodes panel.
		await page.getByTestId('canvas-add-button').click({ timeout: EDITOR_LOAD_TIMEOUT_MS });
		await page.getByTestId('node-creator-search-bar').fill('Manual Trigger');
		await page.getByTestId('item-iterator-item').filter({ hasText: 'Manual Trigger' }).first().click();
		await page.getByTestId('canvas-handle-plus').click();
		await page.getByTestId('node-creator-search-bar').fill('AWS Cognito');
		// n8n's built-in node has the same name; ours is the one whose icon comes from our package.
		const results = page.getByTestId('item-iterator-item');
		const ours = results.filter({ has: page.locator('img[src*="n8n-nodes-aws-cognito"]') });
		await ours
			.first()
			.waitFor()
			.catch(() => {});
		if (
			!checks.ok(
				'browser: search "AWS Cognito" finds the community node',
				(await ours.count()) === 1,
				(await results.allInnerTexts()).join(' | '),
			)
		)
			return;
		await ours.click();
		await page.getByText('Get a user', { exact: true }).waitFor();
		await shot(page, 'nodes-panel-actions.png');
		const actions = await listedActions(page);
		const missing = EXPECTED_ACTIONS.filter((a) => !actions.includes(a));
		checks.ok('browser: the nodes panel lists the operations', missing.length === 0, `missing: ${missing.join(', ')}`);

		await page
			.getByTestId('item-iterator-item')
			.filter({ hasText: /^Get a user$/ })
			.click();
		const ndv = page.getByTestId('ndv');
		await ndv.waitFor();
		const [resource, operation, credential] = await Promise.all(
			['parameter-input-resource', 'parameter-input-operation', 'node-credentials-select'].map((id) =>
				page.getByTestId(id).locator('input').inputValue(),
			),
		);
		// n8n preselects one of the Cognito credentials it has (the e2e suite imports more than the demo's).
		checks.ok(
			'browser: the node opens on User / Get with an AWS Cognito credential chosen',
			resource === 'User' && operation === 'Get' && /^AWS Cognito \(.+\)$/.test(credential),
			`got ${JSON.stringify([resource, operation, credential])}`,
		);

		// User → From list: the pool's users, from the credential's default pool.
		const userLocator = page.getByTestId('resource-locator-user');
		await userLocator.getByTestId('rlc-input').click();
		const items = page.locator('[data-test-id^="rlc-item"]');
		await items.first().waitFor();
		const listed = (await items.allInnerTexts()).map((t) => t.trim());
		await shot(page, 'user-locator-list.png');
		const known = new Set(truth.users.map((u) => `${u.username} (${u.email})`));
		const first = truth.users.slice(0, 3).map((u) => `${u.username} (${u.email})`);
		checks.ok(
			'browser: "From list" shows the seeded users as "username (email)"',
			listed.length >= 20 && first.every((f) => listed.includes(f)) && listed.filter((l) => known.has(l)).length >= 20,
			`${listed.length} listed: ${listed.slice(0, 5).join(' | ')}…`,
		);

		// Typing searches Cognito (prefix on username); pick the one match.
		const target = truth.users.find((u) => u.username === searchUser);
		await page.locator('input[data-test-id="rlc-search"]:visible').fill(searchUser.slice(0, 5));
		await page
			.waitForFunction((expected) => {
				const texts = [...document.querySelectorAll('[data-test-id^="rlc-item"]')].map((e) => e.textContent.trim());
				return texts.length === 1 && texts[0] === expected;
			}, `${target.username} (${target.email})`)
			.then(
				() => checks.ok(`browser: searching "${searchUser.slice(0, 5)}" narrows the list to ${searchUser}`, true),
				async () =>
					checks.ok(
						`browser: searching "${searchUser.slice(0, 5)}" narrows the list to ${searchUser}`,
						false,
						(await items.allInnerTexts()).join(' | '),
					),
			);
		await items.filter({ hasText: target.username }).first().click();

		await page.getByTestId('node-execute-button').click();
		const output = page.getByTestId('output-panel');
		await output
			.getByText(target.email)
			.first()
			.waitFor()
			.catch(() => {});
		await page
			.getByTestId('ndv')
			.getByTestId('radio-button-json')
			.last()
			.click()
			.catch(() => {});
		await page.waitForTimeout(500);
		const text = await output.innerText();
		await shot(page, 'get-user-output.png');
		checks.ok(
			'browser: Execute step shows the user with its custom attribute',
			text.includes(target.username) && text.includes(target.email) && text.includes(target.department),
			text.slice(0, 600),
		);
		// An example workflow as imported: its nodes and sticky notes on the canvas.
		await page.goto(`${baseUrl}/workflow/${accessRequestId}`, { timeout: EDITOR_LOAD_TIMEOUT_MS });
		await page.getByTestId('canvas-node').first().waitFor({ timeout: EDITOR_LOAD_TIMEOUT_MS });
		await page.getByTestId('zoom-to-fit').click();
		await page.mouse.move(640, 120); // away from the button, so that no tooltip shows
		const names = (await page.getByTestId('canvas-node').allInnerTexts()).join(' | ');
		await shot(page, 'example-access-request.png');
		checks.ok(
			'browser: the access-request example opens with its nodes',
			['Access request form', 'Wait for approval', 'Add to group'].every((n) => names.includes(n)),
			names,
		);
		log(`browser: screenshots in ${screenshots}; ${aborted} request(s) to other hosts aborted`);
	} catch (error) {
		// What the page showed when a step timed out, for the post-mortem.
		await page?.screenshot({ path: path.join(screenshots, 'failure.png') }).catch(() => {});
		throw error;
	} finally {
		await browser.close();
	}
}

// Standalone: against a running demo.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const option = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
	const url = option('url') ?? 'http://127.0.0.1:5678';
	const t0 = Date.now();
	const log = (m) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${m}`);
	const checks = new Checks(log);
	try {
		await runBrowserTest({
			baseUrl: url,
			email: DEMO_OWNER.email,
			password: DEMO_OWNER.password,
			truth: organisation(),
			checks,
			log,
			screenshots: option('screenshots') ?? SCREENSHOTS,
		});
	} catch (error) {
		checks.ok('browser test', false, error.stack);
	}
	console.log(checks.summary((Date.now() - t0) / 1000));
	process.exit(checks.failed ? 1 : 0);
}

/**
 * Every action the nodes panel lists. The panel may render only what is in view (n8n 2.x does), so
 * scroll to the last item until no new one appears.
 */
async function listedActions(page) {
	const items = page.getByTestId('item-iterator-item');
	const seen = new Set();
	for (let round = 0; round < 10; round++) {
		const before = seen.size;
		for (const text of await items.allInnerTexts()) seen.add(text.trim());
		if (round > 0 && seen.size === before) break;
		await items.last().scrollIntoViewIfNeeded();
		await page.waitForTimeout(150);
	}
	return [...seen];
}
