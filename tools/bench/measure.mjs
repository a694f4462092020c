// Latency and throughput measurements.

/** The value at quantile `q` (0..1) of sorted numbers. */
export function quantile(sorted, q) {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index];
}

/**
 * Sequential latency of several contenders, interleaved call by call so that drift in the machine
 * affects them alike. Returns, per contender name, `{ p50, p99, mean }` in milliseconds.
 */
export async function sequentialLatency(contenders, { warmup, calls }) {
  for (let i = 0; i < warmup; i++) for (const contender of contenders) await contender.call();
  const samples = new Map(contenders.map((contender) => [contender.name, []]));
  for (let i = 0; i < calls; i++) {
    // Rotate the order so no contender always goes first.
    for (let j = 0; j < contenders.length; j++) {
      const contender = contenders[(i + j) % contenders.length];
      const started = performance.now();
      await contender.call();
      samples.get(contender.name).push(performance.now() - started);
    }
  }
  const result = {};
  for (const [name, values] of samples) {
    values.sort((a, b) => a - b);
    result[name] = {
      p50: quantile(values, 0.5),
      p99: quantile(values, 0.99),
      mean: values.reduce((sum, value) => sum + value, 0) / values.length,
    };
  }
  return result;
}

/** Calls per second for one contender with `concurrency` calls in flight for `durationMs`. */
export async function throughput(contender, { concurrency, durationMs }) {
  const deadline = performance.now() + durationMs;
  let completed = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      await contender.call();
      completed++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return completed / ((performance.now() - started) / 1000);
}

/**
 * Throughput of several contenders, measured in `rounds` short windows each, in rotating order, so
 * that drift in the machine (other processes, frequency, the server's own garbage collection)
 * affects them alike. Returns, per contender name, the median calls per second of its windows.
 */
export async function interleavedThroughput(contenders, { concurrency, durationMs, rounds }) {
  const windows = new Map(contenders.map((contender) => [contender.name, []]));
  const windowMs = durationMs / rounds;
  for (let round = 0; round < rounds; round++) {
    for (let j = 0; j < contenders.length; j++) {
      const contender = contenders[(round + j) % contenders.length];
      windows
        .get(contender.name)
        .push(await throughput(contender, { concurrency, durationMs: windowMs }));
    }
  }
  const result = {};
  for (const [name, values] of windows)
    result[name] = quantile(
      values.sort((a, b) => a - b),
      0.5,
    );
  return result;
}
