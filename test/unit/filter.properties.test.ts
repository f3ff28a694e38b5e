/**
 * Properties of the ListUsers filter builder over random input: every filter it builds parses with
 * Cognito's grammar (attribute, operator, one double-quoted value with \" and \\ escapes) back to
 * exactly the attribute, match and value given, so it selects exactly the users it should; and
 * every input Cognito would refuse or misread is refused before any call, naming the field.
 */
import fc from 'fast-check';

import { FILTER_ATTRIBUTES, FilterError, buildUserFilter } from '../../nodes/AwsCognito/transport';

/** Cognito's filter grammar: `attribute op "value"`, the value's quote and backslash escaped. */
const FILTER = /^([a-z_:]+) (=|\^=) "((?:[^"\\]|\\["\\])*)"$/s;

function parseFilter(filter: string): { attribute: string; match: 'equals' | 'startsWith'; value: string } {
	const parsed = FILTER.exec(filter);
	if (!parsed) throw new Error(`not a Cognito filter: ${filter}`);
	return {
		attribute: parsed[1],
		match: parsed[2] === '=' ? 'equals' : 'startsWith',
		value: parsed[3].replace(/\\(["\\])/g, '$1'),
	};
}

/** Which of `values` a parsed filter selects, the way Cognito compares. */
function selected(filter: ReturnType<typeof parseFilter>, values: string[]): string[] {
	return values.filter((v) => (filter.match === 'equals' ? v === filter.value : v.startsWith(filter.value)));
}

const CONTROL = /[\u0000-\u001f]/;
const freeTextAttributes = FILTER_ATTRIBUTES.filter((name) => name !== 'status');
/** Text with the characters that matter most here: quotes, backslashes, spaces, operators, non-ASCII. */
const tricky = fc
	.array(fc.oneof(fc.constantFrom('"', '\\', ' ', '=', '^', "'", 'é', '😀', 'or'), fc.string({ maxLength: 3 })), {
		maxLength: 8,
	})
	.map((parts) => parts.join(''));
const cleanText = tricky.filter((text) => !CONTROL.test(text));
const match = fc.constantFrom('equals' as const, 'startsWith' as const);

describe('buildUserFilter properties', () => {
	it('round-trips every attribute, match and value through Cognito’s grammar', () => {
		fc.assert(
			fc.property(fc.constantFrom(...freeTextAttributes), match, cleanText, (attribute, how, value) => {
				fc.pre(!(how === 'startsWith' && value === ''));
				expect(parseFilter(buildUserFilter(attribute, how, value))).toEqual({ attribute, match: how, value });
			}),
			{ numRuns: 500 },
		);
	});

	it('selects exactly the users the match means, whatever the text', () => {
		fc.assert(
			fc.property(match, cleanText, fc.array(cleanText, { maxLength: 12 }), (how, value, others) => {
				fc.pre(!(how === 'startsWith' && value === ''));
				// Values near the filter's: itself, with something after it, before it, and unrelated ones.
				const values = [value, `${value}x`, `x${value}`, `${value}"`, ...others];
				const expected = values.filter((v) => (how === 'equals' ? v === value : v.startsWith(value)));
				expect(selected(parseFilter(buildUserFilter('email', how, value)), values)).toEqual(expected);
			}),
			{ numRuns: 300 },
		);
	});

	it('refuses control characters, unknown attributes and symbolic matches, naming the field', () => {
		const refusal = (run: () => unknown): FilterError | undefined => {
			try {
				run();
			} catch (error) {
				return error as FilterError;
			}
			return undefined;
		};
		fc.assert(
			fc.property(
				fc.constantFrom(...freeTextAttributes),
				cleanText,
				fc.constantFrom('\n', '\r', '\t', '\u0000', '\u001f'),
				cleanText,
				(attribute, before, control, after) => {
					expect(refusal(() => buildUserFilter(attribute, 'equals', `${before}${control}${after}`))?.field).toBe(
						'value',
					);
				},
			),
		);
		fc.assert(
			fc.property(fc.string({ maxLength: 20 }), cleanText, (attribute, value) => {
				fc.pre(!(FILTER_ATTRIBUTES as readonly string[]).includes(attribute));
				expect(refusal(() => buildUserFilter(attribute, 'equals', value))?.field).toBe('attribute');
			}),
		);
		fc.assert(
			fc.property(fc.string({ maxLength: 4 }), (how) => {
				fc.pre(how !== 'equals' && how !== 'startsWith');
				expect(refusal(() => buildUserFilter('email', how, 'x'))?.field).toBe('match');
			}),
		);
	});

	it('takes only Enabled or Disabled for status', () => {
		fc.assert(
			fc.property(cleanText, (value) => {
				const ok = value === 'Enabled' || value === 'Disabled';
				if (ok) expect(buildUserFilter('status', 'equals', value)).toBe(`status = "${value}"`);
				else expect(() => buildUserFilter('status', 'equals', value)).toThrow(FilterError);
			}),
		);
	});
});
