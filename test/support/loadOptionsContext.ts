import type { IGetNodeParameterOptions, ILoadOptionsFunctions } from 'n8n-workflow';

import { extractValue, FAKE_NODE } from './executeContext';

export interface FakeLoadOptionsOptions {
	/** The node's current parameters, as the editor sends them (resource locators as {mode, value}). */
	parameters?: Record<string, unknown>;
	credentials?: Record<string, unknown>;
}

/**
 * A small stand-in for the context n8n gives listSearch methods: the credential, the node and the
 * node's current parameters.
 */
export function fakeLoadOptionsContext(options: FakeLoadOptionsOptions = {}): ILoadOptionsFunctions {
	const parameters = options.parameters ?? {};
	const context = {
		getNode: () => FAKE_NODE,
		getCredentials: async () => options.credentials ?? {},
		getCurrentNodeParameter: (name: string, parameterOptions?: IGetNodeParameterOptions) =>
			extractValue(parameters[name], parameterOptions),
		getCurrentNodeParameters: () => parameters,
	};
	return context as unknown as ILoadOptionsFunctions;
}
