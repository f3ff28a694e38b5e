import { NodeHelpers, type INode, type INodeParameterResourceLocator, type INodeType } from 'n8n-workflow';

import { AwsCognito } from '../../nodes/AwsCognito/AwsCognito.node';
import { AwsCognitoTrigger } from '../../nodes/AwsCognito/AwsCognitoTrigger.node';

/**
 * The issues n8n's own validation finds in the User Pool parameter: n8n refuses to run or activate
 * a workflow with any ("The workflow has issues and cannot be executed").
 */
function userPoolIssues(nodeType: INodeType, parameters: INode['parameters'], userPool: INodeParameterResourceLocator) {
	const { description } = nodeType;
	const node: INode = {
		id: 'node-1',
		name: description.displayName,
		type: description.name,
		typeVersion: 1,
		position: [0, 0],
		parameters: { ...parameters, userPool },
	};
	const issues = NodeHelpers.getNodeParametersIssues(description.properties, node, description);
	return issues?.parameters?.userPool ?? [];
}

const byId = (value: string): INodeParameterResourceLocator => ({ __rl: true, mode: 'id', value });

describe.each([
	['AWS Cognito', new AwsCognito(), { resource: 'userPool', operation: 'get' }],
	['AWS Cognito Trigger', new AwsCognitoTrigger(), { emit: 'snapshot' }],
])('%s: User Pool locator as n8n validates it', (_name, nodeType, parameters) => {
	it('accepts "By ID" left empty (the credential\'s default pool)', () => {
		expect(userPoolIssues(nodeType, parameters, byId(''))).toEqual([]);
	});

	it('accepts a user pool ID and an expression', () => {
		expect(userPoolIssues(nodeType, parameters, byId('eu-west-1_T5HyXiR7I'))).toEqual([]);
		expect(userPoolIssues(nodeType, parameters, byId('={{ $json.pool }}'))).toEqual([]);
	});

	it('rejects text that is not a user pool ID, saying what one looks like', () => {
		expect(userPoolIssues(nodeType, parameters, byId('my pool'))).toEqual([
			"A user pool ID looks like us-east-1_T5HyXiR7I; leave it empty for the credential's default pool",
		]);
		expect(userPoolIssues(nodeType, parameters, byId('eu-west-1_'))).toHaveLength(1);
	});
});
