// Walks Vite's client build manifest from entry modules to every JavaScript file they load,
// lazily loaded chunks included.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

export type ViteManifest = Record<string, ManifestChunk>;

const ROUTE_SUFFIX = '?__remix-build-client-route';

/** Remix's client entry, which every page loads. */
function clientEntry(manifest: ViteManifest): string {
  const key = Object.keys(manifest).find(
    (name) => manifest[name]?.isEntry && /entry\.client\.[jt]sx?$/.test(name),
  );
  if (!key) throw new Error('The build manifest has no client entry');
  return key;
}

/** `modules` are app files as Remix names them, e.g. "root.tsx" or "routes/_index.tsx". */
export function javaScriptFor(manifest: ViteManifest, modules: string[]): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`${key} is not in the build manifest`);
    if (chunk.file.endsWith('.js')) files.add(chunk.file);
    for (const imported of [...(chunk.imports ?? []), ...(chunk.dynamicImports ?? [])]) visit(imported);
  };
  visit(clientEntry(manifest));
  for (const module of modules) visit(`app/${module}${ROUTE_SUFFIX}`);
  return files;
}

export interface ClientBuild {
  manifest: ViteManifest;
  /** Remix's route manifest, which every page loads too. */
  remixManifest: string;
  gzippedSize(file: string): number;
  /** Every JavaScript file a page with these route modules loads, lazily loaded chunks included. */
  pageFiles(routeModules: string[]): string[];
}

export function readClientBuild(webRoot: string): ClientBuild {
  const clientDirectory = path.join(webRoot, 'build/client');
  // Remix moves Vite's client manifest out of the public directory (vite.config.ts keeps it).
  const manifest = JSON.parse(
    readFileSync(path.join(webRoot, 'build/.vite/client-manifest.json'), 'utf8'),
  ) as ViteManifest;
  const serverBuild = readFileSync(path.join(webRoot, 'build/server/index.js'), 'utf8');
  const remixManifest = serverBuild.match(/"url": "\/(assets\/manifest-[\w-]+\.js)"/)?.[1];
  if (!remixManifest) throw new Error('The server build does not name the Remix manifest');
  return {
    manifest,
    remixManifest,
    gzippedSize: (file) => gzipSync(readFileSync(path.join(clientDirectory, file))).length,
    pageFiles: (routeModules) => [...javaScriptFor(manifest, ['root.tsx', ...routeModules]), remixManifest],
  };
}
