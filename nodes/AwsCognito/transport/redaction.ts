/** Shorter values would redact ordinary words; AWS secrets and tokens are far longer. */
const MIN_SECRET_LENGTH = 4;

export const REDACTED = '[redacted]';

/** The forms a secret can take in a message: as typed, URL-encoded (in a URL or a query) and base64. */
function formsOf(secret: string): string[] {
	const forms = new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')]);
	return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

/** `text` with every occurrence of each secret, in any of its forms, replaced by "[redacted]". */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
	let safe = text;
	for (const secret of secrets) {
		if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
		for (const form of formsOf(secret)) safe = safe.split(form).join(REDACTED);
	}
	return safe;
}
