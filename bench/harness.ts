/** Tiny benchmark helpers: warm up, interleave variants, report medians (never part of `npm test`). */

export interface Variant {
  readonly name: string;
  /** Runs one round and returns a value that depends on the work, so it cannot be optimised away. */
  readonly round: () => number;
  /** Operations one round performs. */
  readonly operations: number;
}

export interface Result {
  readonly name: string;
  readonly medianNs: number;
  readonly minNs: number;
}

let sink = 0;

// Rounds are timed in this process's CPU time, not wall time: on a shared machine, the time the process
// waits for a core is another process's work and would inflate whichever variant it fell on.
const cpuNs = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) * 1000;

/** Runs every variant `rounds` times, interleaved so drift and GC hit all of them alike. */
export function compare(variants: readonly Variant[], rounds = 15, warmup = 3): Result[] {
  for (let i = 0; i < warmup; i++) for (const variant of variants) sink ^= variant.round();
  const samples = variants.map(() => [] as number[]);
  for (let i = 0; i < rounds; i++) {
    variants.forEach((variant, index) => {
      const start = process.cpuUsage();
      sink ^= variant.round();
      samples[index]!.push(cpuNs(process.cpuUsage(start)) / variant.operations);
    });
  }
  if (sink === 0.5) console.log('unreachable');
  return variants.map((variant, index) => {
    const sorted = samples[index]!.sort((a, b) => a - b);
    return { name: variant.name, medianNs: sorted[Math.floor(sorted.length / 2)]!, minNs: sorted[0]! };
  });
}

/** Prints results as a Markdown table with ratios against a baseline variant. */
export function table(results: readonly Result[], baseline: string, unit: 'ns' | 'µs' = 'ns'): string {
  const base = results.find((result) => result.name === baseline)!.medianNs;
  const scale = unit === 'ns' ? 1 : 1000;
  const rows = results.map(
    (result) =>
      `| ${result.name} | ${(result.medianNs / scale).toFixed(unit === 'ns' ? 1 : 2)} ${unit} | ${(result.medianNs / base).toFixed(2)}× |`,
  );
  return [`| variant | median | vs ${baseline} |`, '|---|---|---|', ...rows].join('\n');
}
