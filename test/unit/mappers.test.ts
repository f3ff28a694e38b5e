import { simplifyGroup, simplifyUser, simplifyUserPool } from '../../nodes/AwsCognito/simplify';
import { recordToAttributes } from '../../nodes/AwsCognito/transport';

describe('mappers', () => {
	const created = new Date('2026-01-02T03:04:05.000Z');

	it('simplifies a ListUsers user, keeping every attribute verbatim', () => {
		const user = simplifyUser({
			Username: 'jane',
			Enabled: false,
			UserStatus: 'CONFIRMED',
			UserCreateDate: created,
			UserLastModifiedDate: created,
			Attributes: [
				{ Name: 'sub', Value: 'abc-123' },
				{ Name: 'email', Value: 'jane@example.com' },
				{ Name: 'email_verified', Value: 'true' },
				{ Name: 'given_name', Value: 'Jane' },
				{ Name: 'custom:department', Value: 'Finance' },
			],
		});
		expect(user).toEqual({
			username: 'jane',
			sub: 'abc-123',
			email: 'jane@example.com',
			email_verified: true,
			given_name: 'Jane',
			family_name: undefined,
			enabled: false,
			status: 'CONFIRMED',
			createdAt: '2026-01-02T03:04:05.000Z',
			updatedAt: '2026-01-02T03:04:05.000Z',
			attributes: {
				sub: 'abc-123',
				email: 'jane@example.com',
				email_verified: 'true',
				given_name: 'Jane',
				'custom:department': 'Finance',
			},
		});
	});

	it('reads AdminGetUser responses (UserAttributes) the same way', () => {
		const user = simplifyUser({ Username: 'bob', Enabled: true, UserAttributes: [{ Name: 'sub', Value: 's-1' }] });
		expect(user).toMatchObject({ username: 'bob', sub: 's-1', enabled: true, attributes: { sub: 's-1' } });
	});

	it('simplifies groups and pools', () => {
		expect(
			simplifyGroup({
				GroupName: 'admins',
				Precedence: 1,
				RoleArn: 'arn:aws:iam::123456789012:role/x',
				CreationDate: created,
			}),
		).toMatchObject({
			groupName: 'admins',
			precedence: 1,
			roleArn: 'arn:aws:iam::123456789012:role/x',
			createdAt: created.toISOString(),
		});
		const pool = simplifyUserPool({
			Id: 'us-east-1_abc',
			Name: 'staff',
			UserPoolTier: 'ESSENTIALS',
			SchemaAttributes: [
				{ Name: 'email', Required: true },
				{ Name: 'custom:department', Required: false },
			],
		});
		expect(pool).toMatchObject({
			id: 'us-east-1_abc',
			featureTier: 'ESSENTIALS',
			requiredAttributes: ['email'],
			customAttributes: ['custom:department'],
		});
	});

	it('turns a record back into Cognito attributes', () => {
		expect(recordToAttributes({ nickname: 'J', 'custom:team': 'x' })).toEqual([
			{ Name: 'nickname', Value: 'J' },
			{ Name: 'custom:team', Value: 'x' },
		]);
	});
});
