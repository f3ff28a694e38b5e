/** An AWS region name such as "us-east-1", "eu-central-2" or "us-gov-west-1". */
export const AWS_REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export function isAwsRegion(value: string): boolean {
	return AWS_REGION_PATTERN.test(value);
}
