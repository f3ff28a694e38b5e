import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import { CognitoError, FilterError, NETWORK_CODES } from './transport';

/** Zero-width space: invisible, but it breaks a code hidden inside a word ("ResourceNotFound" holds ENOTFOUND). */
const WORD_BREAK = '\u200b';
const CODE_INSIDE_WORDS = new RegExp(`(${NETWORK_CODES.join('|')})`, 'gi');

/**
 * `text` as n8n will show it. n8n's NodeError replaces any message containing a network code such
 * as ECONNREFUSED (in any case, even inside a word) with a generic "perhaps it is offline", which
 * would hide the endpoint and the fix we name. The transport already says codes in words; what is
 * left (a user or group named "econnrefused-bot", an AWS error name such as ResourceNotFound) is
 * shown as it is, with the code broken invisibly.
 */
export function survivesN8n(text: string): string {
	return text.replace(CODE_INSIDE_WORDS, (code) => `${code[0]}${WORD_BREAK}${code.slice(1)}`);
}

/** Turns a transport error into n8n's error types, keeping AWS's reason and never a secret. */
export function toNodeError(node: INode, error: unknown, itemIndex?: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof CognitoError) {
		const message = survivesN8n(error.message);
		const network = error.kind === 'unreachable' || error.kind === 'timedOut';
		const payload: JsonObject = {
			// A network code here would be n8n's `code` too: name the kind instead.
			name: network ? error.kind : survivesN8n(error.awsName),
			message,
			operation: error.operation ?? null,
			kind: error.kind,
		};
		return new NodeApiError(node, payload, {
			message,
			description: survivesN8n(error.hint),
			itemIndex,
			httpCode: error.httpStatusCode ? String(error.httpStatusCode) : undefined,
		});
	}
	if (error instanceof FilterError) {
		return new NodeOperationError(node, survivesN8n(error.message), {
			description: `Fix the filter's ${error.field}.`,
			itemIndex,
		});
	}
	const message = survivesN8n(error instanceof Error ? error.message : String(error));
	// A plain message, not the error: n8n would read its `code` (ECONNREFUSED from a socket) too.
	return new NodeOperationError(node, message, { itemIndex });
}
