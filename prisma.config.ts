// For Prisma's own CLI (`prisma migrate deploy`, `prisma studio`) where the internet is
// available. Satark itself migrates offline: see docs/decisions/001-offline-migrations.md.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations', seed: 'tsx prisma/seed.ts' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' },
});
