// Ports for the test servers, chosen below the range the system takes outgoing connections' local
// ports from. A test server restarts on the ports it had (a kill -9, an import run on a stopped
// server), so that its clients keep their URLs; with ports the system had picked (`0`), any
// connection made while it was down (a database client, the browser) could be given one of its
// sixteen ports as its own end, and the restart failed with EADDRINUSE (seen once in a full run).
// Below that range only a program that asks for a port by number takes it, and the test servers
// are all started by this one process, which hands each port out once.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** The lowest port handed out: well above the ports services are configured on. */
const LOWEST = 20_000;
/** Fewer free ports than this below the system's range: let the system choose instead. */
const ENOUGH = 2_000;

/** Where the system's range for outgoing connections begins (Linux's default when unknown). */
function ephemeralStart() {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const port = Number(low);
    return Number.isInteger(port) && port > 0 ? port : 32_768;
  } catch {
    // Not Linux: macOS and Windows begin at 49152, above Linux's default.
    return 32_768;
  }
}

function canListen(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

const end = ephemeralStart();
// A random start, so that two runs on one machine rarely walk the same ports.
let next = end - LOWEST >= ENOUGH ? LOWEST + Math.floor(Math.random() * (end - LOWEST - ENOUGH / 2)) : 0;

/**
 * `count` ports for one server, each free when handed out and never handed out before in this
 * process (until the range wraps); all `0` (the system chooses) where the range leaves no room.
 */
export async function testServerPorts(count) {
  if (next === 0) return Array(count).fill(0);
  const ports = [];
  while (ports.length < count) {
    if (next >= end) next = LOWEST;
    const port = next++;
    if (await canListen(port)) ports.push(port);
  }
  return ports;
}
