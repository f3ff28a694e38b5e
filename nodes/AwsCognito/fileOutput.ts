import { Readable } from 'stream';

import type { IBinaryData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import {
	FILE_FORMATS,
	snapshotFileLines,
	snapshotFileName,
	userRowLayout,
	type FileFormat,
	type FileLineCounts,
	type PoolSnapshot,
	type SnapshotGroup,
	type SnapshotOutput,
	type SnapshotStats,
	type UserPoolRecord,
} from './sync';

/** "Output As: One File" of the trigger and of Take Snapshot. */
export interface SnapshotFileSettings {
	format: FileFormat;
	/** The output item's binary property that holds the file. */
	binaryPropertyName: string;
	/** CSV only: neutralise text a spreadsheet would run as a formula. */
	guardFormulas: boolean;
}

/**
 * The one helper the file needs. n8n 1.x and 2.x both give it to executions and polls, and both
 * accept a stream: in filesystem (and S3, database) binary mode the file is written as it is
 * produced, never held whole; in 1.x's default in-memory mode n8n reads it into one buffer itself.
 */
export interface BinaryHelpers {
	prepareBinaryData(binaryData: Buffer | Readable, filePath?: string, mimeType?: string): Promise<IBinaryData>;
}

/** What the output item's json says about the file. */
export interface SnapshotFileInfo {
	fileName: string;
	format: FileFormat;
	mimeType: string;
	/** Size of the file in bytes. */
	bytes: number;
	/** User rows (CSV, after the header) or user lines (JSON Lines). */
	users: number;
	/** Group lines: JSON Lines of a snapshot only. */
	groups?: number;
	/** CSV only: the header, in order. */
	columns?: string[];
}

export interface SnapshotFileJson {
	userPoolId: string;
	pool?: UserPoolRecord;
	/** Snapshot only: every group with its member count, as the Snapshot item lists them. */
	groups?: SnapshotGroup[];
	file: SnapshotFileInfo;
	stats: SnapshotStats;
}

/** Lines gathered into chunks of about this many characters: few stream writes, little held at once. */
const CHUNK_CHARS = 64 * 1024;

function* chunksOf(lines: Iterable<string>, onChunk: (chunk: Buffer) => void): Generator<Buffer> {
	let pending: string[] = [];
	let size = 0;
	const flush = () => {
		const chunk = Buffer.from(pending.join(''), 'utf8');
		pending = [];
		size = 0;
		onChunk(chunk);
		return chunk;
	};
	for (const line of lines) {
		pending.push(line);
		size += line.length;
		if (size >= CHUNK_CHARS) yield flush();
	}
	if (pending.length > 0) yield flush();
}

/**
 * The snapshot as one item holding one file instead of an item per user: the file in the binary
 * property, its name, size and line counts with the snapshot's stats in the json. The same for the
 * trigger and for Take Snapshot.
 */
export async function snapshotFileItem(
	helpers: BinaryHelpers,
	snapshot: PoolSnapshot,
	output: SnapshotOutput,
	settings: SnapshotFileSettings,
): Promise<INodeExecutionData> {
	const { format } = settings;
	const counts: FileLineCounts = { users: 0, groups: 0 };
	let bytes = 0;
	const lines = snapshotFileLines(snapshot, output, format, { guardFormulas: settings.guardFormulas }, counts);
	const stream = Readable.from(
		chunksOf(lines, (chunk) => (bytes += chunk.length)),
		{ objectMode: false },
	);
	const fileName = snapshotFileName(snapshot, output, format);
	const { mimeType } = FILE_FORMATS[format];
	const binary = await helpers.prepareBinaryData(stream, fileName, mimeType);

	const file: SnapshotFileInfo = { fileName, format, mimeType, bytes, users: counts.users };
	if (format === 'jsonl' && output === 'snapshot') file.groups = counts.groups;
	if (format === 'csv') file.columns = userRowLayout(snapshot).columns;
	const json: SnapshotFileJson = {
		userPoolId: snapshot.userPoolId,
		...(output === 'snapshot' && snapshot.pool ? { pool: snapshot.pool } : {}),
		...(output === 'snapshot' ? { groups: [...snapshot.groups.values()] } : {}),
		file,
		stats: snapshot.stats,
	};
	return { json: { ...json } as IDataObject, binary: { [settings.binaryPropertyName]: binary } };
}
