//! The built site from the outside: links that resolve, nothing fetched from outside, the same
//! bytes twice, an output folder a failed build does not touch, the DRAFT banner, notes,
//! template and static overrides, asset digests, and `waveplan templates`.

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path};
use tempfile::TempDir;

mod common;
use common::{build_site, content_dir, example_copy, waveplan};

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).expect("read");
    assert!(
        text.contains(from),
        "{} does not contain {from:?}",
        path.display()
    );
    fs::write(path, text.replacen(from, to, 1)).expect("write");
}

fn build(plan: &Path, out: &Path) -> std::process::Output {
    waveplan()
        .arg("build")
        .arg(plan)
        .arg("-o")
        .arg(out)
        .output()
        .expect("runs")
}

/// Every file of a folder, by path relative to it (with `/`).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).expect("read folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .expect("below base")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, fs::read(&path).expect("read file"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn pages(site: &BTreeMap<String, Vec<u8>>) -> Vec<(&String, String)> {
    site.iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| {
            (
                path,
                String::from_utf8(bytes.clone()).expect("pages are UTF-8"),
            )
        })
        .collect()
}

fn page(out: &Path, path: &str) -> String {
    fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The values of `href="..."` and `src="..."` attributes, entities decoded.
fn references(html: &str) -> Vec<String> {
    let mut refs = Vec::new();
    for attr in [" href=\"", " src=\""] {
        let mut rest = html;
        while let Some(at) = rest.find(attr) {
            let value_start = at + attr.len();
            let Some(len) = rest[value_start..].find('"') else {
                break;
            };
            refs.push(decode_entities(&rest[value_start..value_start + len]));
            rest = &rest[value_start + len..];
        }
    }
    refs
}

fn decode_entities(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        if bytes[i] == b'%'
            && let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).expect("decoded path is UTF-8")
}

/// `base_dir/rel` with `.` and `..` resolved, as a site path; `None` if it leaves the site.
fn resolve(base_dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<String> = base_dir
        .split('/')
        .filter(|p| !p.is_empty())
        .map(String::from)
        .collect();
    for c in Path::new(rel).components() {
        match c {
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.join("/"))
}

#[test]
fn every_link_resolves_and_nothing_is_fetched_from_outside() {
    let tmp = TempDir::new().expect("temp dir");
    let out = tmp.path().join("site");
    build_site(&content_dir(), &out);
    let site = snapshot(&out);
    let pages = pages(&site);
    assert!(
        pages.len() >= 50,
        "the example should give 50+ pages, got {}",
        pages.len()
    );
    let mut broken = Vec::new();
    let mut checked = 0;
    for (path, html) in &pages {
        let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
        for reference in references(html) {
            if reference.starts_with("mailto:") || reference.starts_with('#') {
                continue;
            }
            if reference.starts_with("http://")
                || reference.starts_with("https://")
                || reference.starts_with("//")
            {
                broken.push(format!("{path}: external reference {reference}"));
                continue;
            }
            let (target, fragment) = match reference.split_once('#') {
                Some((t, f)) => (t, Some(f)),
                None => (reference.as_str(), None),
            };
            if target.starts_with('/') || target.is_empty() || target.ends_with('/') {
                broken.push(format!(
                    "{path}: {reference} is not a relative link naming a file"
                ));
                continue;
            }
            checked += 1;
            match resolve(dir, &percent_decode(target)) {
                Some(file) if site.contains_key(&file) => {
                    if let Some(id) = fragment {
                        let text = String::from_utf8_lossy(&site[&file]);
                        if !text.contains(&format!("id=\"{id}\"")) {
                            broken.push(format!(
                                "{path}: {reference} names no element #{id} in {file}"
                            ));
                        }
                    }
                }
                Some(file) => broken.push(format!("{path}: {reference} -> {file} does not exist")),
                None => broken.push(format!("{path}: {reference} leaves the site")),
            }
        }
        assert!(
            html.contains("class=\"site-nav\""),
            "{path} has no navigation"
        );
    }
    assert!(checked > 1000, "only {checked} links checked");
    assert!(
        broken.is_empty(),
        "{} broken references:\n{}",
        broken.len(),
        broken.join("\n")
    );
}

#[test]
fn two_builds_give_the_same_bytes() {
    let tmp = TempDir::new().expect("temp dir");
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build_site(&content_dir(), &a);
    build_site(&content_dir(), &b);
    let (sa, sb) = (snapshot(&a), snapshot(&b));
    assert_eq!(sa.keys().collect::<Vec<_>>(), sb.keys().collect::<Vec<_>>());
    for (path, bytes) in &sa {
        assert!(bytes == &sb[path], "{path} differs between two builds");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let (tmp, plan) = example_copy();
    let out = tmp.path().join("public");
    build_site(&plan, &out);
    let before = snapshot(&out);
    edit(&plan.join("plan.toml"), "[network]", "[network\n");
    let output = build(&plan, &out);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        snapshot(&out) == before,
        "the output folder changed after a failed build"
    );
    let leftovers: Vec<_> = fs::read_dir(tmp.path())
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );
}

#[test]
fn a_template_that_fails_after_other_pages_were_made_leaves_the_site_untouched() {
    let (tmp, plan) = example_copy();
    let out = tmp.path().join("public");
    build_site(&plan, &out);
    let before = snapshot(&out);
    // The rollback pages fail; the dashboard, wave and workload pages render (and go into the
    // output folder's staging) before the build fails.
    fs::create_dir_all(plan.join("templates")).expect("mkdir");
    fs::write(
        plan.join("templates/rollback.html"),
        "{% extends \"base.html\" %}{% block content %}{{ workload.no_such_field.x }}{% endblock %}",
    )
    .expect("write");
    edit(&plan.join("plan.toml"), "[network]", "# edited\n[network]");
    let output = build(&plan, &out);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("templates/rollback.html"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        snapshot(&out) == before,
        "the output folder changed after a failed build"
    );
    // Nor into a folder that did not exist: none is made.
    let fresh = tmp.path().join("fresh");
    assert_eq!(build(&plan, &fresh).status.code(), Some(1));
    assert!(!fresh.exists());
}

#[test]
fn draft_banner_on_every_page_of_a_draft_and_none_when_approved() {
    let (tmp, plan) = example_copy();
    let approved = tmp.path().join("approved");
    build_site(&plan, &approved);
    for (path, html) in pages(&snapshot(&approved)) {
        assert!(
            !html.contains("draft-banner"),
            "{path} shows a DRAFT banner on an approved plan"
        );
    }
    // Unsign one plan-scoped approval (the CIO's).
    edit(
        &plan.join("plan.toml"),
        "name = \"Priya Raman\"\nscope = \"plan\"\nsigned_on = 2027-01-28\n",
        "name = \"Priya Raman\"\nscope = \"plan\"\n",
    );
    let draft = tmp.path().join("draft");
    build_site(&plan, &draft);
    let site = snapshot(&draft);
    for (path, html) in pages(&site) {
        assert!(
            html.contains("<div class=\"draft-banner\""),
            "{path} has no DRAFT banner"
        );
    }
    let index = page(&draft, "index.html");
    assert!(
        index.contains("Priya Raman (CIO)"),
        "the banner should say who has not signed"
    );
}

#[test]
fn notes_render_headings_tables_footnotes_and_task_lists() {
    let tmp = TempDir::new().expect("temp dir");
    let out = tmp.path().join("site");
    build_site(&content_dir(), &out);
    let html = page(&out, "workloads/erp-db/index.html");
    assert!(
        html.contains("<h2 id=\"shape-of-the-workload\">Shape of the workload</h2>"),
        "heading ids"
    );
    assert!(html.contains("<td>Write IOPS</td>"), "tables");
    assert!(html.contains("href=\"#fn-batch\""), "footnote reference");
    assert!(
        html.contains("<div class=\"footnote-definition\" id=\"fn-batch\">"),
        "footnote definition"
    );
    assert!(html.contains("type=\"checkbox\""), "task lists");
    assert!(html.contains("<pre><code"), "code blocks");
    let rollback = page(&out, "workloads/crm/rollback/index.html");
    assert!(
        rollback.contains("CRM rollback: failed rehearsal and fix"),
        "rollback notes with their title"
    );
    let free = page(&out, "pages/glossary/index.html");
    assert!(
        free.contains("<h1>Glossary</h1>") && free.contains("<table>"),
        "free pages"
    );
}

#[test]
fn raw_html_in_notes_is_removed_unless_the_plan_allows_it() {
    let (tmp, plan) = example_copy();
    let note = plan.join("workloads/erp-db.md");
    let mut text = fs::read_to_string(&note).expect("read");
    text.push_str(
        "\n<script>alert(\"from a note\")</script>\n\n<p onclick=\"steal()\">click</p>\n",
    );
    fs::write(&note, text).expect("write");
    let clean = tmp.path().join("clean");
    build_site(&plan, &clean);
    let html = page(&clean, "workloads/erp-db/index.html");
    assert!(
        !html.contains("alert(\"from a note\")")
            && html.matches("<script").count() == 1
            && html.contains("<script src=\"../../search.js\" defer></script>"),
        "script kept by default (the page's own search.js is its only script)"
    );
    assert!(!html.contains("onclick"), "event handler kept by default");

    edit(
        &plan.join("plan.toml"),
        "raw_html = false",
        "raw_html = true",
    );
    let raw = tmp.path().join("raw");
    build_site(&plan, &raw);
    let html = page(&raw, "workloads/erp-db/index.html");
    assert!(
        html.contains("<script>alert(\"from a note\")</script>"),
        "raw_html = true keeps the script"
    );
}

#[test]
fn plan_templates_and_static_files_override_the_built_ins_by_name() {
    let (tmp, plan) = example_copy();
    fs::create_dir_all(plan.join("templates/partials")).expect("mkdir");
    fs::write(
        plan.join("templates/schedule.html"),
        "{% extends \"base.html\" %}{% block content %}<p id=\"custom\">Our schedule for {{ site.plan.title }}</p>{% endblock content %}",
    )
    .expect("write");
    fs::write(
        plan.join("templates/partials/approvals.html"),
        "<p class=\"my-approvals\">{{ approvals | length }} sign-offs</p>",
    )
    .expect("write");
    fs::create_dir_all(plan.join("static/img")).expect("mkdir");
    fs::write(plan.join("static/style.css"), "body { color: teal }").expect("write");
    fs::write(
        plan.join("static/img/logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .expect("write");
    fs::write(plan.join("static/plan.json"), "{}").expect("write");
    let out = tmp.path().join("site");
    build_site(&plan, &out);
    let schedule = page(&out, "schedule/index.html");
    assert!(
        schedule.contains("<p id=\"custom\">Our schedule for Tailwind Traders datacenter exit</p>"),
        "{schedule}"
    );
    assert!(
        schedule.contains("class=\"site-nav\""),
        "the override still extends the built-in base"
    );
    assert!(
        page(&out, "waves/2/index.html").contains("<p class=\"my-approvals\">4 sign-offs</p>"),
        "partials override too"
    );
    assert_eq!(page(&out, "style.css"), "body { color: teal }");
    assert!(
        out.join("img/logo.svg").is_file(),
        "static files go to the site root"
    );
    assert!(
        page(&out, "plan.json").contains("\"schema_version\""),
        "a static file never replaces an export"
    );
}

#[test]
fn a_broken_template_fails_the_build_with_its_place_and_touches_nothing() {
    let (tmp, plan) = example_copy();
    let out = tmp.path().join("site");
    build_site(&plan, &out);
    let before = snapshot(&out);
    fs::create_dir_all(plan.join("templates")).expect("mkdir");
    let cases = [
        (
            "wave.html",
            "{% extends \"base.html\" %}\n{% block content %}\n{{ wave.no_such_field }}\n{% endblock content %}",
            3,
        ),
        ("index.html", "<p>\n{% if %}\n", 2),
        ("readiness.html", "<p>Built at {{ now() }}</p>", 1),
    ];
    for (name, text, line) in cases {
        let file = plan.join("templates").join(name);
        fs::write(&file, text).expect("write");
        let output = build(&plan, &out);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
        assert!(stderr.contains("error[E-template]"), "{name}: {stderr}");
        assert!(
            stderr.contains(&format!("--> templates/{name}:{line}:")),
            "{name}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        assert!(
            snapshot(&out) == before,
            "{name}: the output folder changed"
        );
        fs::remove_file(&file).expect("remove");
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn rollback_pages_list_every_asset_with_its_sha256() {
    let tmp = TempDir::new().expect("temp dir");
    let out = tmp.path().join("site");
    build_site(&content_dir(), &out);
    let text = fs::read_to_string(content_dir().join("plan.toml")).expect("read plan");
    let plan: toml::Table = toml::from_str(&text).expect("the example parses");
    let workloads = plan["workload"].as_array().expect("workloads");
    let mut assets_seen = 0;
    for w in workloads {
        let id = w["id"].as_str().expect("id");
        let Some(assets) = w
            .get("rollback")
            .and_then(|r| r.get("assets"))
            .and_then(|a| a.as_array())
        else {
            continue;
        };
        let html = page(&out, &format!("workloads/{id}/rollback/index.html"));
        for asset in assets {
            let asset = asset.as_str().expect("asset path");
            let bytes = fs::read(content_dir().join(asset)).expect("asset exists");
            let digest = hex(&Sha256::digest(&bytes));
            let link = format!("<a href=\"../../../{asset}\">{asset}</a>");
            let row = html
                .split("<tr>")
                .find(|row| row.contains(&link))
                .unwrap_or_else(|| panic!("{id}: no row links {asset}"));
            assert!(row.contains(&digest), "{id}: {asset} should show {digest}");
            assert_eq!(
                fs::read(out.join(asset)).expect("copied"),
                bytes,
                "{asset} is copied into the site"
            );
            assets_seen += 1;
        }
    }
    assert!(assets_seen >= 20, "only {assets_seen} assets checked");
}

#[test]
fn warnings_show_on_the_dashboard_and_on_the_workload_they_concern() {
    let tmp = TempDir::new().expect("temp dir");
    let out = tmp.path().join("site");
    build_site(&content_dir(), &out);
    let index = page(&out, "index.html");
    for (code, workload) in [
        ("W-downtime", "expenses"),
        ("W-replication-wave", "clickstream"),
    ] {
        assert!(index.contains(code), "the dashboard lists {code}");
        let html = page(&out, &format!("workloads/{workload}/index.html"));
        assert!(html.contains(code), "{workload}'s page lists {code}");
    }
    assert!(
        !page(&out, "workloads/ad/index.html").contains("W-downtime"),
        "a warning stays off unrelated pages"
    );
}

#[test]
fn pages_a_migration_lead_needs_are_there() {
    let tmp = TempDir::new().expect("temp dir");
    let out = tmp.path().join("site");
    build_site(&content_dir(), &out);
    let index = page(&out, "index.html");
    assert!(
        index.contains("<svg") && index.contains("role=\"img\""),
        "dashboard charts"
    );
    assert!(
        index.contains("class=\"badge go\"") || index.contains("class=\"badge nogo\""),
        "GO/NO-GO badges"
    );
    let wave = page(&out, "waves/1/index.html");
    for part in [
        "Units and cutovers",
        "Go/no-go checklist",
        "Approvals for this wave",
        "Tue ",
    ] {
        assert!(wave.contains(part), "wave page lacks {part:?}");
    }
    let schedule = page(&out, "schedule/index.html");
    assert!(
        schedule.contains("Timeline of waves and cutovers")
            && schedule.contains("<title id=\"chart-timeline-title\">")
    );
    let transfers = page(&out, "transfers/index.html");
    assert!(
        transfers.contains("Path decision table") && transfers.contains("Data Box"),
        "transfers page"
    );
    let readiness = page(&out, "readiness/index.html");
    assert!(
        readiness.contains("Cost management (FinOps)") && readiness.contains("Samuel Achebe"),
        "readiness page"
    );
    let workload = page(&out, "workloads/crm/index.html");
    assert!(
        workload.contains("rule 3") || workload.contains("rule 5"),
        "the rule that chose the path"
    );
    assert!(
        workload.contains("Needed by") && workload.contains("Depends on"),
        "dependencies both ways"
    );
}

#[test]
fn templates_command_writes_the_built_ins_once() {
    let tmp = TempDir::new().expect("temp dir");
    let dir = tmp.path().join("plan");
    waveplan().arg("templates").arg(&dir).assert().success();
    assert!(dir.join("templates/base.html").is_file());
    assert!(dir.join("templates/partials/warnings.html").is_file());
    assert!(dir.join("static/style.css").is_file());
    fs::write(dir.join("templates/base.html"), "edited").expect("write");
    let output = waveplan()
        .arg("templates")
        .arg(&dir)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("nothing was written"));
    assert_eq!(
        fs::read_to_string(dir.join("templates/base.html")).expect("read"),
        "edited",
        "never overwrites"
    );

    // The written files build the same site as the built-ins.
    let (tmp2, plan) = example_copy();
    waveplan().arg("templates").arg(&plan).assert().success();
    let (a, b) = (tmp2.path().join("a"), tmp.path().join("b"));
    build_site(&plan, &a);
    build_site(&content_dir(), &b);
    assert!(
        snapshot(&a) == snapshot(&b),
        "written-out templates render like the built-ins"
    );
}

#[test]
fn pages_show_shared_links() {
    let tmp = TempDir::new().expect("temp dir");
    let out = tmp.path().join("site");
    build_site(&content_dir(), &out);
    // Each wave page: load per path against capacity, with a bar, and Data Box devices.
    let wave2 = page(&out, "waves/2/index.html");
    assert!(
        wave2.contains("id=\"link-load\""),
        "wave 2 has a link-load section"
    );
    assert!(
        wave2.contains("89.6 %"),
        "wave 2's VPN is at 89.6 % of 280 h"
    );
    assert!(wave2.contains("class=\"load-bar\""));
    assert!(page(&out, "waves/1/index.html").contains("Data Box devices: 1"));
    // The transfers page: the chart with a table of the same numbers.
    let transfers = page(&out, "transfers/index.html");
    assert!(transfers.contains("id=\"chart-link-load-title\""));
    assert!(transfers.contains("280 h (28 days x 10 h a day)"));
    // A workload page names the units it shares its cutover day with.
    let erp_app = page(&out, "workloads/erp-app/index.html");
    assert!(
        erp_app.contains("shares the VPN link with <a href=\"../../workloads/edi-gateway/index.html\">edi-gateway (prod)</a>"),
        "erp-app names edi-gateway"
    );
    // A wave's warning links to the wave.
    let index = page(&out, "index.html");
    assert!(index.contains("W-replication-wave"));
    assert!(index.contains("<a href=\"waves/3/index.html\">wave 3</a>"));
    assert!(page(&out, "waves/3/index.html").contains("W-replication-wave"));
}
