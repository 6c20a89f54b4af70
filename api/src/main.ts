// `npm start` runs this (through scripts/start.mjs) to serve the API.
import { ConfigError } from './config';
import { startApi } from './server';

try {
  const api = await startApi();
  const shutdown = async (signal: string) => {
    api.logger.info({ signal }, 'shutting down');
    await api.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
