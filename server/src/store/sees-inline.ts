/**
 * `conv_sees`, inlined into set-based reads. The visibility rule is one SQL function
 * (`conv_sees(p_viewer, p_conversation)`, redefined whole by the migrations that change it), and
 * PostgreSQL never inlines a scalar SQL function whose body has a subquery: asked for thousands
 * of (member, conversation) pairs in one statement, as when a message reaches a crowd's event
 * streams, it runs as that many function calls, each starting and ending its own executor, which
 * was most of such a read's time.
 *
 * So the read inlines the function as the planner would if it could: the function's current body,
 * read from the catalog once per database (after the migrations ran; a process runs the rule
 * of the schema it started on, as it does for every rule in its code), becomes a lateral
 * subquery over rows whose columns carry the parameters' names. Inside the body a name resolves
 * to the body's own tables first and then to those columns, exactly as it resolves to its tables
 * and then its parameters in the function. Where the body is not a plain SQL query over named
 * parameters, the read calls the function instead.
 */
import type { Queryable } from '../db.js';

type FunctionRow = {
  body: string;
  args: string[] | null;
  language: string;
  definer: boolean;
  settings: string[] | null;
};

const PARAMETERS = ['p_viewer', 'p_conversation'];

/** The body of `conv_sees` when it can stand for a call, or undefined. */
export function inlinableBody(row: FunctionRow | undefined): string | undefined {
  if (!row || row.language !== 'sql' || row.definer || row.settings) return undefined;
  if (row.args?.join() !== PARAMETERS.join()) return undefined;
  const body = row.body.trim().replace(/;$/, '');
  // One query, naming its parameters plainly (no `$1`, no `conv_sees.p_viewer`, no quoting by
  // dollars), yielding one value.
  if (!/^select\s/i.test(body) || /[;$]|conv_sees\s*\./i.test(body)) return undefined;
  return body;
}

/** The filter that calls the function, on the rows of `pr`. */
export const CALLED_FILTER = 'where conv_sees(pr.p_viewer, pr.p_conversation)';

/**
 * The end of a query's FROM (and its WHERE) keeping the rows of `pr`, whose columns `p_viewer`
 * and `p_conversation` name a member and a conversation, where the member sees the
 * conversation: `conv_sees` inlined, or called when it cannot be.
 */
export async function seesFilter(q: Queryable): Promise<string> {
  const [row] = await q.query<FunctionRow>(
    `select p.prosrc as body, p.proargnames as args, l.lanname as language, p.prosecdef as definer,
            p.proconfig as settings
       from pg_proc p join pg_language l on l.oid = p.prolang
      where p.oid = 'conv_sees(text, text)'::regprocedure`,
  );
  const body = inlinableBody(row);
  return body ? `cross join lateral (${body}) as sees(visible) where sees.visible` : CALLED_FILTER;
}
