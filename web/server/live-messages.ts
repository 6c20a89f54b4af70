// What the /live relay lets through from the browser (graphql-ws protocol, "graphql-transport-ws").
// The browser never holds the dashboard's key: the relay swaps in its own connection_init
// payload, and only subscriptions pass, since queries and mutations have their own routes.
import { Kind, parse } from 'graphql';

export type ClientMessageDecision =
  | { action: 'forward'; message: string }
  | { action: 'reply'; message: string }
  | { action: 'close'; code: number; reason: string };

const INVALID_MESSAGE = 4400;

function errorReply(id: string, message: string): ClientMessageDecision {
  return { action: 'reply', message: JSON.stringify({ id, type: 'error', payload: [{ message }] }) };
}

function onlySubscriptions(query: string): string | null {
  try {
    const document = parse(query);
    const operations = document.definitions.filter(
      (definition) => definition.kind === Kind.OPERATION_DEFINITION,
    );
    if (operations.length === 0) return 'The document has no operation';
    if (operations.some((operation) => operation.operation !== 'subscription')) {
      return 'Only subscriptions go through /live; the dashboard loads queries and sends mutations from its server';
    }
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : 'The query could not be parsed';
  }
}

export function screenClientMessage(raw: string, authorization: string | null): ClientMessageDecision {
  let message: unknown;
  try {
    message = JSON.parse(raw);
  } catch {
    return { action: 'close', code: INVALID_MESSAGE, reason: 'Invalid message' };
  }
  if (typeof message !== 'object' || message === null || !('type' in message)) {
    return { action: 'close', code: INVALID_MESSAGE, reason: 'Invalid message' };
  }
  const { type } = message;
  switch (type) {
    case 'connection_init':
      return {
        action: 'forward',
        message: JSON.stringify({ type, payload: authorization ? { authorization } : {} }),
      };
    case 'subscribe': {
      const id = 'id' in message && typeof message.id === 'string' ? message.id : null;
      const payload = 'payload' in message ? message.payload : null;
      const query =
        typeof payload === 'object' &&
        payload !== null &&
        'query' in payload &&
        typeof payload.query === 'string'
          ? payload.query
          : null;
      if (!id || !query)
        return { action: 'close', code: INVALID_MESSAGE, reason: 'Invalid subscribe message' };
      const refusal = onlySubscriptions(query);
      return refusal ? errorReply(id, refusal) : { action: 'forward', message: raw };
    }
    case 'complete':
    case 'ping':
    case 'pong':
      return { action: 'forward', message: raw };
    default:
      return { action: 'close', code: INVALID_MESSAGE, reason: `Unexpected message type ${String(type)}` };
  }
}

/** A close code the relay may pass on to the browser (1005/1006 are reserved for the stack). */
export function relayableCloseCode(code: number): number {
  if (code === 1000 || (code >= 4000 && code <= 4999)) return code;
  return 1011;
}
