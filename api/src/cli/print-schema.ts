// `npm run schema:print`: writes schema.graphql from the Pothos code.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../config';
import { printedSchema } from '../schema/print';

const target = path.join(repoRoot, 'schema.graphql');
writeFileSync(target, printedSchema());
console.log(`wrote ${path.relative(process.cwd(), target) || target}`);
