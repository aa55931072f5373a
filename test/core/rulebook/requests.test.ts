import { expect } from '@open-wc/testing';
import { ValidationError, type ErrorField, type ValidationReason } from '../../../src/core/errors.js';
import { LIMITS } from '../../../src/core/limits.js';
import { parseCountParam, parsePageLimitParam, resolvePolicy } from '../../../src/core/policy.js';
import {
  parseConversationId,
  parseCursorParam,
  parseListConversationsRequest,
  parseListMessagesRequest,
  parsePartyRef,
  parseSettingsPatch,
} from '../../../src/core/requests.js';
import {
  parseAsGroup,
  parseMarkReadRequest,
  parseReportRequest,
  parseSendRequest,
  parseStartRequest,
} from '../../../src/core/change-requests.js';
import { parseSearchRequest } from '../../../src/core/search.js';
import { isValidId } from '../../../src/core/ids.js';

function refusal(action: () => unknown): ValidationError {
  try {
    action();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

function expectRefusal(action: () => unknown, reason: ValidationReason, field: ErrorField): void {
  const error = refusal(action);
  expect([error.reason, error.field]).to.deep.equal([reason, field]);
  expect(error.message).to.match(/\w{3}/);
}

const CLIENT_ID = 'client-id-0001';

describe('rulebook: ids', () => {
  it('takes 1 to 200 code points, emoji counted once', () => {
    expect(isValidId('a')).to.equal(true);
    expect(isValidId('x'.repeat(LIMITS.maxIdLength))).to.equal(true);
    expect(isValidId('😀'.repeat(200))).to.equal(true);
    expect(isValidId('x'.repeat(201))).to.equal(false);
    expect(isValidId('😀'.repeat(201))).to.equal(false);
  });

  it('refuses what a database or a URL cannot keep apart or carry', () => {
    for (const id of [
      '',
      ' a',
      'a ',
      '\ta',
      'a\u0000b',
      'a\u0007b',
      'a\nb',
      'a\uD800',
      '.',
      '..',
      42,
      null,
      undefined,
    ]) {
      expect(isValidId(id), JSON.stringify(id)).to.equal(false);
    }
    expect(isValidId('a b')).to.equal(true);
    expect(isValidId('...')).to.equal(true);
  });

  it('a bad conversation id is bad-id; a bad "send as" is bad-request on asGroup', () => {
    expect(parseConversationId('c-1')).to.equal('c-1');
    expectRefusal(() => parseConversationId(42), 'bad-id', 'request');
    expect(parseAsGroup(undefined)).to.equal(undefined);
    expectRefusal(() => parseAsGroup(null), 'bad-request', 'asGroup');
    expectRefusal(() => parseAsGroup(' g1'), 'bad-request', 'asGroup');
  });

  it('a party reference: a kind and a valid id; other keys are dropped', () => {
    expect(parsePartyRef({ kind: 'group', id: 'g1', name: 'Guild' })).to.deep.equal({
      kind: 'group',
      id: 'g1',
    });
    for (const ref of [
      null,
      'm1',
      { kind: 'robot', id: 'r' },
      { kind: 'member' },
      { kind: 'member', id: ' m1' },
    ]) {
      expectRefusal(() => parsePartyRef(ref), 'bad-recipient', 'recipients');
    }
  });
});

describe('rulebook: request parsers', () => {
  it('search: trimmed and folded, 20 by default, 200 code points at most', () => {
    expect(parseSearchRequest('  Zoë ')).to.deep.equal({ query: 'Zoë', folded: 'zoe', limit: 20 });
    expect(parseSearchRequest('a', { limit: 5, kind: 'group', signal: undefined })).to.deep.include({
      limit: 5,
      kind: 'group',
    });
    expect(parseSearchRequest('😀'.repeat(200)).query).to.have.length(400);
    const long = refusal(() => parseSearchRequest('😀'.repeat(201)));
    expect([long.reason, long.limit, long.actual]).to.deep.equal(['too-long', 200, 201]);
    expectRefusal(() => parseSearchRequest(42), 'bad-request', 'request');
    expectRefusal(() => parseSearchRequest('a\u0000'), 'malformed-text', 'request');
    expectRefusal(() => parseSearchRequest('a', { kind: 'robot' }), 'bad-request', 'request');
    expectRefusal(() => parseSearchRequest('a', null), 'bad-request', 'request');
    expectRefusal(() => parseSearchRequest('a', { limit: '5' }), 'bad-limit', 'request');
  });

  it('lists: a cursor is kept undecoded, page sizes 1 to 100', () => {
    expect(parseListConversationsRequest()).to.deep.equal({ limit: 50 });
    expect(parseListConversationsRequest({ after: 'abc', limit: 10 })).to.deep.equal({
      after: 'abc',
      limit: 10,
    });
    expect(parseListMessagesRequest('c1', { before: 'abc' })).to.deep.equal({
      conversationId: 'c1',
      limit: 50,
      before: 'abc',
    });
    expectRefusal(() => parseListConversationsRequest({ after: 42 }), 'bad-cursor', 'cursor');
    expectRefusal(() => parseCursorParam('x'.repeat(513)), 'bad-cursor', 'cursor');
    expectRefusal(() => parseListMessagesRequest('c1', { limit: 101 }), 'bad-limit', 'request');
    expectRefusal(() => parseListMessagesRequest('', {}), 'bad-id', 'request');
  });

  it('page sizes in a query are plain decimal digits', () => {
    expect(parseCountParam(null)).to.equal(undefined);
    expect(parseCountParam('16')).to.equal(16);
    expect(parsePageLimitParam(undefined, 20)).to.equal(20);
    expect(parsePageLimitParam('100')).to.equal(100);
    for (const raw of ['0x10', '1e2', '+5', ' 5', '5 ', '5.0', '-1', '', 'NaN', 'Infinity', '１２']) {
      expectRefusal(() => parsePageLimitParam(raw), 'bad-limit', 'request');
    }
    expectRefusal(() => parsePageLimitParam('0'), 'bad-limit', 'request');
    expectRefusal(() => parsePageLimitParam('101'), 'bad-limit', 'request');
  });

  it('start: typed, deduplicated, trimmed; the sender follows asGroup', () => {
    const parsed = parseStartRequest(
      {
        recipients: [
          { kind: 'member', id: 'm2' },
          { kind: 'member', id: 'm2' },
          { kind: 'group', id: 'g1' },
        ],
        body: '  Hi  ',
        asGroup: 'g1',
        clientId: CLIENT_ID,
      },
      'm1',
    );
    expect(parsed).to.deep.equal({
      clientId: CLIENT_ID,
      asGroup: 'g1',
      sender: { kind: 'group', id: 'g1' },
      recipients: [{ kind: 'member', id: 'm2' }],
      body: 'Hi',
    });
    const plain = parseStartRequest(
      { recipients: [{ kind: 'member', id: 'm2' }], body: 'Hi', clientId: CLIENT_ID, asGroup: undefined },
      'm1',
    );
    expect(plain.sender).to.deep.equal({ kind: 'member', id: 'm1' });
    expect('asGroup' in plain).to.equal(false);
    expectRefusal(() => parseStartRequest(null, 'm1'), 'bad-request', 'request');
    expectRefusal(
      () =>
        parseStartRequest(
          { recipients: [{ kind: 'member', id: 'm2' }], body: 'Hi', clientId: CLIENT_ID, asgroup: 'g1' },
          'm1',
        ),
      'bad-request',
      'request',
    );
    expectRefusal(
      () =>
        parseStartRequest(
          { recipients: [{ kind: 'member', id: 'm2' }], body: '\u200B', clientId: CLIENT_ID },
          'm1',
        ),
      'empty',
      'body',
    );
    const strict = resolvePolicy({ maxMessageLength: 3 });
    expectRefusal(
      () =>
        parseStartRequest(
          { recipients: [{ kind: 'member', id: 'm2' }], body: 'four', clientId: CLIENT_ID },
          'm1',
          strict,
        ),
      'too-long',
      'body',
    );
  });

  it('send: the conversation id, client id, asGroup and body, each with its refusal', () => {
    expect(parseSendRequest({ conversationId: 'c1', body: ' x ', clientId: CLIENT_ID })).to.deep.equal({
      conversationId: 'c1',
      clientId: CLIENT_ID,
      body: 'x',
    });
    expectRefusal(() => parseSendRequest('hi'), 'bad-request', 'request');
    expectRefusal(
      () => parseSendRequest({ conversationId: 1, body: 'x', clientId: CLIENT_ID }),
      'bad-id',
      'request',
    );
    expectRefusal(
      () => parseSendRequest({ conversationId: 'c1', body: 'x', clientId: 'short' }),
      'bad-id',
      'clientId',
    );
    expectRefusal(
      () => parseSendRequest({ conversationId: 'c1', body: 'x\u0000', clientId: CLIENT_ID }),
      'malformed-text',
      'body',
    );
  });

  it('mark read: two valid ids', () => {
    expect(parseMarkReadRequest('c1', 'm1')).to.deep.equal({ conversationId: 'c1', upTo: 'm1' });
    expectRefusal(() => parseMarkReadRequest('c1', 'm1\u0000'), 'bad-id', 'request');
  });

  it('settings: undefined is absent, anything but a boolean on inApp or email is refused', () => {
    expect(parseSettingsPatch({})).to.deep.equal({});
    expect(parseSettingsPatch({ email: undefined, inApp: false })).to.deep.equal({ inApp: false });
    for (const patch of [null, [], 'on', { email: null }, { email: 'no' }, { sms: true }, { inApp: 0 }]) {
      expectRefusal(() => parseSettingsPatch(patch), 'bad-settings', 'settings');
    }
  });

  it('report: a target the rulebook knows, a reason; every shape mistake is bad-report', () => {
    expect(
      parseReportRequest({
        target: { kind: 'message', conversationId: 'c1', messageId: 'x1' },
        reason: ' Rude ',
      }),
    ).to.deep.equal({
      target: { kind: 'message', conversationId: 'c1', messageId: 'x1' },
      reason: 'Rude',
    });
    for (const input of [
      null,
      {},
      { target: { kind: 'conversation', conversationId: 42 }, reason: 'x' },
      { target: { kind: 'conversation', conversationId: ' c1' }, reason: 'x' },
      { target: { kind: 'message', conversationId: 'c1' }, reason: 'x' },
      { target: { kind: 'conversation', conversationId: 'c1' }, reason: 'x', extra: true },
    ]) {
      expectRefusal(() => parseReportRequest(input), 'bad-report', 'request');
    }
    expectRefusal(
      () => parseReportRequest({ target: { kind: 'conversation', conversationId: 'c1' }, reason: ' ' }),
      'bad-report',
      'reason',
    );
  });
});
