import { Readable } from 'stream';

import { ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { BINARY_ENCODING, NodeOperationError, type IBinaryData, type IDataObject } from 'n8n-workflow';

import { AwsCognitoTrigger, FINGERPRINT_KEY } from '../../nodes/AwsCognito/AwsCognitoTrigger.node';
import { csvField, fingerprintOf, snapshotItem, userRows, type UserRow } from '../../nodes/AwsCognito/sync';
import { snapshotFileItem } from '../../nodes/AwsCognito/fileOutput';
import { pollContext } from '../support/engine';
import { FakePool } from '../support/fakePool';
import { useMockedCognito } from '../support/mockedCognito';
import { runNode, runNodeError } from '../support/nodeRunner';

const CREDENTIALS = {
	region: 'eu-west-1',
	accessKeyId: 'AKIDEXAMPLE',
	secretAccessKey: 'secret-value',
	quotaShare: 100,
};

/** Values a CSV writer gets wrong: separators, quotes, line breaks, edge spaces, formulas, non-ASCII. */
const TRICKY: Record<string, string>[] = [
	{ given_name: 'Ann, Jr.', family_name: 'O"Hara', 'custom:note': 'line one\nline two' },
	{ given_name: '=HYPERLINK("http://evil.example","click")', family_name: '+1+cmd|calc', 'custom:note': '@SUM(A1)' },
	{ given_name: '-2+3', family_name: ' padded ', 'custom:note': 'crlf\r\nend', phone_number: '+31600000000' },
	{ given_name: 'Zoë', family_name: '山田', 'custom:note': '"quoted"', 'custom:score': '-12.5' },
	{ given_name: '\tTabbed', family_name: "'already", 'custom:note': '' },
];

function trickyPool(): FakePool {
	const pool = new FakePool();
	TRICKY.forEach((attributes, i) => pool.addUser(`user-${i}`, { email: `user-${i}@example.com`, ...attributes }));
	pool.addUser('plain', { email: 'plain@example.com' });
	pool.addGroup('admins', { Description: 'Admins, "all" of them' });
	pool.addGroup('staff');
	pool.addMember('admins', 'user-0');
	pool.addMember('staff', 'user-0');
	pool.addMember('staff', 'user-1');
	return pool;
}

/** An RFC 4180 reader of our own: quoted fields, doubled quotes, CRLF or LF records. */
function parseCsv(text: string): string[][] {
	const records: string[][] = [];
	let record: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') ((field += '"'), i++);
			else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') (record.push(field), (field = ''));
		else if (c === '\r' && text[i + 1] === '\n') continue;
		else if (c === '\n') (record.push(field), records.push(record), (record = []), (field = ''));
		else field += c;
	}
	if (field !== '' || record.length > 0) throw new Error('the CSV does not end with a line break');
	return records;
}

/** What a CSV cell holds for a row value: null as empty, the rest as text. */
const cell = (value: UserRow[string]) => (value === null ? '' : String(value));
/** A value as Escape Formulas writes it. */
const guarded = (value: string) => (/^[=+\-@\t\r]/.test(value) && !/^[+-]?[\d.]+$/.test(value) ? `'${value}` : value);

const fileText = (binary: IBinaryData) => Buffer.from(binary.data, BINARY_ENCODING).toString('utf8');
const bySub = (a: { sub?: unknown }, b: { sub?: unknown }) => (String(a.sub) < String(b.sub) ? -1 : 1);

describe('csvField', () => {
	it('quotes what RFC 4180 requires, and only that', () => {
		expect(csvField('plain', false)).toBe('plain');
		expect(csvField('a,b', false)).toBe('"a,b"');
		expect(csvField('say "hi"', false)).toBe('"say ""hi"""');
		expect(csvField('two\nlines', false)).toBe('"two\nlines"');
		expect(csvField(' edge', false)).toBe('" edge"');
		expect(csvField(null, false)).toBe('');
		expect(csvField(true, false)).toBe('true');
		expect(csvField(3, false)).toBe('3');
	});

	it('escapes formulas but not numbers', () => {
		expect(csvField('=1+2', true)).toBe("'=1+2");
		expect(csvField('@SUM(A1)', true)).toBe("'@SUM(A1)");
		expect(csvField('-2+3', true)).toBe("'-2+3");
		expect(csvField('+1+cmd|calc', true)).toBe("'+1+cmd|calc");
		expect(csvField('\tx', true)).toBe("'\tx");
		expect(csvField('=a,"b"', true)).toBe('"\'=a,""b"""');
		expect(csvField('+31600000000', true)).toBe('+31600000000');
		expect(csvField('-12.5', true)).toBe('-12.5');
		expect(csvField('1e5', true)).toBe('1e5');
		expect(csvField('=1+2', false)).toBe('=1+2');
		expect(csvField(-1, true)).toBe('-1');
	});
});

describe('trigger: Emit Users or Snapshot as one file', () => {
	const cognito = useMockedCognito();
	const trigger = new AwsCognitoTrigger();
	let pool: FakePool;

	beforeEach(() => {
		pool = trickyPool();
		pool.install(cognito);
	});

	async function poll(parameters: Record<string, unknown>, staticData: IDataObject = {}, mode = 'trigger') {
		const context = pollContext({
			parameters: { userPool: { mode: 'id', value: pool.id }, outputAs: 'file', ...parameters },
			credentials: CREDENTIALS,
			mode: mode as 'trigger' | 'manual',
			staticData,
		});
		return await trigger.poll.call(context);
	}

	it('shows Output As for Emit Snapshot and Users only, and the file fields for One File', () => {
		const shown = (name: string) => trigger.description.properties.find((p) => p.name === name)?.displayOptions?.show;
		expect(shown('outputAs')).toEqual({ emit: ['snapshot', 'users'] });
		expect(shown('fileFormat')).toEqual({ emit: ['snapshot', 'users'], outputAs: ['file'] });
		expect(shown('binaryPropertyName')).toEqual({ emit: ['snapshot', 'users'], outputAs: ['file'] });
		expect(shown('escapeFormulas')).toEqual({ emit: ['snapshot', 'users'], outputAs: ['file'], fileFormat: ['csv'] });
	});

	it('CSV: one item, the file in "data", its rows exactly the Users rows (formulas escaped)', async () => {
		const staticData: IDataObject = {};
		const result = await poll({ emit: 'users', fileFormat: 'csv' }, staticData);
		expect(result).toHaveLength(1);
		const [[item, ...rest]] = result ?? [[]];
		expect(rest).toEqual([]);
		const binary = item.binary?.data as IBinaryData;
		expect(binary.mimeType).toBe('text/csv');
		expect(binary.fileName).toMatch(/^cognito-users-eu-west-1_FakePool1-\d{8}T\d{6}Z\.csv$/);

		const text = fileText(binary);
		const [header, ...records] = parseCsv(text);
		const rows = userRows(pool.expectedSnapshot());
		expect(header).toEqual(Object.keys(rows[0]));
		expect(records).toHaveLength(TRICKY.length + 1);
		const expected = rows.map((row) =>
			header.map((column) => (typeof row[column] === 'string' ? guarded(cell(row[column])) : cell(row[column]))),
		);
		expect(records).toEqual(expected);
		// The tricky values themselves, as a spreadsheet user sees them.
		const note = header.indexOf('custom:note');
		expect(records.map((r) => r[note])).toEqual(
			expect.arrayContaining(['line one\nline two', "'@SUM(A1)", 'crlf\r\nend', '"quoted"']),
		);
		expect(records.flat()).toContain('+31600000000');

		expect(item.json).toMatchObject({
			userPoolId: pool.id,
			file: {
				fileName: binary.fileName,
				format: 'csv',
				mimeType: 'text/csv',
				bytes: Buffer.byteLength(text),
				users: TRICKY.length + 1,
				columns: header,
			},
			stats: { counts: { users: TRICKY.length + 1, groups: 2, memberships: 3 } },
		});
		expect(item.json).not.toHaveProperty('groups');
		// Recorded as any poll: the next Changes poll would compare against this pool.
		expect(staticData[FINGERPRINT_KEY]).toEqual({ ...fingerprintOf(pool.expectedSnapshot()) });
	});

	it('CSV without Escape Formulas: every value back exactly as Cognito holds it', async () => {
		const result = await poll({ emit: 'users', fileFormat: 'csv', escapeFormulas: false });
		const [header, ...records] = parseCsv(fileText(result?.[0][0].binary?.data as IBinaryData));
		const rows = userRows(pool.expectedSnapshot());
		expect(records).toEqual(rows.map((row) => header.map((column) => cell(row[column]))));
		const given = header.indexOf('given_name');
		expect(records.map((r) => r[given])).toEqual(
			expect.arrayContaining(['Ann, Jr.', '=HYPERLINK("http://evil.example","click")', '-2+3', 'Zoë', '\tTabbed']),
		);
	});

	it('JSON Lines of Users: each line is the Users item of that user, in a field of my choice', async () => {
		const result = await poll({ emit: 'users', fileFormat: 'jsonl', binaryPropertyName: ' export ' });
		const item = result?.[0][0];
		expect(Object.keys(item?.binary ?? {})).toEqual(['export']);
		const binary = item?.binary?.export as IBinaryData;
		expect(binary.mimeType).toBe('application/x-ndjson');
		expect(binary.fileName).toMatch(/\.jsonl$/);
		const text = fileText(binary);
		expect(text.endsWith('\n')).toBe(true);
		const lines = text
			.trimEnd()
			.split('\n')
			.map((line) => JSON.parse(line) as UserRow);
		expect(lines).toEqual(userRows(pool.expectedSnapshot()));
		expect(item?.json.file).toMatchObject({ format: 'jsonl', users: TRICKY.length + 1 });
		expect(item?.json.file).not.toHaveProperty('columns');
	});

	it('JSON Lines of a Snapshot: group lines then user lines, each typed; the groups also in the json', async () => {
		const result = await poll({ emit: 'snapshot', fileFormat: 'jsonl', options: { includePoolDescription: false } });
		const item = result?.[0][0];
		const lines = fileText(item?.binary?.data as IBinaryData)
			.trimEnd()
			.split('\n')
			.map((line) => JSON.parse(line) as IDataObject);
		const expected = snapshotItem(pool.expectedSnapshot());
		const types = lines.map((line) => line.type);
		expect(types).toEqual([...expected.groups.map(() => 'group'), ...expected.users.map(() => 'user')]);
		const strip = ({ type: _type, ...rest }: IDataObject) => rest;
		expect(lines.filter((l) => l.type === 'group').map(strip)).toEqual(JSON.parse(JSON.stringify(expected.groups)));
		expect(lines.filter((l) => l.type === 'user').map(strip)).toEqual(JSON.parse(JSON.stringify(expected.users)));
		expect(item?.json).toMatchObject({
			file: { users: 6, groups: 2 },
			groups: JSON.parse(JSON.stringify(expected.groups)),
		});
		expect(item?.json).not.toHaveProperty('users');
	});

	it('a manual test run writes the whole file and records nothing', async () => {
		const staticData: IDataObject = {};
		const result = await poll({ emit: 'users', fileFormat: 'jsonl' }, staticData, 'manual');
		expect(result?.[0][0].json.file).toMatchObject({ users: TRICKY.length + 1 });
		expect(staticData).toEqual({});
	});

	it('Changes ignores Output As', async () => {
		const staticData: IDataObject = {};
		expect(await poll({ emit: 'changes', fileFormat: 'csv' }, staticData)).toBeNull();
		pool.addUser('newcomer', { email: 'new@example.com' });
		const result = await poll({ emit: 'changes', fileFormat: 'csv' }, staticData);
		expect(result?.[0].map((i) => [i.json.event, i.binary])).toEqual([['user.created', undefined]]);
	});

	it.each([
		[{ binaryPropertyName: '  ' }, 'Put Output File in Field is empty'],
		[{ fileFormat: 'xlsx' }, 'File Format "xlsx" is not supported: choose "CSV" or "JSON Lines"'],
		[{ outputAs: 'zip' }, 'Output As "zip" is not supported: choose "Items" or "One File"'],
	])('bad input %j fails before any call, naming the field', async (parameters, message) => {
		await expect(poll({ emit: 'users', ...parameters })).rejects.toThrow(message);
		await expect(poll({ emit: 'users', ...parameters })).rejects.toThrow(NodeOperationError);
		expect(cognito.calls()).toHaveLength(0);
	});
});

describe('action: Take Snapshot as one file', () => {
	const cognito = useMockedCognito();
	let pool: FakePool;

	beforeEach(() => {
		pool = trickyPool();
		pool.install(cognito);
	});

	const run = async (parameters: Record<string, unknown>, items = 1) =>
		await runNode(
			'userPool',
			'snapshot',
			{ outputAs: 'file', ...parameters },
			{
				credentials: CREDENTIALS,
				userPoolId: pool.id,
				items,
			},
		);

	it('Users as CSV: one item per input item, paired, with the file; rows equal the pool', async () => {
		const items = await run({ output: 'users', fileFormat: 'csv', escapeFormulas: false }, 2);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		for (const item of items) {
			const [header, ...records] = parseCsv(fileText(item.binary?.data as IBinaryData));
			const rows = userRows(pool.expectedSnapshot()).sort(bySub);
			const parsed = records.map((r) => Object.fromEntries(header.map((c, i) => [c, r[i]]))).sort(bySub);
			expect(parsed).toEqual(rows.map((row) => Object.fromEntries(header.map((c) => [c, cell(row[c])]))));
			expect(item.json).toMatchObject({ userPoolId: pool.id, file: { users: 6 }, stats: { plan: 'groups' } });
		}
	});

	it('Snapshot as JSON Lines with the pool description: the pool and groups in the json, users in the file', async () => {
		const [item] = await run({ output: 'snapshot', fileFormat: 'jsonl', options: { includePoolDescription: true } });
		expect(item.json).toHaveProperty('pool');
		expect((item.json.groups as IDataObject[]).map((g) => [g.groupName, g.memberCount])).toEqual([
			['admins', 1],
			['staff', 2],
		]);
		const users = fileText(item.binary?.data as IBinaryData)
			.trimEnd()
			.split('\n')
			.map((line) => JSON.parse(line) as IDataObject)
			.filter((line) => line.type === 'user');
		expect(users.map((u) => u.username).sort()).toEqual(['plain', ...TRICKY.map((_, i) => `user-${i}`)]);
	});

	it('Items stays the default: one item per user', async () => {
		const items = await runNode(
			'userPool',
			'snapshot',
			{ output: 'users' },
			{ credentials: CREDENTIALS, userPoolId: pool.id },
		);
		expect(items).toHaveLength(6);
		expect(items.every((i) => i.binary === undefined)).toBe(true);
	});

	it('a blank field name fails before any call, naming the field and the item', async () => {
		const error = await runNodeError(
			'userPool',
			'snapshot',
			{ outputAs: 'file', binaryPropertyName: '   ' },
			{ credentials: CREDENTIALS, userPoolId: pool.id },
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(/^Put Output File in Field is empty/);
		expect(error.context.itemIndex).toBe(0);
		expect(cognito.commandCalls(ListUsersCommand)).toHaveLength(0);
	});
});

describe('snapshotFileItem', () => {
	it('hands n8n a stream written in chunks, never the whole file at once', async () => {
		const pool = new FakePool();
		for (let i = 0; i < 2000; i++) pool.addUser(`user-${String(i).padStart(4, '0')}`, { email: `u${i}@example.com` });
		const snapshot = pool.expectedSnapshot();
		const chunks: Buffer[] = [];
		const helpers = {
			async prepareBinaryData(data: Buffer | Readable, fileName?: string, mimeType?: string): Promise<IBinaryData> {
				expect(data).toBeInstanceOf(Readable);
				for await (const chunk of data as Readable) chunks.push(chunk as Buffer);
				return { data: '', mimeType: mimeType ?? '', fileName };
			},
		};
		const item = await snapshotFileItem(helpers, snapshot, 'users', {
			format: 'csv',
			binaryPropertyName: 'data',
			guardFormulas: true,
		});
		const text = Buffer.concat(chunks).toString('utf8');
		expect(chunks.length).toBeGreaterThan(3);
		for (const chunk of chunks) expect(chunk.length).toBeLessThan(70 * 1024);
		expect(item.json.file).toMatchObject({ users: 2000, bytes: Buffer.byteLength(text) });
		const [header, ...records] = parseCsv(text);
		expect(records.map((r) => r[header.indexOf('username')])).toEqual(userRows(snapshot).map((r) => r.username));
	});
});
