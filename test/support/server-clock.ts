import { inject } from 'vitest';

let offsetMs = 0;

/** The service's clock as the local runtime runs it (tests may move it forward). */
export const serverNow = (): number => Date.now() + offsetMs;

/** Moves the service's clock (POST /__local/clock); tests put it back with resetServerClock. */
export async function advanceServerClock(ms: number): Promise<void> {
  offsetMs += ms;
  await post(offsetMs);
}

export async function resetServerClock(): Promise<void> {
  offsetMs = 0;
  await post(0);
}

async function post(value: number): Promise<void> {
  const res = await fetch(`${inject('baseUrl')}/__local/clock`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ offsetMs: value }) });
  if (!res.ok) throw new Error(`clock control answered ${res.status}`);
}
