export { type RunningApi, type StartOptions, startApi } from './server';
export { createApiKey } from './services/api-keys';
