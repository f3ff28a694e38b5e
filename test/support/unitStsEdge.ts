/**
 * Unit tests never reach AWS: every CognitoApi call first learns its account with STS
 * GetCallerIdentity (transport/accountScope.ts), so STS is mocked at the network edge for every unit
 * test file, answering one fixed account. Tests about accounts set their own answers on `sts`.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';

export const UNIT_ACCOUNT = '123456789012';

export const sts = mockClient(STSClient);

export function answerOneAccount(): void {
	sts.reset();
	sts.on(GetCallerIdentityCommand).resolves({ Account: UNIT_ACCOUNT, Arn: `arn:aws:iam::${UNIT_ACCOUNT}:user/unit` });
}

answerOneAccount();
beforeEach(answerOneAccount);
