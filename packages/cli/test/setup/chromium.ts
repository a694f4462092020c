// Makes sure Debian's Chromium is there for the report's browser test, so that `pnpm test` sets up
// a fresh machine by itself: when /usr/bin/chromium is missing and the tests run as root on a
// system with apt-get, it installs the `chromium` package. Anywhere else it changes nothing, and
// the browser test fails saying how to install it.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

/** Where Debian's chromium package puts the browser. */
const chromium = "/usr/bin/chromium";

export default function setup() {
  if (existsSync(chromium)) return;
  const canInstall = process.getuid?.() === 0 && existsSync("/usr/bin/apt-get");
  if (!canInstall) return;
  console.error("Chromium is missing: installing Debian's chromium package for the browser test");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  try {
    execFileSync("apt-get", ["update", "-qq"], { stdio: "ignore", env });
    execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "ignore", env });
  } catch (error) {
    console.error(`Installing chromium failed: ${(error as Error).message.split("\n")[0]}`);
  }
}
