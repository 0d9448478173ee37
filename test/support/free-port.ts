import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * Where to look for free ports: below the kernel's ephemeral range. A port from that range (what
 * listen(0) hands out) is free now but may become the local end of any outgoing connection a
 * moment later — on a busy test run a stand-in then failed to bind, and the probe of its port
 * reached someone else.
 */
function searchRange(): [number, number] {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low && low > 12_000) return [10_000, low];
  } catch {
    // Not Linux: the IANA ephemeral range starts at 49152.
  }
  return [20_000, 49_152];
}

const listensOn = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/** A port nobody listens on right now, on 127.0.0.1, outside the ephemeral range. */
export async function freePort(): Promise<number> {
  const [low, high] = searchRange();
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (await listensOn(port)) return port;
  }
  throw new Error(`no free port found between ${low} and ${high}`);
}
