import type { UserPoolRecord } from './records';
import type { PoolSnapshot, SnapshotGroup, SnapshotStats, SnapshotUser } from './types';

/** How a snapshot becomes items, in the trigger and in the action node alike. */
export type SnapshotOutput = 'snapshot' | 'users';

export interface SnapshotItem {
	userPoolId: string;
	pool?: UserPoolRecord;
	/** Each with its group names, when memberships were read. */
	users: SnapshotUser[];
	/** Each with its member count, when memberships were read. */
	groups: SnapshotGroup[];
	stats: SnapshotStats;
}

/** A user as one flat row: the same columns for every user of the snapshot, ready for CSV. */
export type UserRow = Record<string, string | number | boolean | null>;

/** Attributes that already have a column of their own in a user row. */
const ROW_FIELDS = ['sub', 'email', 'email_verified', 'given_name', 'family_name'] as const;

const firstN = <T>(values: Iterable<T>, limit: number | undefined): T[] => {
	const all = [...values];
	return limit === undefined ? all : all.slice(0, limit);
};

/** The whole snapshot as one item; `limit` caps the users and groups listed (manual test runs). */
export function snapshotItem(snapshot: PoolSnapshot, limit?: number): SnapshotItem {
	const item: SnapshotItem = {
		userPoolId: snapshot.userPoolId,
		users: firstN(snapshot.users.values(), limit),
		groups: firstN(snapshot.groups.values(), limit),
		stats: snapshot.stats,
	};
	if (snapshot.pool) item.pool = snapshot.pool;
	return item;
}

/** The columns of a snapshot's user rows: the same for every user, computed once per snapshot. */
export interface UserRowLayout {
	/** Every column, in order. */
	columns: string[];
	/** Attributes other than the main fields, each a column of its own, sorted. */
	attributeColumns: string[];
	/** Whether memberships were read, so that rows carry `groups` and `groupCount`. */
	withGroups: boolean;
}

const MAIN_COLUMNS = [
	'sub',
	'username',
	'email',
	'email_verified',
	'given_name',
	'family_name',
	'enabled',
	'status',
	'createdAt',
	'updatedAt',
] as const;

export function userRowLayout(snapshot: PoolSnapshot): UserRowLayout {
	const extraAttributes = new Set<string>();
	for (const user of snapshot.users.values()) {
		for (const name of Object.keys(user.attributes)) {
			if (!(ROW_FIELDS as readonly string[]).includes(name)) extraAttributes.add(name);
		}
	}
	const attributeColumns = [...extraAttributes].sort();
	const withGroups = snapshot.memberships !== undefined;
	const columns = [...MAIN_COLUMNS, ...attributeColumns, ...(withGroups ? ['groups', 'groupCount'] : [])];
	return { columns, attributeColumns, withGroups };
}

/** One user as a row of the layout. */
export function userRow(user: SnapshotUser, layout: UserRowLayout): UserRow {
	const row: UserRow = {
		sub: user.sub ?? null,
		username: user.username,
		email: user.email ?? null,
		email_verified: user.email_verified ?? null,
		given_name: user.given_name ?? null,
		family_name: user.family_name ?? null,
		enabled: user.enabled,
		status: user.status ?? null,
		createdAt: user.createdAt ?? null,
		updatedAt: user.updatedAt ?? null,
	};
	for (const name of layout.attributeColumns) row[name] = user.attributes[name] ?? null;
	if (layout.withGroups) {
		// Cognito group names cannot contain spaces, so ", " is never part of one.
		row.groups = (user.groups ?? []).join(', ');
		row.groupCount = user.groups?.length ?? 0;
	}
	return row;
}

/**
 * One row per user: the main fields, then every other attribute found in the pool under its own
 * name (null where a user lacks it), then `groups` (names joined with ", ") and `groupCount` when
 * memberships were read.
 */
export function userRows(snapshot: PoolSnapshot, limit?: number): UserRow[] {
	const layout = userRowLayout(snapshot);
	return firstN(snapshot.users.values(), limit).map((user) => userRow(user, layout));
}

export function snapshotOutput(
	snapshot: PoolSnapshot,
	output: SnapshotOutput,
	limit?: number,
): Array<SnapshotItem | UserRow> {
	return output === 'users' ? userRows(snapshot, limit) : [snapshotItem(snapshot, limit)];
}

/** The formats of the one-file output: CSV rows, or JSON Lines (one JSON object a line). */
export type FileFormat = 'csv' | 'jsonl';

export const FILE_FORMATS: Record<FileFormat, { extension: string; mimeType: string }> = {
	csv: { extension: 'csv', mimeType: 'text/csv' },
	jsonl: { extension: 'jsonl', mimeType: 'application/x-ndjson' },
};

export interface FileWriterOptions {
	/** CSV only: prefix `'` to text that a spreadsheet would run as a formula (see csvField). */
	guardFormulas: boolean;
}

/** What a spreadsheet reads as the start of a formula (OWASP's list for CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A number, signed or not: a spreadsheet reads it as that number, never as a formula. */
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** Fields that must be quoted (RFC 4180), and those with edge spaces that some readers would trim. */
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/**
 * One CSV field: empty for null, quoted (inner quotes doubled) when it holds a comma, a quote, a
 * line break or edge spaces. With `guardFormulas`, text starting with =, +, -, @, tab or CR gets a
 * leading `'` unless it is a plain number (a phone number such as +31600000000 stays as it is).
 */
export function csvField(value: string | number | boolean | null, guardFormulas: boolean): string {
	if (value === null) return '';
	let text = String(value);
	if (typeof value === 'string' && guardFormulas && FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) {
		text = `'${text}`;
	}
	return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLine(values: Array<string | number | boolean | null>, guardFormulas: boolean): string {
	return `${values.map((value) => csvField(value, guardFormulas)).join(',')}\r\n`;
}

/** The lines a one-file output writes, each with its line ending. */
export interface FileLineCounts {
	users: number;
	/** Group lines (JSON Lines of a snapshot only). */
	groups: number;
}

/**
 * The file's text, line by line, so that it can be written without holding it whole:
 * - CSV: a header, then one row per user (the Users rows' columns), CRLF line endings;
 * - JSON Lines of Users: one Users row per line;
 * - JSON Lines of a Snapshot: a line per group (`"type":"group"`, with its member count), then a
 *   line per user (`"type":"user"`, with every attribute and its group names), so that the file
 *   alone holds the whole snapshot. Memberships are each user's `groups`, not lines of their own.
 * `counts` is filled in as lines are produced.
 */
export function* snapshotFileLines(
	snapshot: PoolSnapshot,
	output: SnapshotOutput,
	format: FileFormat,
	options: FileWriterOptions,
	counts: FileLineCounts = { users: 0, groups: 0 },
): Generator<string> {
	if (format === 'jsonl' && output === 'snapshot') {
		for (const group of snapshot.groups.values()) {
			counts.groups++;
			yield `${JSON.stringify({ type: 'group', ...group })}\n`;
		}
		for (const user of snapshot.users.values()) {
			counts.users++;
			yield `${JSON.stringify({ type: 'user', ...user })}\n`;
		}
		return;
	}
	const layout = userRowLayout(snapshot);
	if (format === 'csv') yield csvLine(layout.columns, options.guardFormulas);
	for (const user of snapshot.users.values()) {
		const row = userRow(user, layout);
		counts.users++;
		yield format === 'csv'
			? csvLine(
					layout.columns.map((column) => row[column]),
					options.guardFormulas,
				)
			: `${JSON.stringify(row)}\n`;
	}
}

/** `cognito-<users|snapshot>-<pool id>-<when the snapshot started, 20240601T000000Z>.<csv|jsonl>`. */
export function snapshotFileName(snapshot: PoolSnapshot, output: SnapshotOutput, format: FileFormat): string {
	const stamp = snapshot.stats.takenAt.replace(/\.\d+/, '').replace(/[-:]/g, '');
	const pool = snapshot.userPoolId.replace(/[^A-Za-z0-9_-]/g, '_');
	return `cognito-${output}-${pool}-${stamp}.${FILE_FORMATS[format].extension}`;
}
