import type { IDisplayOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationOf, Resource } from '../actions/node.type';

/** The node's Resource field, its option values and default checked against the node's resources. */
export type ResourceField = INodeProperties & {
	options: Array<INodePropertyOptions & { value: Resource }>;
	default: Resource;
};

/** A resource's Operation field, its option values and default checked against the resource's operations. */
export type OperationField<R extends Resource> = INodeProperties & {
	displayOptions: { show: { resource: [R] } };
	options: Array<INodePropertyOptions & { value: OperationOf<R> }>;
	default: OperationOf<R>;
};

/** Shows a field only for one operation of one resource, both names checked against the node's operations. */
export function showFor<R extends Resource>(resource: R, operation: OperationOf<R>): IDisplayOptions {
	return { show: { resource: [resource], operation: [operation] } };
}
