//! Search and filters (docs/site.md, "Search and filters"): the index the build writes, the
//! pages that load it, and its size on a large plan. What the script does in a browser is
//! checked by tests/browser/check.mjs.

mod common;
#[path = "../examples/common/mod.rs"]
#[allow(dead_code)]
mod synth;

use common::{build_site, content_dir};
use std::fs;
use std::path::Path;
use tempfile::TempDir;

fn page(out: &Path, path: &str) -> String {
    fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every HTML page of a site, relative to its root, with `/`.
fn html_pages(out: &Path) -> Vec<String> {
    fn walk(dir: &Path, base: &Path, found: &mut Vec<String>) {
        for entry in fs::read_dir(dir).expect("readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, base, found);
            } else if path.extension().is_some_and(|e| e == "html") {
                let rel = path.strip_prefix(base).expect("under base");
                found.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut found = Vec::new();
    walk(out, out, &mut found);
    found.sort();
    found
}

/// `search-index.js` without its comment and assignment: the object literal, which is JSON.
fn search_index(out: &Path) -> serde_json::Value {
    let text = page(out, "search-index.js");
    let object = text
        .split_once("window.waveplanIndex=")
        .map(|(_, rest)| rest.trim_end().trim_end_matches(';'))
        .expect("the index assigns window.waveplanIndex");
    serde_json::from_str(object).expect("the index is a JSON object literal")
}

#[test]
fn the_search_index_holds_every_workload_and_every_page_loads_it_relatively() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("site");
    build_site(&content_dir(), &out);
    let plan: serde_json::Value =
        serde_json::from_str(&page(&out, "plan.json")).expect("plan.json");
    let index = search_index(&out);
    let workloads = plan["workloads"].as_array().unwrap();
    let n = workloads.len();
    let ids: Vec<&str> = workloads
        .iter()
        .map(|w| w["id"].as_str().unwrap())
        .collect();
    let column = |key: &str| index[key].as_array().unwrap_or_else(|| panic!("{key}"));
    let text = |v: &serde_json::Value| v.as_str().unwrap().to_string();
    let at = |dict: &str, i: &serde_json::Value| text(&column(dict)[i.as_u64().unwrap() as usize]);
    assert_eq!(column("id").iter().map(text).collect::<Vec<_>>(), ids);
    let codes = index["codes"].as_str().unwrap().as_bytes();
    assert_eq!(codes.len(), 10 * n, "ten codes per workload");
    let pattern = |key: &str, value: &str| {
        let p = column(key);
        format!("{}{value}{}", text(&p[0]), text(&p[1]))
    };
    for (i, w) in workloads.iter().enumerate() {
        let id = ids[i];
        assert_eq!(at("owners", &column("owner")[i]), text(&w["owner"]), "{id}");
        let page_text = page(&out, &pattern("page", id));
        let unit = at("units", &column("unit")[i]);
        assert!(page_text.contains(&unit), "{id}: business unit {unit}");
        let crit = (codes[i * 10] as char).to_digit(36).unwrap() as usize;
        assert_eq!(text(&column("crit")[crit]), text(&w["criticality"]), "{id}");
        let path = (codes[i * 10 + 3] as char).to_digit(36).unwrap() as usize;
        assert_eq!(text(&column("path")[path][0]), text(&w["path"]), "{id}");
        for (key, wave) in [("nw", "nonprod_wave"), ("pw", "prod_wave")] {
            assert_eq!(
                column(key)[i].as_u64(),
                Some(w[wave].as_u64().unwrap_or(0)),
                "{id}"
            );
        }
        // The patterns make the pages' own addresses.
        assert!(out.join(pattern("page", id)).is_file(), "{id}");
        assert!(out.join(pattern("rollback", id)).is_file(), "{id}");
        let tags: Vec<String> = column("tag")[i]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| at("tags", t))
            .collect();
        for tag in &tags {
            assert!(page_text.contains(tag.as_str()), "{id}: tag {tag}");
        }
    }
    assert!(out.join(pattern("wave", "1")).is_file());
    // The data sizes are listed smallest first, so a sort by index is a sort by size.
    let sizes: Vec<String> = column("sizes").iter().map(text).collect();
    assert!(sizes.len() > 3 && sizes.first().unwrap().ends_with("GB"));
    assert!(sizes.last().unwrap().ends_with("TB"));

    // Every page carries the search box and loads the script from its own depth.
    for path in html_pages(&out) {
        let html = page(&out, &path);
        let root = "../".repeat(path.matches('/').count());
        assert!(
            html.contains(&format!("<script src=\"{root}search.js\" defer>")),
            "{path}: search.js"
        );
        assert!(
            html.contains(&format!("data-index=\"{root}search-index.js\"")),
            "{path}: the index"
        );
        assert!(html.contains("role=\"combobox\""), "{path}: the box");
    }
    let list = page(&out, "workloads/index.html");
    for key in ["wave", "criticality", "path", "method", "state", "text"] {
        assert!(list.contains(&format!("name=\"{key}\"")), "filter {key}");
    }
    assert_eq!(list.matches("data-sort=").count(), 10, "every column sorts");
}

#[test]
fn the_index_stays_compact_on_a_large_plan() {
    let n = 1_000;
    let tmp = TempDir::new().unwrap();
    let plan = tmp.path().join("plan");
    fs::create_dir_all(&plan).unwrap();
    fs::write(plan.join("plan.toml"), synth::plan_toml(n)).unwrap();
    let out = tmp.path().join("site");
    build_site(&plan, &out);
    let bytes = fs::metadata(out.join("search-index.js")).unwrap().len();
    // About 55 bytes a workload (docs/performance.md): 552 KB at 10,000.
    assert!(
        bytes < 64 * n as u64,
        "search-index.js is {bytes} bytes for {n} workloads"
    );
    let index = search_index(&out);
    assert_eq!(index["id"].as_array().unwrap().len(), n);
    assert_eq!(
        index["owners"].as_array().unwrap().len(),
        97,
        "owners are a dictionary"
    );
}
