/**
 * "Another tab" for the event tests: a worker is a separate JavaScript realm with its own
 * IndexedDB connection and its own BroadcastChannels, as a second tab of the portal would have.
 * It opens a backend on the database it is told, reports its adapter's events, and runs requests.
 */
import type { AdapterEvent } from '../../../src/adapter/events.js';
import { LocalBackend, type LocalAdapter } from '../../../src/adapters/local/index.js';

export type TabCommand =
  | { readonly type: 'open'; readonly database: string; readonly viewer: string }
  | {
      readonly type: 'send';
      readonly id: number;
      readonly conversationId: string;
      readonly body: string;
      readonly clientId: string;
    }
  | {
      readonly type: 'mark-read';
      readonly id: number;
      readonly conversationId: string;
      readonly upTo: string;
    }
  | { readonly type: 'close' };

export type TabReport =
  | { readonly type: 'opened' }
  | { readonly type: 'event'; readonly event: AdapterEvent }
  | { readonly type: 'done'; readonly id: number; readonly result?: unknown; readonly error?: string };

const scope = self as unknown as {
  postMessage(message: TabReport): void;
  onmessage: ((event: MessageEvent<TabCommand>) => void) | null;
};

let backend: LocalBackend | undefined;
let adapter: LocalAdapter | undefined;

scope.onmessage = async ({ data: command }) => {
  switch (command.type) {
    case 'open':
      backend = new LocalBackend({ name: command.database });
      adapter = backend.adapterFor(command.viewer);
      adapter.subscribe((event) => scope.postMessage({ type: 'event', event }));
      // A first request opens the database, so the tab is fully there before the test goes on.
      await adapter.getViewer();
      scope.postMessage({ type: 'opened' });
      return;
    case 'send':
    case 'mark-read':
      try {
        const result =
          command.type === 'send'
            ? await adapter!.sendMessage({
                conversationId: command.conversationId,
                body: command.body,
                clientId: command.clientId,
              })
            : await adapter!.markRead(command.conversationId, command.upTo);
        scope.postMessage({ type: 'done', id: command.id, result });
      } catch (error) {
        scope.postMessage({ type: 'done', id: command.id, error: String(error) });
      }
      return;
    case 'close':
      backend?.close();
      return;
  }
};
