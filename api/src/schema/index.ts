import { lexicographicSortSchema } from 'graphql';
import { builder } from '../builder';
import './common';
import './campaigns';
import './numbers';
import './alerts';
import './stats';
import './model';
import './stream';
import './ingest';
import './accounts';
import './keys';
import './dead-letters';
import './audit';
import './cases';
import './labels';
import './lists';

export const schema = lexicographicSortSchema(builder.toSchema());
