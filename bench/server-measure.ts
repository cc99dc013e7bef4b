/**
 * What bench/server.ts measures of one slice of load: autocannon's requests per second, the exact latency of
 * every response (autocannon's own percentiles are whole milliseconds, too coarse at a p50 of a few), and
 * the CPU time the server process and its database backends spent per request, read from /proc. CPU per
 * request is the figure a loaded machine disturbs least: waiting for a core is not counted.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import type pg from 'pg';

/** One request the bench sends: method, path (with the variant's prefix), headers and body. */
export interface Sent {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

/** One slice of load on one server. */
export interface Sample {
  readonly requests: number;
  readonly p50: number;
  readonly p99: number;
  /** CPU µs per request of the server process, its database backends included; NaN when unreadable. */
  readonly cpu: number;
}

const TICK_US = 10_000; // USER_HZ is 100 on Linux: /proc counts CPU time in 10 ms ticks.

/** CPU µs a process has used (user + system, all threads), or NaN when /proc cannot tell (not Linux). */
export function cpuOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_US;
  } catch {
    return Number.NaN;
  }
}

/**
 * The CPU µs used so far by the backends of a PostgreSQL database (every client but `client`), by pid; empty
 * when the server is on another machine. Only one variant is driven at a time, so a delta is that variant's.
 */
export async function backendCpu(client: pg.Client): Promise<Map<number, number>> {
  const { rows } = await client.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  const used = new Map<number, number>();
  for (const { pid } of rows) if (!Number.isNaN(cpuOf(pid))) used.set(pid, cpuOf(pid));
  return used;
}

// A backend that started during the slice counts from zero; one that ended is lost (the pool keeps its
// connections while it is busy, so none ends mid-slice).
function backendDelta(before: Map<number, number>, after: Map<number, number>): number {
  let used = 0;
  for (const [pid, cpu] of after) used += cpu - (before.get(pid) ?? 0);
  return used;
}

// What autocannon's emitter passes on each response (load/autocannon.d.ts types only the promise).
type OnResponse = (client: unknown, status: number, bytes: number, milliseconds: number) => void;

const percentile = (sorted: readonly number[], fraction: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;

/**
 * Drives `sent` at one server for `seconds` with `connections` connections and measures it; fails on any
 * error, timeout or status of 300 or more (a refused request would be cheaper than a served one).
 */
export async function drive(
  port: number,
  pid: number,
  sent: Sent,
  seconds: number,
  connections: number,
  database?: pg.Client,
): Promise<Sample> {
  const latencies: number[] = [];
  let refused = 0;
  const dbBefore = database ? await backendCpu(database) : new Map<number, number>();
  const cpuBefore = cpuOf(pid);
  // The promise autocannon returns is also its event emitter, which reports each response's exact time.
  const run = autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    requests: [{ setupRequest: (request) => ({ ...request, ...sent }) }],
  }) as Promise<autocannon.Result> & { on(event: 'response', listener: OnResponse): unknown };
  run.on('response', (_client, status, _bytes, milliseconds) => {
    if (status >= 300) refused += 1;
    else latencies.push(milliseconds);
  });
  const result = await run;
  const serverCpu = cpuOf(pid) - cpuBefore;
  const dbCpu = database ? backendDelta(dbBefore, await backendCpu(database)) : 0;
  const failed = refused + result.errors + result.timeouts;
  if (failed > 0) throw new Error(`${sent.method} ${sent.path}: ${failed} failed requests`);
  latencies.sort((a, b) => a - b);
  return {
    requests: result.requests.average,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    cpu: (serverCpu + dbCpu) / latencies.length,
  };
}

/** The median of `values` (the mean of the middle two of an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** `min-max` of `values`, each with `digits` decimals. */
export const range = (values: readonly number[], digits = 0): string =>
  `${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(digits)}`;
