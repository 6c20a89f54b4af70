// The web server's settings, read from the environment once at start-up and passed down.
import { z } from 'zod';

const configSchema = z.object({
  API_URL: z
    .string()
    .url()
    .refine((value) => /^https?:\/\//.test(value), 'API_URL must be an http(s) URL')
    .default('http://127.0.0.1:4000/graphql'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  // Loopback unless asked: the dashboard is reached through whatever the operator puts in front.
  HOST: z.string().min(1).default('127.0.0.1'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  COOKIE_SECURE: z.enum(['auto', 'on', 'off']).default('auto'),
  COOKIE_SECRET: z.string().min(32, 'COOKIE_SECRET must be at least 32 characters').optional(),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_NAME: z.string().min(1).default('single sign-on'),
  OIDC_REDIRECT_URL: z.string().url().optional(),
  OIDC_SCOPES: z.string().min(1).default('openid email profile'),
});

export interface OidcSettings {
  issuer: string;
  clientId: string;
  /** Absent for a public client (PKCE only). */
  clientSecret: string | null;
  /** What the login page's button says: "Sign in with <name>". */
  name: string;
  /** Absent: <the request's origin>/auth/oidc/callback. */
  redirectUrl: string | null;
  scopes: string;
}

export interface WebConfig {
  /** The API's GraphQL endpoint over HTTP. */
  apiUrl: string;
  /** The same endpoint for graphql-ws (ws:// or wss://). */
  apiWebSocketUrl: string;
  /** The API's origin over HTTP, for its non-GraphQL routes (/audit.csv). */
  apiOrigin: string;
  port: number;
  host: string;
  production: boolean;
  /** 'auto': Secure cookies when the request came over HTTPS (X-Forwarded-Proto or the URL). */
  cookieSecure: 'auto' | 'on' | 'off';
  /** Signs the short-lived OIDC cookie; random per start when unset. */
  cookieSecret: string | null;
  /** Sign-in with an OpenID Connect provider, when OIDC_ISSUER and OIDC_CLIENT_ID are set. */
  oidc: OidcSettings | null;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function oidcSettings(settings: z.infer<typeof configSchema>): OidcSettings | null {
  if (!settings.OIDC_ISSUER) return null;
  if (!settings.OIDC_CLIENT_ID) throw new ConfigError('OIDC_ISSUER is set but OIDC_CLIENT_ID is not');
  return {
    issuer: settings.OIDC_ISSUER,
    clientId: settings.OIDC_CLIENT_ID,
    clientSecret: settings.OIDC_CLIENT_SECRET ?? null,
    name: settings.OIDC_NAME,
    redirectUrl: settings.OIDC_REDIRECT_URL ?? null,
    scopes: settings.OIDC_SCOPES,
  };
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
    apiOrigin: new URL(settings.API_URL).origin,
    port: settings.PORT,
    host: settings.HOST,
    production: settings.NODE_ENV === 'production',
    cookieSecure: settings.COOKIE_SECURE,
    cookieSecret: settings.COOKIE_SECRET ?? null,
    oidc: oidcSettings(settings),
  };
}
