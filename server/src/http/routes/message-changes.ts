/** S25 and S26: editing and deleting one's own message, and reactions, under its path. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  isRecord,
  parseEditRequest,
  parseMessageRef,
  parseReactionRequest,
} from '../../../../src/core/index.js';
import type { AppContext } from '../context.js';
import { memberCalling, route } from '../route.js';

const MESSAGE = '/v1/conversations/{conversationId}/messages/{messageId}';
const REACTION = `${MESSAGE}/reactions/{emoji}`;

type Params = { conversationId: string; messageId: string; emoji?: string };

function refOf(request: FastifyRequest) {
  const { conversationId, messageId } = request.params as Params;
  return { conversationId, messageId };
}

export function messageChangeRoutes(app: FastifyInstance, context: AppContext): void {
  route(
    app,
    context,
    'PATCH',
    MESSAGE,
    {
      caller: 'member',
      // The ids are the path's; a body that names more is refused (by the parser and the schema).
      parse: (request) =>
        parseEditRequest(
          isRecord(request.body) ? { ...request.body, ...refOf(request) } : request.body,
          memberCalling(request).store.policy,
        ),
    },
    async ({ request, input }) => {
      const { store, memberId } = memberCalling(request);
      return store.editMessage(memberId, input);
    },
  );

  route(
    app,
    context,
    'DELETE',
    MESSAGE,
    { caller: 'member', parse: (request) => parseMessageRef(refOf(request)) },
    async ({ request, input }) => {
      const { store, memberId } = memberCalling(request);
      return store.deleteMessage(memberId, input);
    },
  );

  for (const [method, on] of [
    ['PUT', true],
    ['DELETE', false],
  ] as const) {
    route(
      app,
      context,
      method,
      REACTION,
      {
        caller: 'member',
        parse: (request) =>
          parseReactionRequest(
            { ...refOf(request), emoji: (request.params as Params).emoji, on },
            memberCalling(request).store.policy,
          ),
      },
      async ({ request, input }) => {
        const { store, memberId } = memberCalling(request);
        return store.react(memberId, input);
      },
    );
  }
}
