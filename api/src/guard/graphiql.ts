// GraphiQL from the installed @graphql-yoga/render-graphiql: everything it needs is inlined in
// one page, so it works offline (the default loaded its files from a public CDN and showed only
// "Loading…" without internet). The page is ~9 MB, so it is rendered once per set of options.
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphiQLOptions } from 'graphql-yoga';

export function cachedGraphiQL(): (options: GraphiQLOptions) => string {
  const pages = new Map<string, string>();
  return (options) => {
    const key = JSON.stringify(options);
    let page = pages.get(key);
    if (page === undefined) {
      page = renderGraphiQL(options);
      // Options come from our config (title, endpoint), so only a handful of keys ever exist.
      if (pages.size < 8) pages.set(key, page);
    }
    return page;
  };
}
