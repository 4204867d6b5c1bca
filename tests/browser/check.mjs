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
import { appendFileSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
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
    await checkStateFilter(page, running);
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

  await checkSearch(page);
  await checkFilters(page);
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const still = await noScript.newPage();
  await still.goto(pathToFileURL(join(site, "workloads/index.html")).href, { waitUntil: "load" });
  const shownWithoutScript = await still.evaluate(() =>
    [".site-search", "form.workload-filters"].filter((sel) => {
      const node = document.querySelector(sel);
      return node && getComputedStyle(node).display !== "none";
    }),
  );
  check(shownWithoutScript.length === 0, `without JavaScript, ${shownWithoutScript.join(", ")} should stay hidden`);
  check(
    (await still.locator("table.workloads tbody tr").count()) > 0,
    "without JavaScript, the workloads list still shows its rows",
  );
  await noScript.close();

  if (args.serve) await checkLiveReload(context, args.serve, resolve(args.plan));
} finally {
  await browser.close();
}

// The search box, by keyboard only: from a wave page, `/` focuses it, a workload's owner is
// typed, the arrow keys reach the workload and Enter opens its page.
async function checkSearch(page) {
  const plan = JSON.parse(readFileSync(join(site, "plan.json"), "utf8"));
  const owners = plan.workloads.map((w) => w.owner);
  const target = plan.workloads.find((w) => owners.filter((o) => o === w.owner).length === 1) ?? plan.workloads[0];
  await page.goto(pathToFileURL(join(site, "waves/1/index.html")).href, { waitUntil: "load" });
  await page.keyboard.press("/");
  const focused = await page.evaluate(() => document.activeElement?.getAttribute("role"));
  check(focused === "combobox", `search: "/" should focus the search box, focus is on ${focused}`);
  await page.keyboard.type(target.owner);
  const options = page.locator("#site-search-results [role=option]");
  try {
    await options.first().waitFor({ timeout: 5000 });
  } catch {
    check(false, `search: typing "${target.owner}" listed no workload`);
    return;
  }
  const ids = await options.locator("strong").allInnerTexts();
  const at = ids.indexOf(target.id);
  check(at >= 0, `search: "${target.owner}" should list ${target.id}, listed ${ids.join(", ")}`);
  const expanded = await page.getAttribute("#site-search-box", "aria-expanded");
  check(expanded === "true", `search: aria-expanded is ${expanded} while results show`);
  for (let k = 0; k <= at; k += 1) await page.keyboard.press("ArrowDown");
  const activeId = await page.getAttribute("#site-search-box", "aria-activedescendant");
  const activeText = activeId ? await page.locator(`#${activeId} strong`).innerText() : "";
  check(activeText === target.id, `search: the arrow keys should reach ${target.id}, reached "${activeText}"`);
  await page.screenshot({ path: join(shots, "search.png") });
  await Promise.all([page.waitForURL(/workloads\/[^/]+\/index\.html$/, { timeout: 5000 }).catch(() => {}), page.keyboard.press("Enter")]);
  const expected = pathToFileURL(join(site, "workloads", target.id, "index.html")).href;
  check(page.url() === expected, `search: Enter should open ${expected}, the page is ${page.url()}`);
  // Escape closes the list.
  await page.keyboard.press("/");
  await page.keyboard.type(target.id);
  await options.first().waitFor({ timeout: 5000 }).catch(() => {});
  await page.keyboard.press("Escape");
  const closed = await page.evaluate(() => document.getElementById("site-search-results").hidden);
  check(closed, "search: Escape should close the results");
}

// The workloads list: a wave filter counts what plan.json says; the rows the script draws
// are the rows the page draws (sorted by id, by keyboard); Clear brings the page back.
async function checkFilters(page) {
  const plan = JSON.parse(readFileSync(join(site, "plan.json"), "utf8"));
  await page.goto(pathToFileURL(join(site, "workloads/index.html")).href, { waitUntil: "load" });
  const form = page.locator("form.workload-filters");
  try {
    await form.waitFor({ state: "visible", timeout: 5000 });
  } catch {
    check(false, "filters: the workloads list shows no filters");
    return;
  }
  const rows = page.locator("#workload-table tbody tr");
  const served = (await rows.allInnerTexts()).sort();
  const waves = plan.waves.map((w) => w.number);
  const wave = waves[Math.min(1, waves.length - 1)];
  const expected = plan.workloads.filter((w) => w.nonprod_wave === wave || w.prod_wave === wave).length;
  await form.locator("select[name=wave]").selectOption(String(wave));
  const count = await page.locator("#workload-count").innerText();
  check(count.startsWith(`${expected} of ${plan.workloads.length} `), `filters: wave ${wave} should count ${expected} workloads, says "${count}"`);
  check((await rows.count()) === Math.min(expected, 200), `filters: wave ${wave} should show ${expected} rows, shows ${await rows.count()}`);
  await page.screenshot({ path: join(shots, "workloads-filtered.png"), fullPage: true });
  // The filter lives in the address: a reload (or the back button) brings it back.
  check(page.url().endsWith(`#wave=${wave}`), `filters: the address should keep the filter, it is ${page.url()}`);
  await page.reload({ waitUntil: "load" });
  await form.waitFor({ state: "visible", timeout: 5000 }).catch(() => {});
  const kept = await page.locator("#workload-count").innerText();
  check(kept === count, `filters: after a reload the count should still say "${count}", it says "${kept}"`);
  await form.locator("select[name=wave]").selectOption("");

  if (served.length === plan.workloads.length) {
    await page.locator("th[data-sort=id] button").focus();
    await page.keyboard.press("Enter");
    const sort = await page.getAttribute("th[data-sort=id]", "aria-sort");
    check(sort === "ascending", `filters: Enter on the Workload header should sort ascending, aria-sort is ${sort}`);
    const drawn = await rows.allInnerTexts();
    const ids = plan.workloads.map((w) => w.id).sort();
    check(
      drawn.map((r) => r.split(/\s/)[0]).join(" ") === ids.join(" "),
      "filters: sorted by workload, the rows should be in id order",
    );
    check(JSON.stringify([...drawn].sort()) === JSON.stringify(served), "filters: the rows the script draws differ from the page's rows");
    await page.keyboard.press("Enter");
    const again = await page.getAttribute("th[data-sort=id]", "aria-sort");
    check(again === "descending", `filters: a second Enter should sort descending, aria-sort is ${again}`);
  }
  await form.locator("button[type=reset]").click();
  await page.waitForFunction(() => document.getElementById("workload-count").hidden, null, { timeout: 5000 }).catch(() => {});
  const back = (await rows.allInnerTexts()).sort();
  check(JSON.stringify(back) === JSON.stringify(served), "filters: Clear should bring back the page's own rows");
  check(!(await page.locator("th[aria-sort]").count()), "filters: Clear should drop the sort");
}

// The state filter on a plan with results: each state counts the workloads with a unit in
// that state, as plan.json's units say.
async function checkStateFilter(page, dir) {
  const plan = JSON.parse(readFileSync(join(dir, "plan.json"), "utf8"));
  const units = plan.waves.flatMap((w) => w.units);
  await page.goto(pathToFileURL(join(dir, "workloads/index.html")).href, { waitUntil: "load" });
  const select = page.locator("form.workload-filters select[name=state]");
  try {
    await select.waitFor({ state: "visible", timeout: 5000 });
  } catch {
    check(false, "running: the workloads list shows no state filter");
    return;
  }
  for (const [k, state] of ["planned", "done", "in-progress", "rolled-back", "postponed"].entries()) {
    await select.selectOption(String(k));
    const count = await page.locator("#workload-count").innerText();
    const expected = new Set(units.filter((u) => u.status === state).map((u) => u.workload)).size;
    check(count.startsWith(`${expected} of `), `running: state ${state} should count ${expected} workloads, says "${count}"`);
  }
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
