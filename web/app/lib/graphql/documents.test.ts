import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, type DocumentNode, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as alerts from './alerts';
import * as campaigns from './campaigns';
import * as cases from './cases';
import * as landing from './landing-document';
import * as lists from './lists';
import * as live from './live';
import * as model from './model';
import * as numbers from './numbers';
import * as overview from './overview';
import * as people from './people';

const schemaFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../schema.graphql');
const schema = buildSchema(readFileSync(schemaFile, 'utf8'));

const isDocument = (value: unknown): value is DocumentNode =>
  typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'Document';

const documents: [string, DocumentNode][] = [
  ...Object.entries({
    ...alerts,
    ...campaigns,
    ...cases,
    ...landing,
    ...lists,
    ...live,
    ...model,
    ...numbers,
    ...overview,
    ...people,
  }).filter((entry): entry is [string, DocumentNode] => isDocument(entry[1])),
];

describe('GraphQL documents', () => {
  it('covers every operation the dashboard sends', () => {
    expect(documents.length).toBeGreaterThanOrEqual(13);
  });

  it.each(documents)('%s is valid against schema.graphql', (_name, document) => {
    expect(validate(schema, document).map((error) => error.message)).toEqual([]);
  });
});
