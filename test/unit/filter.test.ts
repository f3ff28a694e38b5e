import { buildUserFilter, escapeFilterValue, FilterError, FILTER_ATTRIBUTES } from '../../nodes/AwsCognito/transport';

describe('buildUserFilter', () => {
	it('builds equals and starts-with filters with the value quoted', () => {
		expect(buildUserFilter('email', 'equals', 'jane@example.com')).toBe('email = "jane@example.com"');
		expect(buildUserFilter('cognito:user_status', 'equals', 'CONFIRMED')).toBe('cognito:user_status = "CONFIRMED"');
		expect(buildUserFilter('family_name', 'startsWith', 'Red')).toBe('family_name ^= "Red"');
		expect(buildUserFilter('status', 'equals', 'Disabled')).toBe('status = "Disabled"');
	});

	it('escapes quotes and backslashes so that user text cannot close the value', () => {
		expect(escapeFilterValue('a"b\\c')).toBe('a\\"b\\\\c');
		const filter = buildUserFilter('name', 'equals', 'x" or email ^= "');
		expect(filter).toBe('name = "x\\" or email ^= \\""');
		// The value is the only quoted span: every quote inside it is escaped.
		const inner = filter.slice(filter.indexOf('"') + 1, -1);
		expect(inner.replace(/\\\\/g, '').replace(/\\"/g, '')).not.toContain('"');
	});

	it('rejects attributes Cognito cannot filter on, naming the allowed ones', () => {
		expect(() => buildUserFilter('custom:department', 'equals', 'x')).toThrow(FilterError);
		expect(() => buildUserFilter('custom:department', 'equals', 'x')).toThrow(
			`Cannot filter users by "custom:department": Cognito can only filter on ${FILTER_ATTRIBUTES.join(', ')}`,
		);
	});

	it('rejects symbolic or unknown match types, empty prefixes, control characters and bad status values', () => {
		expect(() => buildUserFilter('email', '^=', 'x')).toThrow('use "equals" or "startsWith"');
		expect(() => buildUserFilter('email', 'startsWith', '')).toThrow('needs a value');
		expect(() => buildUserFilter('email', 'equals', 'a\nb')).toThrow('control character');
		expect(() => buildUserFilter('status', 'equals', 'enabled')).toThrow('"Enabled" or "Disabled"');
		try {
			buildUserFilter('status', 'equals', 'on');
		} catch (error) {
			expect((error as FilterError).field).toBe('value');
		}
	});
});
