// The browser check: opens a built site from file:// in headless Chromium and fails on
// console errors, page errors, failed loads and broken images; saves screenshots of the
// dashboard and a wave page, and a PDF of the printed wave page. With --serve, also checks
// that a page open on `waveplan serve` reloads by itself after a note is saved. With
// --running, also checks every page of a second site (the `running` example: a plan with
// results), screenshots its progress page and follows the navigation to it.
//
// node check.mjs --site DIR --shots DIR [--serve WAVEPLAN_BIN --plan PLAN_DIR] [--running DIR]

import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { appendFileSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => {
    if (arg.startsWith("--")) pairs.push([arg.slice(2), all[i + 1]]);
    return pairs;
  }, []),
);
const site = resolve(args.site ?? "public");
const shots = resolve(args.shots ?? "screenshots");
mkdirSync(shots, { recursive: true });

const failures = [];
let passed = 0;
const check = (ok, what) => {
  if (ok) passed += 1;
  else failures.push(what);
};

function htmlPages(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlPages(path);
    return name.endsWith(".html") ? [path] : [];
  });
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  let problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("requestfailed", (req) => problems.push(`failed to load ${req.url()}`));

  const pages = htmlPages(site).sort();
  check(pages.length > 0, `no HTML pages under ${site}`);
  const running = args.running ? resolve(args.running) : null;
  const runningPages = running ? htmlPages(running).sort() : [];
  if (running) check(runningPages.length > 0, `no HTML pages under ${running}`);
  for (const file of [...pages, ...runningPages]) {
    problems = [];
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    const broken = await page.evaluate(() =>
      [...document.images].filter((img) => !img.complete || img.naturalWidth === 0).map((img) => img.src),
    );
    broken.forEach((src) => problems.push(`broken image ${src}`));
    const outside = await page.evaluate(() =>
      [...document.querySelectorAll("[src], link[href]")]
        .map((el) => el.src || el.href)
        .filter((url) => url && !url.startsWith("file:") && !url.startsWith("data:")),
    );
    outside.forEach((url) => problems.push(`loads from outside: ${url}`));
    const styled = await page.evaluate(() => document.styleSheets.length > 0);
    if (!styled) problems.push("no stylesheet applied");
    check(problems.length === 0, `${file}: ${problems.join("; ")}`);
  }

  for (const [name, path] of [
    ["dashboard", "index.html"],
    ["wave-1", "waves/1/index.html"],
    ["schedule", "schedule/index.html"],
    ["transfers", "transfers/index.html"],
    ["readiness", "readiness/index.html"],
    ["scenarios", "scenarios/index.html"],
    ["scenario", pages.map((p) => relative(site, p)).find((p) => /^scenarios\/[^/]+\/index\.html$/.test(p))],
    ["workload", pages.map((p) => relative(site, p)).find((p) => /^workloads\/[^/]+\/index\.html$/.test(p))],
  ]) {
    if (!path) continue;
    await page.goto(pathToFileURL(join(site, path)).href, { waitUntil: "load" });
    await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  }
  if (running) {
    // The progress page, reached from the dashboard's navigation.
    problems = [];
    await page.goto(pathToFileURL(join(running, "index.html")).href, { waitUntil: "load" });
    await page.screenshot({ path: join(shots, "running-dashboard.png"), fullPage: true });
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("nav.site-nav >> text=Progress")]);
    check(page.url().endsWith("/progress/index.html"), `running: the navigation's Progress link led to ${page.url()}`);
    const heading = await page.evaluate(() => document.querySelector("h1")?.textContent ?? "");
    check(heading === "Progress", `running: the progress page's heading is "${heading}"`);
    const chart = await page.evaluate(() => document.querySelector("#burnup-chart svg") !== null);
    check(chart, "running: the progress page has no burn-up chart");
    check(problems.length === 0, `running progress page: ${problems.join("; ")}`);
    await page.screenshot({ path: join(shots, "progress.png"), fullPage: true });
    const history = (await page.evaluate(() => document.querySelector("#rollbacks a")?.getAttribute("href")));
    if (history) {
      await page.goto(new URL(history, page.url()).href, { waitUntil: "load" });
      await page.screenshot({ path: join(shots, "running-workload.png"), fullPage: true });
    }
    await page.goto(pathToFileURL(join(running, "waves/2/index.html")).href, { waitUntil: "load" });
    await page.screenshot({ path: join(shots, "running-wave-2.png"), fullPage: true });
  }
  await page.goto(pathToFileURL(join(site, "waves/1/index.html")).href, { waitUntil: "load" });
  await page.emulateMedia({ media: "print" });
  const navShown = await page.evaluate(() => {
    const nav = document.querySelector("nav");
    return nav ? getComputedStyle(nav).display !== "none" : false;
  });
  check(!navShown, "print stylesheet: the navigation is still shown on paper");
  await page.pdf({ path: join(shots, "wave-1-print.pdf"), format: "A4" });
  await page.emulateMedia({ media: "screen" });

  if (args.serve) await checkLiveReload(context, args.serve, resolve(args.plan));
} finally {
  await browser.close();
}

// Starts serve on a free port, opens a workload page, saves its note, and waits for the page
// to reload by itself and show the new text.
async function checkLiveReload(context, bin, plan) {
  const server = spawn(bin, ["serve", plan, "--port", "0"], { stdio: ["ignore", "ignore", "pipe"] });
  try {
    const url = await new Promise((done, fail) => {
      let text = "";
      const timer = setTimeout(() => fail(new Error(`serve printed no URL: ${text}`)), 30000);
      server.stderr.on("data", (chunk) => {
        text += chunk;
        const found = text.match(/http:\/\/127\.0\.0\.1:\d+\//);
        if (found) {
          clearTimeout(timer);
          done(found[0]);
        }
      });
      server.on("exit", (code) => fail(new Error(`serve exited with ${code}: ${text}`)));
    });
    const notes = readdirSync(join(plan, "workloads")).filter((n) => n.endsWith(".md"));
    const id = notes[0].replace(/\.md$/, "");
    const page = await context.newPage();
    await page.goto(`${url}workloads/${id}/index.html`, { waitUntil: "load" });
    let reloads = 0;
    page.on("load", () => (reloads += 1));
    const marker = `Saved by the browser check ${Date.now()}`;
    await new Promise((r) => setTimeout(r, 500));
    appendFileSync(join(plan, "workloads", `${id}.md`), `\n\n${marker}\n`);
    try {
      await page.waitForFunction((text) => document.body.innerText.includes(text), marker, { timeout: 15000 });
      check(reloads >= 1, "live reload: the text changed without a page load");
    } catch (err) {
      check(false, `live reload: the page did not show the saved note within 15 s (${err.message})`);
    }
  } finally {
    server.kill("SIGINT");
  }
}

for (const failure of failures) console.error(`FAIL ${failure}`);
console.log(`browser check: ${site}, screenshots in ${shots}`);
console.log(`${passed} passed, ${failures.length} failed`);
process.exit(failures.length === 0 ? 0 : 1);
