// Opens report.html in headless Chromium (Debian's package, at /usr/bin/chromium) and checks what
// a reader sees: the tables and failing cases laid out and readable, with or without JavaScript;
// no request leaving the page; no console error; a case text holding a script shown, not run.
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareRuns } from "../../src/report/compare.js";
import { renderHtmlReport } from "../../src/report/html-report.js";
import { computeMetrics } from "../../src/report/metrics.js";
import {
  doneCase,
  errorCase,
  run,
  verdict,
} from "../../src/report/outcome-fixtures.test-support.js";

/** Where Debian's chromium package puts the browser (CI installs it). */
const CHROMIUM = "/usr/bin/chromium";

/** A case text an attacker wrote: it must show as text and never run. */
const ATTACK =
  '<script>window.__injected = true; document.title = "pwned"</script>' +
  '<img src="http://127.0.0.1:9/leak.png" onerror="window.__injected = true">';

const previous = run([
  doneCase({ id: "benign-1", expected: { action: ["allow"] } }),
  doneCase({ id: "pii-1", expected: { action: ["redact"] }, action: "redact" }),
]);

const current = run(
  [
    doneCase({ id: "benign-1", expected: { action: ["allow"] } }),
    doneCase({
      id: "pii-1",
      expected: { action: ["redact"], redacted: ["jane.doe@example.com"] },
      action: "allow",
      survived: ["jane.doe@example.com"],
      passed: false,
      failures: [
        'action: expected "redact", got "allow"',
        'redaction: "jane.doe@example.com" would be forwarded (action "allow")',
      ],
    }),
    doneCase({
      id: `inject-${ATTACK}`,
      expected: { action: ["block"], guardrails: { "prompt-injection-protection": true } },
      action: "allow",
      guardrails: [verdict("prompt-injection-protection", "allow", 0.12)],
      passed: false,
      failures: [`guardrail ${ATTACK}: should trigger`],
    }),
    errorCase("broken-1", {
      expected: { action: ["allow"] },
      error: `Anthale answered 500 ${ATTACK}`,
    }),
  ],
  { dataset: `examples/eval/${ATTACK}.jsonl` },
);

let browser: Browser | undefined;
let directory: string | undefined;
let reportUrl: string;
/** Why the browser could not be started: every test then fails with it (none is skipped). */
let unavailable: Error | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    unavailable = new Error(
      `Chromium is not installed at ${CHROMIUM}: this test needs it to check report.html in a real browser. Install Debian's package (apt-get install chromium).`,
    );
    return;
  }
  directory = await mkdtemp(join(tmpdir(), "anthale-report-"));
  const file = join(directory, "report.html");
  await writeFile(
    file,
    renderHtmlReport(current, computeMetrics(current.cases), compareRuns(previous, current)),
  );
  reportUrl = pathToFileURL(file).href;
  try {
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--headless"],
    });
  } catch (cause) {
    unavailable = new Error(`Chromium at ${CHROMIUM} could not be started: ${String(cause)}`);
  }
});

afterAll(async () => {
  await browser?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

/** The browser, or the reason there is none (which fails the test). */
function requireBrowser(): Browser {
  if (unavailable || !browser) throw unavailable ?? new Error("Chromium was not started.");
  return browser;
}

/** Opens the report, recording every request other than the page and every console error. */
async function openReport(options: { javascript: boolean }) {
  const page = await requireBrowser().newPage();
  await page.setJavaScriptEnabled(options.javascript);
  const outside: string[] = [];
  const errors: string[] = [];
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    if (request.url() === reportUrl) {
      void request.continue();
    } else {
      outside.push(request.url());
      void request.abort();
    }
  });
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(reportUrl, { waitUntil: "load" });
  return { page, outside, errors };
}

/** The size an element takes on the page, failing when it is not there. */
async function boxOf(page: Page, selector: string) {
  const element = await page.$(selector);
  if (!element) throw new Error(`${selector} is not on the page`);
  const box = await element.boundingBox();
  if (!box) throw new Error(`${selector} is not laid out`);
  return box;
}

describe("report.html in Chromium", () => {
  it("lays out every table and failing case, makes no request and logs no error", async () => {
    const { page, outside, errors } = await openReport({ javascript: true });
    for (const id of [
      "overview",
      "actions",
      "guardrails",
      "redaction",
      "latency",
      "changes",
      "deltas",
      "failing",
    ]) {
      const box = await boxOf(page, `#${id}`);
      expect(box.width, id).toBeGreaterThan(0);
      expect(box.height, id).toBeGreaterThan(0);
    }
    const articles = await page.$$("article.case");
    expect(articles).toHaveLength(3);
    for (const article of articles) {
      const box = await article.boundingBox();
      expect(box?.width).toBeGreaterThan(0);
      expect(box?.height).toBeGreaterThan(0);
    }
    expect(await page.$eval("#failing", (el) => el.textContent)).toBe("Failing cases (3)");
    const matrix = await page.$$eval("#actions tr", (rows) =>
      rows.map((row) => Array.from(row.children, (cell) => cell.textContent?.trim())),
    );
    expect(matrix).toEqual([
      ["expected \\ actual", "allow", "detect", "redact", "block", "errors", "correct"],
      ["allow", "1", "0", "0", "0", "1", "1 / 2"],
      ["redact", "1", "0", "0", "0", "0", "0 / 1"],
      ["block", "1", "0", "0", "0", "0", "0 / 1"],
    ]);
    const guardrail = await page.$$eval("#guardrails tr:nth-child(2) > *", (cells) =>
      cells.map((cell) => cell.textContent?.trim()),
    );
    expect(guardrail.slice(0, 5)).toEqual([
      "prompt-injection-protection",
      "1.000",
      "0.000",
      "0.000",
      "1",
    ]);
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows the attacker's script as text and never runs it", async () => {
    const { page, outside, errors } = await openReport({ javascript: true });
    expect(
      await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected),
    ).toBe(undefined);
    expect(await page.title()).toBe(`Policy evaluation: examples/eval/${ATTACK}.jsonl`);
    expect(await page.$$("body script, body img")).toHaveLength(0);
    const headings = await page.$$eval("article.case h3", (els) => els.map((el) => el.textContent));
    expect(headings).toContain(`inject-${ATTACK}`);
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a reader sees.
    const text = await page.$eval("body", (body) => body.innerText);
    expect(text).toContain(`Anthale answered 500 ${ATTACK}`);
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("reads the same without JavaScript", async () => {
    const { page, outside } = await openReport({ javascript: false });
    const box = await boxOf(page, "#actions");
    expect(box.height).toBeGreaterThan(0);
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a reader sees.
    const text = await page.$eval("body", (body) => body.innerText);
    expect(text).toContain("Failing cases (3)");
    expect(text).toContain('redaction: "jane.doe@example.com" would be forwarded (action "allow")');
    expect(outside).toEqual([]);
    await page.close();
  });
});
