// Limits a GraphQL document must pass BEFORE anything runs: tokens (while parsing), aliases,
// depth (introspection included), directives, the nesting of variables, and a cost in which
// every field and every alias counts with its weight (field-costs.ts).
//
// Why before execution: Pothos' complexity check runs inside root-field resolvers, so fields
// with no resolver of their own (`__typename`, introspection) escaped it, and a 10 MB body of
// aliases froze the API for 43 s. The token limit stops the parser itself, which also keeps
// pathological nesting (thousands of inline fragments) from exhausting the stack.
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { createComplexityRule } from '@pothos/plugin-complexity';
import {
  BREAK,
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  isInterfaceType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type TypeNode,
  type ValidationContext,
  type ValidationRule,
  validate,
  visit,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface QueryLimits {
  tokens: number;
  aliases: number;
  depth: number;
  directives: number;
  complexity: number;
  /** How deeply lists/objects in variables may nest. */
  variablesDepth: number;
}

export function queryLimitsFrom(config: {
  MAX_QUERY_TOKENS: number;
  MAX_QUERY_ALIASES: number;
  MAX_QUERY_DEPTH: number;
  MAX_QUERY_DIRECTIVES: number;
  MAX_QUERY_COMPLEXITY: number;
}): QueryLimits {
  return {
    tokens: config.MAX_QUERY_TOKENS,
    aliases: config.MAX_QUERY_ALIASES,
    depth: config.MAX_QUERY_DEPTH,
    directives: config.MAX_QUERY_DIRECTIVES,
    complexity: config.MAX_QUERY_COMPLEXITY,
    // Our deepest input is a list of call records (depth 3); nothing legitimate comes near.
    variablesDepth: 16,
  };
}

// Set on errors found after Yoga marked validation errors as HTTP 400 (see costPlugin); a fresh
// object each time, as Yoga edits `extensions.http` when it answers.
const badRequest = () => ({ status: 400 });

type GuardContext = { params?: { variables?: unknown; operationName?: string | null } };

/** Envelop plugins for createYoga's `plugins` (HTTP) — graphql-ws goes through them too. */
export function queryGuardPlugins(limits: QueryLimits): Plugin[] {
  // Reported as validation errors (HTTP 400, nothing runs) rather than thrown mid-validation.
  const rejection = {
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
  };
  return [
    // First, so that its after-hook sees what the document's own rules found, before the checks
    // that depend on the variables (costPlugin) add theirs.
    validDocumentsPlugin(),
    // The parser has no validation context: a document over the limit is a syntax error.
    maxTokensPlugin({ n: limits.tokens, exposeLimits: true, propagateOnRejection: true }),
    // Every alias counts: armor leaves `__typename` out by default, and 570,000 of those froze the API.
    maxAliasesPlugin({ n: limits.aliases, allowList: [], ...rejection }),
    maxDepthPlugin({ n: limits.depth, ignoreIntrospection: false, flattenFragments: true, ...rejection }),
    maxDirectivesPlugin({ n: limits.directives, ...rejection }),
    {
      onValidate: ({ addValidationRule }) => addValidationRule(noNulInStringLiterals),
    } satisfies Plugin,
    costPlugin(limits),
  ] as Plugin[];
}

/**
 * Remembers the documents that passed the rules that look at the document alone (GraphQL's
 * own, the limits above): the same query sent again, with other variables, is not validated
 * again (docs/decisions/026-number-lookup-cost.md). Yoga's parser cache hands back the same
 * document object for the same text, and its own validation cache is off because it would
 * also remember refusals that depend on the variables (see index.ts). Refused documents are
 * never remembered; the checks of the variables and the cost run for every request.
 */
function validDocumentsPlugin(): Plugin {
  const valid = new WeakMap<GraphQLSchema, WeakSet<DocumentNode>>();
  return {
    onValidate({ params: { schema, documentAST }, setResult }) {
      let documents = valid.get(schema);
      if (documents?.has(documentAST)) {
        setResult([]);
        return;
      }
      return ({ result }) => {
        if (result.length > 0) return;
        if (!documents) {
          documents = new WeakSet();
          valid.set(schema, documents);
        }
        documents.add(documentAST);
      };
    },
  };
}

/**
 * The nesting and content of the variables, then the weighted cost, once the document is
 * otherwise valid. Both depend on the variables (see the validation cache in index.ts).
 */
function costPlugin(limits: QueryLimits): Plugin<GuardContext> {
  // Documents (by operation) whose cost passed and cannot depend on the variables or the
  // context: none of their fields prices itself with a function. The cost of such a document is
  // the same for every request, so it is computed once; refusals are never remembered.
  const withinLimit = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Set<string | null>>>();
  return {
    onValidate({ context, params: { schema, documentAST } }) {
      return ({ valid, setResult }) => {
        if (!valid) return;
        const variables = context.params?.variables ?? {};
        const shape = inspectVariables(variables, limits.variablesDepth);
        if (shape.depth > limits.variablesDepth) {
          setResult([
            new GraphQLError(`Variables nest deeper than ${limits.variablesDepth} levels`, {
              extensions: { code: 'VARIABLES_TOO_DEEP', http: badRequest() },
            }),
          ]);
          return;
        }
        const operationName = context.params?.operationName ?? null;
        // The operation execution will run, chosen as graphql-js chooses it: null when the document
        // holds several and none (or an unknown one) is named, which execution refuses.
        const operation = getOperationAST(documentAST, operationName);
        if (shape.nul && inspectVariables(withoutPerRecordInputs(operation, variables), Infinity).nul) {
          setResult([nulError()]);
          return;
        }
        if (withinLimit.get(schema)?.get(documentAST)?.has(operationName)) return;
        // Whether the rule priced an operation: it skips one whose variables do not fit their
        // types (execution refuses those), and such a document must not be remembered as within
        // the limit, or the same document with fitting variables would run unpriced.
        let priced = false;
        const costRule = createComplexityRule({
          context,
          variableValues: variables as Record<string, unknown>,
          operationName: operationName ?? undefined,
          validate: ({ complexity }, reportError) => {
            priced = true;
            if (complexity > limits.complexity) {
              reportError(
                new GraphQLError(
                  `Query complexity of ${complexity} exceeds the limit of ${limits.complexity}; ask for fewer costly fields or aliases`,
                  {
                    extensions: {
                      code: 'QUERY_TOO_COMPLEX',
                      complexity,
                      limit: limits.complexity,
                      http: badRequest(),
                    },
                  },
                ),
              );
            }
          },
        });
        // Only the cost verdict: variables that do not fit their types are refused (with their
        // own message and status) when execution coerces them, before any resolver runs.
        const errors = validate(schema, documentAST, [costRule]).filter(
          (error) => error.extensions.code === 'QUERY_TOO_COMPLEX',
        );
        if (errors.length > 0) {
          setResult(errors);
          return;
        }
        // Only the one operation that will run, once priced, is remembered.
        if (!operation || !priced || pricedByFunction(schema, documentAST)) return;
        let documents = withinLimit.get(schema);
        if (!documents) {
          documents = new WeakMap();
          withinLimit.set(schema, documents);
        }
        let operations = documents.get(documentAST);
        if (!operations) {
          operations = new Set();
          documents.set(documentAST, operations);
        }
        operations.add(operationName);
      };
    },
  };
}

/** Per schema: the names of the fields whose cost is a function (of arguments, context). */
const functionPricedFields = new WeakMap<GraphQLSchema, Set<string>>();

/**
 * Whether the document selects a field that some type prices with a function, by name alone
 * (whatever its parent type): only such a field makes a document's cost depend on the
 * variables or the context, so a false "yes" only costs a recomputation.
 */
function pricedByFunction(schema: GraphQLSchema, document: DocumentNode): boolean {
  let names = functionPricedFields.get(schema);
  if (!names) {
    names = new Set();
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) && !isInterfaceType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        if (typeof field.extensions?.complexity === 'function') names.add(field.name);
      }
    }
    functionPricedFields.set(schema, names);
  }
  if (names.size === 0) return false;
  let found = false;
  const functionPriced = names;
  visit(document, {
    Field(node) {
      if (functionPriced.has(node.name.value)) {
        found = true;
        return BREAK;
      }
    },
  });
  return found;
}

// PostgreSQL cannot store U+0000 in text: such a string failed deep inside a query as an
// unexpected error. No field of ours has a use for it, so it is refused up front.
function nulError(): GraphQLError {
  return new GraphQLError('Strings may not contain the NUL character (U+0000)', {
    extensions: { code: 'BAD_USER_INPUT', http: badRequest() },
  });
}

const noNulInStringLiterals: ValidationRule = (context) => ({
  StringValue(node) {
    if (node.value.includes('\u0000')) context.reportError(nulError());
  },
});

/**
 * Batches of call records are checked record by record by the pipeline, which rejects a record
 * holding a NUL on its own and stores the rest: the variables that the operation to run types
 * CallRecordInput are left out of the guard's NUL check. Only that operation's: another one in
 * the same document typing a variable of the same name so must not exempt it, and with no
 * operation chosen (several, none or an unknown one named) nothing is left out.
 */
function withoutPerRecordInputs(
  operation: OperationDefinitionNode | null | undefined,
  variables: Record<string, unknown>,
) {
  const perRecord = new Set<string>();
  for (const variable of operation?.variableDefinitions ?? []) {
    let type: TypeNode = variable.type;
    while (type.kind !== Kind.NAMED_TYPE) type = type.type;
    if (type.name.value === 'CallRecordInput') perRecord.add(variable.variable.name.value);
  }
  return Object.fromEntries(Object.entries(variables).filter(([name]) => !perRecord.has(name)));
}

/**
 * How deeply arrays/objects nest in `value` (counted without recursion, stopping once past
 * `limit`) and whether any string in it holds U+0000.
 */
export function inspectVariables(value: unknown, limit: number): { depth: number; nul: boolean } {
  let deepest = 0;
  let nul = false;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current === 'string') {
      if (current.includes('\u0000')) nul = true;
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (deepest > limit) return { depth: deepest, nul };
    for (const child of Array.isArray(current) ? current : Object.values(current)) stack.push([child, level]);
  }
  return { depth: deepest, nul };
}
