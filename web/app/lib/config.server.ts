// The web server's settings, read from the environment once at start-up and passed down.
import { z } from 'zod';

const configSchema = z.object({
  API_URL: z
    .string()
    .url()
    .refine((value) => /^https?:\/\//.test(value), 'API_URL must be an http(s) URL')
    .default('http://127.0.0.1:4000/graphql'),
  DASHBOARD_API_KEY: z.string().trim().min(1).optional(),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
});

export interface WebConfig {
  /** The API's GraphQL endpoint over HTTP. */
  apiUrl: string;
  /** The same endpoint for graphql-ws (ws:// or wss://). */
  apiWebSocketUrl: string;
  /** The dashboard's ANALYST key; without it the dashboard sees what anonymous users see. */
  dashboardApiKey: string | null;
  port: number;
  host: string;
  production: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined>): WebConfig {
  const parsed = configSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== '')),
  );
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid web configuration: ${problems.join('; ')}`);
  }
  const settings = parsed.data;
  return {
    apiUrl: settings.API_URL,
    apiWebSocketUrl: settings.API_URL.replace(/^http/, 'ws'),
    dashboardApiKey: settings.DASHBOARD_API_KEY ?? null,
    port: settings.PORT,
    host: settings.HOST,
    production: settings.NODE_ENV === 'production',
  };
}
