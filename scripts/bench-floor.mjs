// The floor of `npm run bench:server`: the least a send can cost on this machine and database.
// A minimal node:http + pg server that commits one row per request (pool of 20), with a unique
// client id so that it does what idempotency needs and nothing more. Started by the bench.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import pg from 'pg';

const schema = process.env.FLOOR_SCHEMA;
if (!process.env.DATABASE_URL || !/^[a-z_][a-z0-9_]*$/.test(schema ?? '')) {
  throw new Error('The floor needs DATABASE_URL and FLOOR_SCHEMA.');
}
const setup = new pg.Client({ connectionString: process.env.DATABASE_URL });
await setup.connect();
await setup.query(`create schema if not exists ${schema}`);
await setup.query(
  `create table if not exists ${schema}.sends (id uuid primary key, client_id text not null unique, body text not null, sent_at timestamptz not null default now())`,
);
await setup.end();
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: 20,
  options: `-c search_path=${schema}`,
});

const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', async () => {
    try {
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const { rows } = await pool.query(
        'insert into sends (id, client_id, body) values ($1, $2, $3) returning id, client_id, body, sent_at',
        [randomUUID(), input.clientId, input.body],
      );
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify(rows[0]));
    } catch (error) {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: String(error) }));
    }
  });
});
server.listen(0, '127.0.0.1', () =>
  console.log(`floor listening on http://127.0.0.1:${server.address().port}`),
);
process.on('SIGTERM', () => {
  server.close();
  pool.end().finally(() => process.exit(0));
});
