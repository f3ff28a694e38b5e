import { redactSecrets, REDACTED } from '../../nodes/AwsCognito/transport';

const SECRET = 'wJalr/XUtnFEMI+K7MDENG=bPxRfiCY';

describe('redactSecrets', () => {
	it('removes a secret as typed, URL-encoded and base64-encoded', () => {
		const text = [SECRET, encodeURIComponent(SECRET), Buffer.from(SECRET).toString('base64')].join(' | ');
		const safe = redactSecrets(text, [SECRET]);
		expect(safe).toBe([REDACTED, REDACTED, REDACTED].join(' | '));
	});

	it('ignores absent and too-short values, which would redact ordinary words', () => {
		expect(redactSecrets('the key is abc', [undefined, '', 'abc'])).toBe('the key is abc');
	});

	it('removes every secret given, every time it occurs', () => {
		expect(redactSecrets('a-token-1 b a-token-1 c s3cr3t!', ['a-token-1', 's3cr3t!'])).toBe(
			`${REDACTED} b ${REDACTED} c ${REDACTED}`,
		);
	});
});
