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
 * Throughput of several contenders against the first one (the floor). The machine drifts (other
 * processes, CPU frequency, the server's garbage collection, the connection pool growing) by more
 * than the differences measured, so every window of a contender is paired with a window of the
 * floor right before or after it (alternating, to cancel any trend), and its ratio is the sum of
 * its windows' calls over their paired floor windows' calls. Returns, per contender name,
 * `{ perSecond, ratio }`, where `perSecond` is the mean of its windows.
 */
export async function pairedThroughput(contenders, { concurrency, windowMs, rounds }) {
  const [floor, ...others] = contenders;
  const windows = new Map(contenders.map((contender) => [contender.name, []]));
  const pairedFloor = new Map(others.map((contender) => [contender.name, []]));
  const measure = async (contender) => {
    const perSecond = await throughput(contender, { concurrency, durationMs: windowMs });
    windows.get(contender.name).push(perSecond);
    return perSecond;
  };
  for (let round = 0; round < rounds; round++) {
    for (const contender of others) {
      const [first, second] = round % 2 === 0 ? [floor, contender] : [contender, floor];
      const a = await measure(first);
      const b = await measure(second);
      pairedFloor.get(contender.name).push(first === floor ? a : b);
    }
  }
  const sum = (values) => values.reduce((total, value) => total + value, 0);
  const mean = (values) => sum(values) / values.length;
  const result = { [floor.name]: { perSecond: mean(windows.get(floor.name)), ratio: 1 } };
  for (const { name } of others) {
    const ratio = sum(windows.get(name)) / sum(pairedFloor.get(name));
    result[name] = { perSecond: mean(windows.get(name)), ratio };
  }
  return result;
}
