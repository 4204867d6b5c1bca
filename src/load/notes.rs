//! Notes: workloads/<id>.md, rollback/<id>.md, pages/<slug>.md, with `+++` front matter.

use super::shape::check_table;
use super::values::{Fields, get};
use super::{Reporter, decode};
use crate::diagnostics::{Diagnostic, did_you_mean, has_errors};
use crate::inputs::{Inputs, NoteFolder, PLAN_FILE, strip_bom};
use crate::model::{FreePage, Note, Notes};
use crate::schema::{self, defaults};
use std::collections::BTreeSet;
use std::sync::Arc;
use toml::de::DeTable;

pub(super) fn load_notes(inputs: &Inputs, out: &mut Vec<Diagnostic>) -> Notes {
    let ids = workload_ids(inputs);
    let mut notes = Notes::default();
    for kind in NoteFolder::ALL {
        let folder = kind.dir();
        for (name, bytes) in inputs.under(folder) {
            let file = format!("{folder}/{name}");
            let Some(stem) = name.strip_suffix(".md") else {
                out.push(
                    Diagnostic::warning(
                        "W-ignored-file",
                        format!("{file} is not a .md note and is ignored"),
                    )
                    .in_file(&file)
                    .help("notes are markdown files named <id>.md"),
                );
                continue;
            };
            let Some(text) = decode(&file, bytes, out) else {
                continue;
            };
            if kind == NoteFolder::Pages {
                if !schema::is_valid_id(stem) {
                    out.push(
                        Diagnostic::error("E-page-name", format!("page name `{stem}` cannot be used in a link"))
                            .in_file(&file)
                            .help("name pages with lowercase letters, digits and `-`, e.g. pages/communication-plan.md"),
                    );
                    continue;
                }
            } else if let Some(ids) = &ids
                && !ids.contains(stem)
            {
                let help = match did_you_mean(stem, ids.iter().map(String::as_str)) {
                    Some(near) => format!("did you mean {folder}/{near}.md?"),
                    None => {
                        format!("rename it to {folder}/<id>.md after an existing workload id")
                    }
                };
                let mut d = Diagnostic::error(
                    "E-notes-unknown",
                    format!("{file} names no workload: there is no `{stem}`"),
                )
                .in_file(&file)
                .help(help);
                d.line = 1;
                d.column = 1;
                out.push(d.quote(text.lines().next().unwrap_or_default()));
                continue;
            }
            let Some(note) = parse_note(&file, text, out) else {
                continue;
            };
            match kind {
                NoteFolder::Workloads => {
                    notes.workloads.insert(stem.to_string(), note);
                }
                NoteFolder::Rollback => {
                    notes.rollback.insert(stem.to_string(), note);
                }
                NoteFolder::Pages => notes.pages.push(FreePage {
                    slug: stem.to_string(),
                    note,
                }),
            }
        }
    }
    notes
        .pages
        .sort_by(|a, b| (a.note.weight, &a.slug).cmp(&(b.note.weight, &b.slug)));
    notes
}

/// Workload ids from plan.toml, read leniently so note names can be checked even when the
/// plan has other errors. `None` when plan.toml cannot be parsed at all.
pub(super) fn workload_ids(inputs: &Inputs) -> Option<BTreeSet<String>> {
    let text = std::str::from_utf8(inputs.get(PLAN_FILE)?).ok()?;
    let root = DeTable::parse(strip_bom(text)).ok()?;
    let workloads = get(root.get_ref(), "workload")?.get_ref().as_array()?;
    Some(
        workloads
            .iter()
            .filter_map(|w| w.get_ref().as_table())
            .filter_map(|t| {
                get(t, "id")
                    .and_then(|v| v.get_ref().as_str())
                    .map(str::to_owned)
            })
            .collect(),
    )
}

/// One note file read on its own, as [`load`] reads it (UTF-8, front matter): `serve`
/// re-reads only the note that changed. Checks that need the whole plan (its name names a
/// workload) are not made here.
pub fn note(file: &str, bytes: &[u8], out: &mut Vec<Diagnostic>) -> Option<Note> {
    let text = decode(file, bytes, out)?;
    parse_note(file, text, out)
}

/// Splits optional `+++` TOML front matter from a note's markdown body.
pub fn parse_note(file: &str, text: &str, out: &mut Vec<Diagnostic>) -> Option<Note> {
    let mut note = Note {
        file: file.to_string(),
        title: None,
        weight: defaults::NOTE_WEIGHT,
        body: text.to_string(),
    };
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != "+++" {
        return Some(note);
    }
    let after = first_line_end;
    let mut close = None;
    let mut pos = after;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        if text[pos..end].trim_end() == "+++" {
            close = Some((pos, end));
            break;
        }
        pos = end;
    }
    let Some((close_start, close_end)) = close else {
        out.push(
            Diagnostic::error(
                "E-front-matter",
                "front matter opened with +++ is never closed",
            )
            .at(file, text, 0..3)
            .help("end the front matter with a line holding only +++"),
        );
        return None;
    };
    let errors_before = out.len();
    // Parse the front matter in place (blanked-out surroundings keep spans file-relative).
    let mut padded = String::with_capacity(close_start);
    // One space per byte, not per character: a multi-byte character on the `+++` line
    // would otherwise shift every span that follows.
    padded.extend(
        text[..after]
            .bytes()
            .map(|b| if b == b'\n' { '\n' } else { ' ' }),
    );
    padded.push_str(&text[after..close_start]);
    match DeTable::parse(&padded) {
        Ok(table) => {
            let mut ctx = Reporter {
                file: Arc::from(file),
                text,
                out,
                lines: Default::default(),
            };
            check_table(&mut ctx, &schema::FRONT_MATTER, table.get_ref(), 0..0);
            let fields = Fields {
                table: table.get_ref(),
            };
            note.title = fields.str("title");
            note.weight = fields.int("weight").unwrap_or(defaults::NOTE_WEIGHT);
        }
        Err(err) => {
            out.push(
                Diagnostic::error(
                    "E-front-matter",
                    format!("front matter: {}", err.message().trim()),
                )
                .at(file, text, err.span().unwrap_or(0..0))
                .help("front matter is TOML, e.g. title = \"Cutover runbook\" and weight = 1"),
            );
        }
    }
    if out.len() > errors_before && has_errors(&out[errors_before..]) {
        return None;
    }
    note.body = text[close_end..].to_string();
    Some(note)
}
