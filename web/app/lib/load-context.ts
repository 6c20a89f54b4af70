// What the web server hands every loader and action.
import type { ApiClient } from './api.server';

declare module '@remix-run/node' {
  interface AppLoadContext {
    api: ApiClient;
  }
}
