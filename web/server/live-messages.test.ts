import { describe, expect, it } from 'vitest';
import { relayableCloseCode, screenClientMessage } from './live-messages';

const subscribe = (query: string) => JSON.stringify({ id: '1', type: 'subscribe', payload: { query } });

describe('screenClientMessage', () => {
  it('replaces whatever the browser sends in connection_init with the dashboard’s key', () => {
    const decision = screenClientMessage(
      JSON.stringify({ type: 'connection_init', payload: { authorization: 'Bearer stolen' } }),
      'Bearer sk_dashboard',
    );
    expect(decision.action).toBe('forward');
    if (decision.action !== 'forward') return;
    expect(JSON.parse(decision.message)).toEqual({
      type: 'connection_init',
      payload: { authorization: 'Bearer sk_dashboard' },
    });
  });

  it('sends an empty payload when the dashboard has no key, so the browser cannot bring its own', () => {
    const decision = screenClientMessage(
      JSON.stringify({ type: 'connection_init', payload: { authorization: 'Bearer own' } }),
      null,
    );
    expect(decision.action === 'forward' && JSON.parse(decision.message).payload).toEqual({});
  });

  it('lets subscriptions through unchanged', () => {
    const raw = subscribe('subscription { threatStream { stats { totalCalls } } }');
    expect(screenClientMessage(raw, null)).toEqual({ action: 'forward', message: raw });
  });

  it('answers queries and mutations with an error instead of relaying them', () => {
    for (const query of [
      '{ alerts { totalCount } }',
      'mutation { acknowledgeAlert(id: "x") { __typename } }',
    ]) {
      const decision = screenClientMessage(subscribe(query), 'Bearer sk');
      expect(decision.action).toBe('reply');
      if (decision.action !== 'reply') return;
      expect(JSON.parse(decision.message)).toMatchObject({ id: '1', type: 'error' });
      expect(decision.message).toMatch(/Only subscriptions/);
    }
  });

  it('refuses a document that mixes a subscription with a query', () => {
    const decision = screenClientMessage(
      subscribe('subscription A { threatStream { stats { totalCalls } } } query B { viewer { role } }'),
      null,
    );
    expect(decision.action).toBe('reply');
  });

  it('answers a query that does not parse with the parser’s message', () => {
    const decision = screenClientMessage(subscribe('subscription {'), null);
    expect(decision.action === 'reply' && decision.message).toMatch(/Syntax Error/);
  });

  it('closes the socket on messages that are not graphql-ws', () => {
    expect(screenClientMessage('not json', null)).toMatchObject({ action: 'close', code: 4400 });
    expect(screenClientMessage(JSON.stringify({ type: 'start', id: '1' }), null)).toMatchObject({
      action: 'close',
    });
    expect(screenClientMessage(JSON.stringify({ type: 'subscribe', payload: {} }), null)).toMatchObject({
      action: 'close',
    });
  });

  it('relays ping, pong and complete as they are', () => {
    for (const type of ['ping', 'pong', 'complete']) {
      const raw = JSON.stringify({ type, id: '1' });
      expect(screenClientMessage(raw, null)).toEqual({ action: 'forward', message: raw });
    }
  });
});

describe('relayableCloseCode', () => {
  it('passes normal and graphql-ws close codes and turns reserved ones into 1011', () => {
    expect(relayableCloseCode(1000)).toBe(1000);
    expect(relayableCloseCode(4403)).toBe(4403);
    expect(relayableCloseCode(1006)).toBe(1011);
    expect(relayableCloseCode(1005)).toBe(1011);
  });
});
