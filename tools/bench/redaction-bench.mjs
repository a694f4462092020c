// Redaction figures, on the built SDK: the time `redactText` takes for a long text and many spans
// (building the matcher, finding, replacing), and how that time grows when the text and the
// number of spans both double. The texts are words with emails, phone numbers, API keys and
// names sprinkled in; half the spans are those, cut from the text, half never occur. Also
// reported, without a target: spans that are runs of the text's own words (the matcher is deep
// in a partial match at almost every position), and 1 MB of "a" with one span of 1,000 "a"
// (every position a match, all overlapping).
import { fileURLToPath } from "node:url";
import { redactText } from "@anthale/sdk";
import { quantile } from "./measure.mjs";

/** A pseudo-random generator with a fixed seed, so that every run measures the same texts. */
function randomFrom(seed) {
  let state = seed;
  return (below) => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return Math.floor((state / 2 ** 32) * below);
  };
}

/** A made-up lowercase word of 2 to 10 letters, skewed towards the common letters of English. */
function madeUpWord(random) {
  const letters = "etaoinshrdlcumwfgypbvkjxqz";
  let word = "";
  for (let length = 2 + random(9); length > 0; length--) {
    word += letters[Math.floor(letters.length * (random(1000) / 1000) ** 2)];
  }
  return word;
}

/** The `index`th made-up secret: an email, a phone number, an API key or a person's name. */
function secret(index, random) {
  switch (index % 4) {
    case 0:
      return `${madeUpWord(random)}.${index}@example${random(100)}.com`;
    case 1:
      return `+1-555-${String(random(1e4)).padStart(4, "0")}-${index}`;
    case 2:
      return `sk-live-${index.toString(36)}${random(1e9).toString(36)}`;
    default: {
      const name = () => {
        const word = madeUpWord(random);
        return word[0].toUpperCase() + word.slice(1);
      };
      return `${name()} ${name()}`;
    }
  }
}

const categories = ["email", "phone", "api_key", "person"];

/**
 * A text of `size` code units: words from a vocabulary of 5,000 (the first ones far more
 * frequent, as in natural text), with about one word in fifty replaced by one of `secrets`.
 */
function textWith(size, secrets, random) {
  const words = Array.from({ length: 5_000 }, () => madeUpWord(random));
  const parts = [];
  let length = 0;
  while (length < size) {
    const part =
      random(50) === 0
        ? secrets[random(secrets.length)]
        : // Zipf-like: the cube of a uniform draw favours the first words.
          words[Math.floor(words.length * (random(1_000_000) / 1_000_000) ** 3)];
    parts.push(part);
    length += part.length + 1;
  }
  return parts.join(" ").slice(0, size);
}

/**
 * A text of `size` code units and `spanCount` spans: half the spans are the secrets sprinkled in
 * the text (emails, phone numbers, API keys, names), half are secrets that never occur.
 */
function redactionCorpus(size, spanCount, seed) {
  const random = randomFrom(seed);
  const all = Array.from({ length: spanCount }, (_, index) => secret(index, random));
  const text = textWith(size, all.slice(0, spanCount / 2), random);
  const spans = all.map((span, index) => ({ span, category: categories[index % 4] }));
  return { text, spans };
}

/**
 * The same text, with `spanCount` spans that are runs of two to four of its words, cut at
 * random: at almost every position the matcher is in a partial match of some span.
 */
function wordRunCorpus(size, spanCount, seed) {
  const random = randomFrom(seed);
  const text = textWith(size, [secret(0, random)], random);
  const spans = Array.from({ length: spanCount }, (_, index) => {
    const start = text.indexOf(" ", random(text.length - 200)) + 1;
    let end = start;
    for (let count = 2 + random(3); count > 0; count--) end = text.indexOf(" ", end + 1);
    return { span: text.slice(start, end), category: categories[index % 4] };
  });
  return { text, spans };
}

/**
 * Measures the redaction figures: each case runs `warmup` times, then `repeats` times timed,
 * the cases taking turns (in a rotating order) so that the machine's drift touches them alike.
 * Returns `{ settings, single, doubled, ratio, wordRuns, repeatedLetter }`, the median ms of
 * redacting 1 MB with 5,000 spans, of 2 MB with 10,000 spans, their ratio, of 1 MB with 5,000
 * spans that are runs of its words, and of 1 MB of "a" with one span of 1,000 "a".
 */
export function redactionFigures(settings = {}) {
  const options = {
    warmup: Number(process.env.BENCH_REDACTION_WARMUP ?? settings.warmup ?? 10),
    repeats: Number(process.env.BENCH_REDACTION_REPEATS ?? settings.repeats ?? 15),
  };
  const cases = {
    single: redactionCorpus(1_000_000, 5_000, 1),
    doubled: redactionCorpus(2_000_000, 10_000, 2),
    wordRuns: wordRunCorpus(1_000_000, 5_000, 3),
    repeatedLetter: {
      text: "a".repeat(1_000_000),
      spans: [{ span: "a".repeat(1_000), category: "other" }],
    },
  };
  const names = Object.keys(cases);
  const times = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < options.warmup + options.repeats; round++) {
    for (let turn = 0; turn < names.length; turn++) {
      const name = names[(round + turn) % names.length];
      const { text, spans } = cases[name];
      const started = performance.now();
      redactText(text, spans);
      if (round >= options.warmup) times[name].push(performance.now() - started);
    }
  }
  const median = (values) =>
    quantile(
      [...values].sort((a, b) => a - b),
      0.5,
    );
  const [single, doubled, wordRuns, repeatedLetter] = names.map((name) => median(times[name]));
  return { settings: options, single, doubled, ratio: doubled / single, wordRuns, repeatedLetter };
}

/** The table rows of the figures: case, median time. */
export function redactionRows({ single, doubled, ratio, wordRuns, repeatedLetter }) {
  const ms = (value) => `${value.toFixed(3)} ms`;
  return [
    ["1 MB of text, 5,000 spans", ms(single)],
    ["2 MB of text, 10,000 spans", ms(doubled)],
    ["doubled / single", `${ratio.toFixed(3)}×`],
    ["1 MB of text, 5,000 spans that are runs of its words (no target)", ms(wordRuns)],
    ['1 MB of "a", one span of 1,000 "a" (no target)', ms(repeatedLetter)],
  ];
}

/** The redaction targets: 1 MB with 5,000 spans in ≤ 50 ms; doubling both costs ≤ 2.5 times. */
export function redactionTargets({ single, ratio }) {
  return [
    {
      name: "redactText, 1 MB of text with 5,000 spans (ms)",
      value: single,
      limit: "≤ 50 ms",
      pass: single <= 50,
    },
    {
      name: "redactText, 2 MB with 10,000 spans / 1 MB with 5,000",
      value: ratio,
      limit: "≤ 2.5",
      pass: ratio <= 2.5,
    },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figures = redactionFigures();
  console.table(redactionRows(figures));
  const targets = redactionTargets(figures);
  console.table(
    targets.map(({ name, value, limit, pass }) => [
      name,
      value.toFixed(3),
      limit,
      pass ? "PASS" : "FAIL",
    ]),
  );
  process.exitCode = targets.every((target) => target.pass) ? 0 : 1;
}
