// The check of the base URL a client sends to: where the API key may travel, and only there.
import { AnthaleValidationError } from "../base/errors.js";

const loopbackHosts = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

// The ports the Fetch standard blocks (every request to them fails), and port 0.
const blockedPorts = new Set([
  0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102,
  103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465,
  512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993,
  995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668,
  6669, 6679, 6697, 10080,
]);

/**
 * The base URL, checked, as parsed and without trailing slashes: an absolute `https:` URL (`http:`
 * only to a loopback host unless `allowInsecureHttp`), on a port the standard `fetch` connects to
 * (when `standardFetch`: a custom one may not block any), with no
 * credentials, query, fragment, whitespace or control characters. `source` names where it came from. The value is never quoted back whole, since a
 * misplaced secret (a key, a `user:password@`) may be in it.
 */
export function checkBaseURL(
  value: unknown,
  source: string,
  allowInsecureHttp: boolean,
  standardFetch = true,
): string {
  const fail = (problem: string) => new AnthaleValidationError(source, problem);
  if (typeof value !== "string") throw fail(`must be a URL string, got ${typeof value}`);
  // The URL parser would quietly drop some of these (tabs and line breaks inside), others not.
  if (/\s/.test(value) || [...value].some((character) => character < " " || character === "\x7f")) {
    throw fail("must have no whitespace or control characters, in it or around it");
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw fail("must be an absolute URL such as https://api.anthale.com (the value is not shown)");
  }
  if (url.username || url.password) {
    throw fail(
      "must not hold credentials (user:password@); the API key is sent in the Authorization header",
    );
  }
  if (/[?#]/.test(value)) throw fail(`must have no query or fragment (${url.origin}…)`);
  const { protocol, hostname } = url;
  if (
    protocol !== "https:" &&
    !(protocol === "http:" && (allowInsecureHttp || loopbackHosts.test(hostname)))
  ) {
    throw fail(
      `must be an absolute https: URL (http: only to loopback unless allowInsecureHttp is true, as the API key would travel unencrypted), got ${url.protocol === "http:" ? url.origin : `a ${url.protocol} URL`}`,
    );
  }
  if (standardFetch && url.port !== "" && blockedPorts.has(Number(url.port))) {
    throw fail(`must not use port ${url.port}, which fetch refuses to connect to`);
  }
  // The URL as parsed, so what is shown is what is contacted.
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}
