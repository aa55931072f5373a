/**
 * The server's `import` command (S20) as an operator runs it, on PGlite (a temporary folder) and
 * PostgreSQL: the production build's `import <file.ndjson>` on a file this test writes, with the
 * server stopped. What it prints (progress, the counts, each bad line's number and reason), its
 * exit status, a second run that doubles nothing, and a member who then reads the imported
 * history through the HTTP API.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { ConvError, parseImportRecord, type ErrorPayload, type Message } from '../../../src/core/index.js';
import type { HttpAdapter } from '../../../src/adapters/http/index.js';
import {
  hasPostgres,
  lazyServer,
  loadDirectory,
  memberAdapter,
  type Backend,
  type TestServer,
} from './support.js';

const backends: Backend[] = (await hasPostgres()) ? ['pglite', 'postgres'] : ['pglite'];

const CONVERSATIONS = 40;
const MESSAGES_EACH = 150;
/** Ana has read each conversation up to this message (0-based); her partners all of it. */
const ANA_READ_UP_TO = 99;
const T = Date.UTC(2020, 0, 1);

interface Run {
  readonly code: number;
  readonly output: string;
}

const partnerOf = (c: number) => (c % 2 === 0 ? 'bo' : 'cy');
const bodyOf = (c: number, m: number) => `Conversation ${c}, message ${m}`;
const authorOf = (c: number, m: number) => (m % 2 === 0 ? 'ana' : partnerOf(c));

/** The reason the rulebook gives for refusing this record (the command must print the same). */
function rulebookReason(record: unknown): string {
  try {
    parseImportRecord(record);
  } catch (error) {
    if (error instanceof ConvError) return (error.toJSON() as ErrorPayload).reason ?? error.code;
    throw error;
  }
  throw new Error('The rulebook accepts this record.');
}

/** The file: each conversation, its messages in order, both read markers; two bad lines. */
function history(): { lines: string[]; bad: { line: number; reason: string }[] } {
  const lines: string[] = [];
  const empty = {
    type: 'message',
    externalId: 'bad-empty',
    conversation: 'c0',
    author: 'ana',
    body: '  ',
    sentAt: T,
  };
  const reason = rulebookReason(empty);
  for (let c = 0; c < CONVERSATIONS; c++) {
    const start = T + c * 1_000_000;
    const participants = [
      { kind: 'member', id: 'ana' },
      { kind: 'member', id: partnerOf(c) },
    ];
    lines.push(JSON.stringify({ type: 'conversation', externalId: `c${c}`, participants, createdAt: start }));
    for (let m = 0; m < MESSAGES_EACH; m++) {
      lines.push(
        JSON.stringify({
          type: 'message',
          externalId: `c${c}-m${m}`,
          conversation: `c${c}`,
          author: authorOf(c, m),
          body: bodyOf(c, m),
          sentAt: start + m * 1000,
        }),
      );
      // Two bad lines, early on: line 3 (an empty message) and line 5 (not JSON).
      if (c === 0 && m === 0) lines.push(JSON.stringify(empty));
      if (c === 0 && m === 1) lines.push('{"type": "message", not json');
    }
    const read = (member: string, m: number) =>
      JSON.stringify({ type: 'read', conversation: `c${c}`, member, upTo: `c${c}-m${m}` });
    lines.push(read(partnerOf(c), MESSAGES_EACH - 1), read('ana', ANA_READ_UP_TO));
  }
  return {
    lines,
    bad: [
      { line: 3, reason },
      { line: 5, reason: 'bad-request' },
    ],
  };
}

async function runImport(server: TestServer, text: string, runs: number): Promise<Run[]> {
  const started = (await executeServerCommand('conv-import-file', { id: server.id, text, runs })) as {
    job: string;
  };
  for (let turn = 0; turn < 50; turn++) {
    const state = (await executeServerCommand('conv-wait', { job: started.job })) as {
      done: boolean;
      value?: Run[];
    };
    if (state.done) return state.value!;
  }
  throw new Error('The imports did not finish within ten minutes.');
}

const n = (value: number) => value.toLocaleString('en');
const PROGRESS =
  /^[\d,]+ lines: [\d,]+ conversations, [\d,]+ messages, [\d,]+ read markers, [\d,]+ already there, [\d,]+ refused \([\d,]+ lines\/s\)$/;

/** The lines a run printed: progress lines, the "Done" line, the refusals after it. */
function parse(run: Run) {
  const lines = run.output.split('\n').filter((line) => line.trim() !== '');
  const done = lines.findIndex((line) => line.startsWith('Done: '));
  expect(done, run.output).to.be.at.least(0);
  return { progress: lines.slice(0, done), done: lines[done], after: lines.slice(done + 1) };
}

async function allMessages(adapter: HttpAdapter, conversationId: string): Promise<Message[]> {
  const pages: (readonly Message[])[] = [];
  let before: string | undefined;
  do {
    const page = await adapter.listMessages(conversationId, before ? { before } : {});
    pages.unshift(page.items);
    before = page.before;
  } while (before);
  return pages.flat();
}

for (const backend of backends) {
  describe(`the import command on ${backend}`, function () {
    this.timeout(900_000);
    const server = lazyServer(backend);
    const { lines, bad } = history();
    const total = lines.length;
    let runs: Run[];
    let running: TestServer;

    before(async () => {
      running = await server.get();
      await loadDirectory(running, '', {
        members: [
          { id: 'ana', name: 'Ana' },
          { id: 'bo', name: 'Bo' },
          { id: 'cy', name: 'Cy' },
        ],
        groups: [],
      });
      runs = await runImport(running, `${lines.join('\n')}\n`, 2);
    });
    after(() => server.stop());

    it('prints its progress and the counts, names each bad line and its reason, and exits 1', () => {
      const [first] = runs;
      expect(first.code, first.output).to.equal(1);
      const { progress, done, after } = parse(first);
      expect(done).to.match(
        new RegExp(
          `^Done: ${n(total)} lines: ${CONVERSATIONS} conversations, ${n(CONVERSATIONS * MESSAGES_EACH)} messages, ` +
            `${CONVERSATIONS * 2} read markers, 0 already there, 2 refused \\([\\d,]+ lines/s\\), in [\\d.]+ s, peak memory \\d+ MiB$`,
        ),
      );
      for (const line of progress) expect(line, 'a progress line').to.match(PROGRESS);
      // Progress comes at most once a second: a run of two seconds or more printed some.
      const seconds = Number(/in ([\d.]+) s/.exec(done)![1]);
      if (seconds >= 2) expect(progress.length, `${seconds} s without progress`).to.be.at.least(1);
      expect(after.map((line) => /^ {2}line (\d+): ([a-z-]+): .+$/.exec(line)?.slice(1))).to.deep.equal(
        bad.map(({ line, reason }) => [String(line), reason]),
      );
    });

    it('run again on the same file, adds nothing and says so', () => {
      const second = runs[1];
      expect(second.code, second.output).to.equal(1);
      const { done } = parse(second);
      const kept = CONVERSATIONS + CONVERSATIONS * MESSAGES_EACH + CONVERSATIONS * 2;
      expect(done).to.include(
        `${n(total)} lines: 0 conversations, 0 messages, 0 read markers, ${n(kept)} already there, 2 refused`,
      );
    });

    it('members then read the history over HTTP: every message once, in order, with the read markers', async () => {
      const ana = memberAdapter(running, '', 'ana');
      const bo = memberAdapter(running, '', 'bo');
      try {
        const conversations = [];
        for (let after: string | undefined, first = true; first || after; first = false) {
          const page = await bo.listConversations(after ? { after } : {});
          conversations.push(...page.items);
          after = page.next;
        }
        expect(conversations, 'the conversations with bo, once each').to.have.length(CONVERSATIONS / 2);
        // Newest activity first: conversation 38, 36, … 0.
        const oldest = conversations.at(-1)!;
        expect(oldest.createdAt).to.equal(T);
        const messages = await allMessages(bo, oldest.id);
        expect(messages.map((message) => [message.author.id, message.body, message.sentAt])).to.deep.equal(
          Array.from({ length: MESSAGES_EACH }, (_, m) => [authorOf(0, m), bodyOf(0, m), T + m * 1000]),
        );
        expect(await bo.getUnreadSummary(), 'bo had read everything').to.deep.equal({
          total: 0,
          conversations: 0,
        });
        // After message 99 come 50 messages, 25 of them by her partner.
        const unreadEach = (MESSAGES_EACH - 1 - ANA_READ_UP_TO) / 2;
        expect(await ana.getUnreadSummary()).to.deep.equal({
          total: unreadEach * CONVERSATIONS,
          conversations: CONVERSATIONS,
        });
      } finally {
        ana.close();
        bo.close();
      }
    });
  });
}
