//! Names that say one thing: no two types in `src/` share a name, so a reader (and a `use`)
//! never has to ask which `Window` or `Section` is meant.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

mod common;
use common::rust_files;

/// Pairs not renamed yet, each `(name, [the files declaring it])`. Keep it empty: rename a
/// new type instead of adding it here.
const KNOWN: &[(&str, &[&str])] = &[];

/// The name a line declares, if it declares a struct, enum, union, type alias or trait. An
/// indented `type X = ...;` without `pub` is a trait's associated type in an impl (`type Target
/// = T;`), not a type of its own.
fn declared(line: &str) -> Option<&str> {
    let mut words = line.split_whitespace().peekable();
    let public = words.peek().is_some_and(|w| w.starts_with("pub"));
    if public {
        words.next();
    }
    let keyword = words.next();
    if !matches!(
        keyword,
        Some("struct" | "enum" | "union" | "type" | "trait")
    ) {
        return None;
    }
    if keyword == Some("type") && !public && line.starts_with(char::is_whitespace) {
        return None;
    }
    let word = words.next()?;
    let end = word
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(word.len());
    let name = &word[..end];
    name.starts_with(|c: char| c.is_ascii_uppercase())
        .then_some(name)
}

#[test]
fn no_two_types_share_a_name() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.sort();
    let mut places: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in &files {
        let text = fs::read_to_string(file).expect("read file");
        let relative = file
            .strip_prefix(&root)
            .expect("under the crate")
            .to_string_lossy()
            .replace('\\', "/");
        for line in text.lines() {
            if let Some(name) = declared(line) {
                places
                    .entry(name.to_owned())
                    .or_default()
                    .push(relative.clone());
            }
        }
    }
    assert!(places.len() > 50, "too few types found: {places:?}");
    let shared: Vec<(String, Vec<String>)> = places
        .into_iter()
        .filter(|(_, files)| files.len() > 1)
        .collect();
    let known: Vec<(String, Vec<String>)> = KNOWN
        .iter()
        .map(|(name, files)| {
            (
                name.to_string(),
                files.iter().map(|f| f.to_string()).collect(),
            )
        })
        .collect();
    assert_eq!(
        shared, known,
        "types sharing a name (left) differ from the known list (right): rename the new one, \
         or remove a pair from KNOWN once it is renamed"
    );
}

#[test]
fn declarations_are_recognised() {
    assert_eq!(declared("pub struct Plan {"), Some("Plan"));
    assert_eq!(declared("pub(crate) enum Kind {"), Some("Kind"));
    assert_eq!(declared("    struct Reporter<'t> {"), Some("Reporter"));
    assert_eq!(
        declared("pub type Rendered = (String, Vec<u8>);"),
        Some("Rendered")
    );
    assert_eq!(declared("let struct_like = 1;"), None);
    assert_eq!(declared("// a struct Plan in a comment"), None);
}
