//! The layout of `src/`: no import cycle between modules (see docs/architecture.md).
//!
//! Every `crate::...` and `super::...` path in a module's code (`use` groups included) is an
//! edge to the deepest module that path names. Two graphs must be acyclic: the top-level
//! modules (`site`, `build`, `serve`..., each with everything below it), and every module on
//! its own. A module's own children, named without `crate::` or `super::`, are not edges in
//! the second: a parent declares its children, that is not an import.

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module path (`site::view::tables`) -> source text, for every file under `src/` but the
/// crate roots.
fn modules(dir: &Path, prefix: &[String], out: &mut BTreeMap<String, String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ can be read")
        .map(|e| e.expect("src/ can be read").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("UTF-8 file names")
            .to_string();
        if path.is_dir() {
            let mut inner = prefix.to_vec();
            inner.push(name);
            modules(&path, &inner, out);
        } else if let Some(stem) = name.strip_suffix(".rs") {
            let mut module = prefix.to_vec();
            if stem != "mod" {
                module.push(stem.to_string());
            }
            if module.is_empty() || (prefix.is_empty() && (stem == "lib" || stem == "main")) {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("source is UTF-8");
            out.insert(module.join("::"), text);
        }
    }
}

/// The code without `//` comments (doc comments included).
fn strip_comments(text: &str) -> String {
    text.lines()
        .map(|line| line.split_once("//").map_or(line, |(code, _)| code))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path starting with `crate` or `super` in `code`, as its segments; a `use` group
/// (`crate::a::{b, c::{d}}`) gives one path per leaf.
fn paths(code: &str) -> Vec<Vec<String>> {
    let chars: Vec<char> = code.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        let rest: String = chars[i..chars.len().min(i + 7)].iter().collect();
        if starts_word && (rest.starts_with("crate::") || rest.starts_with("super::")) {
            i = path_at(&chars, i, Vec::new(), &mut found);
        } else {
            i += 1;
        }
    }
    found
}

/// Reads a path (and its group, if any) starting at `i` after the segments in `base`; pushes
/// the full paths to `found` and returns the index after it.
fn path_at(
    chars: &[char],
    mut i: usize,
    mut base: Vec<String>,
    found: &mut Vec<Vec<String>>,
) -> usize {
    loop {
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        if i < chars.len() && chars[i] == '{' {
            i += 1;
            loop {
                while i < chars.len() && (chars[i].is_whitespace() || chars[i] == ',') {
                    i += 1;
                }
                if i >= chars.len() || chars[i] == '}' {
                    found.push(base.clone());
                    return i + 1;
                }
                i = path_at(chars, i, base.clone(), found);
            }
        }
        let start = i;
        while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
            i += 1;
        }
        let segment: String = chars[start..i].iter().collect();
        if segment.is_empty() {
            found.push(base);
            return i.max(start + 1);
        }
        if segment != "self" {
            base.push(segment);
        }
        if chars.get(i) == Some(&':') && chars.get(i + 1) == Some(&':') {
            i += 2;
        } else {
            found.push(base);
            return i;
        }
    }
}

/// The module graph: module -> the modules it names.
fn graph(modules: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let mut edges = BTreeMap::new();
    for (module, text) in modules {
        let here: Vec<&str> = module.split("::").collect();
        let targets: &mut BTreeSet<String> = edges.entry(module.clone()).or_default();
        for path in paths(&strip_comments(text)) {
            let mut absolute: Vec<String> = Vec::new();
            let mut segments = path.iter().peekable();
            if segments.peek().map(|s| s.as_str()) == Some("crate") {
                segments.next();
            } else {
                absolute = here.iter().map(|s| s.to_string()).collect();
                while segments.peek().map(|s| s.as_str()) == Some("super") {
                    segments.next();
                    absolute.pop();
                }
            }
            absolute.extend(segments.cloned());
            let target = (1..=absolute.len())
                .rev()
                .map(|n| absolute[..n].join("::"))
                .find(|candidate| modules.contains_key(candidate));
            if let Some(target) = target
                && target != *module
            {
                targets.insert(target);
            }
        }
    }
    edges
}

/// The graph of top-level modules: each module stands for everything below it.
fn top_level(edges: &BTreeMap<String, BTreeSet<String>>) -> BTreeMap<String, BTreeSet<String>> {
    let top = |module: &str| module.split("::").next().unwrap_or(module).to_string();
    let mut collapsed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, targets) in edges {
        let entry = collapsed.entry(top(from)).or_default();
        entry.extend(targets.iter().map(|t| top(t)).filter(|t| *t != top(from)));
    }
    collapsed
}

/// The cycles of the graph: each strongly connected component of more than one module.
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let mut g = DiGraph::<&str, ()>::new();
    let mut index: BTreeMap<&str, NodeIndex> = BTreeMap::new();
    for (from, targets) in edges {
        for name in std::iter::once(from).chain(targets) {
            index.entry(name).or_insert_with(|| g.add_node(name));
        }
    }
    for (from, targets) in edges {
        for to in targets {
            g.add_edge(index[from.as_str()], index[to.as_str()], ());
        }
    }
    let mut found: Vec<Vec<String>> = tarjan_scc(&g)
        .into_iter()
        .filter(|scc| scc.len() > 1)
        .map(|scc| {
            let mut names: Vec<String> = scc.iter().map(|n| g[*n].to_string()).collect();
            names.sort();
            names
        })
        .collect();
    found.sort();
    found
}

#[test]
fn no_import_cycle_in_src() {
    let mut found = BTreeMap::new();
    modules(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &[],
        &mut found,
    );
    let edges = graph(&found);
    // The scan sees the imports it must see: a graph with no edges would pass vacuously.
    assert!(edges.values().map(BTreeSet::len).sum::<usize>() > 50);
    assert!(edges["build"].contains("load") && edges["build"].contains("site"));
    assert!(edges["archive::verify"].contains("archive"));
    let none = Vec::<Vec<String>>::new();
    assert_eq!(cycles(&top_level(&edges)), none, "import cycles in src/");
    assert_eq!(cycles(&edges), none, "import cycles in src/");
}

#[test]
fn the_scan_finds_a_cycle_through_a_use_group_and_super() {
    let fake: BTreeMap<String, String> = [
        (
            "a",
            "use crate::{b::{self, x}, c};\n// crate::d is a comment\n",
        ),
        ("b", "fn f() { super::c::g() }"),
        ("c", "pub use crate::a as _;"),
        ("d", "use crate::b;"),
        ("e", "mod f;"),
        ("e::f", "use crate::g;"),
        ("g", "fn h() { crate::e::i() }"),
    ]
    .into_iter()
    .map(|(m, t)| (m.to_string(), t.to_string()))
    .collect();
    let edges = graph(&fake);
    assert_eq!(
        edges["a"],
        BTreeSet::from(["b".to_string(), "c".to_string()])
    );
    assert_eq!(
        cycles(&edges),
        vec![vec!["a".to_string(), "b".to_string(), "c".to_string()]]
    );
    // e::f -> g -> e is a cycle between top-level modules only.
    assert_eq!(
        cycles(&top_level(&edges)),
        vec![
            vec!["a".to_string(), "b".to_string(), "c".to_string()],
            vec!["e".to_string(), "g".to_string()]
        ]
    );
}
