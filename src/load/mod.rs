//! From [`Inputs`] to a validated [`Plan`], collecting every input error in one run.
//!
//! plan.toml is parsed into a spanned tree, checked against the declarations in
//! [`crate::schema`] (unknown keys, types, required fields, ranges), then read into the typed
//! model; cross-references (ids, dependencies, assets, notes) are checked last.
//!
//! - [`values`]: one spanned value or table against its declaration, and typed reads;
//! - [`plan_toml`]: plan.toml into [`Plan`];
//! - [`references`]: ids, dependencies, peaks, paths and assets across the plan;
//! - [`results`]: `[[result]]` tables and their references (spec section 9);
//! - [`notes`]: the markdown notes and their front matter.

use crate::diagnostics::{Diagnostic, LineIndex, has_errors, sort};
use crate::inputs::Inputs;
use crate::model::{Loc, Plan};
use std::cell::OnceCell;
use std::ops::Range;
use std::sync::Arc;

mod notes;
mod plan_toml;
mod references;
mod results;
mod scenarios;
mod shape;
mod values;
mod workload;

use notes::load_notes;
pub use notes::{note, parse_note};
use plan_toml::load_plan_toml;
use references::check_cross_references;

/// A loaded plan and its warnings, or every error (and warning) found.
pub fn load(inputs: &Inputs) -> Result<(Plan, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let plan = load_plan_toml(inputs, &mut diagnostics);
    let notes = load_notes(inputs, &mut diagnostics);
    // Cross-references are checked even when plan.toml has other errors, so that one run
    // reports everything; a plan with any error is not returned.
    let result = plan.map(|mut plan| {
        plan.notes = notes;
        check_cross_references(&plan, inputs, &mut diagnostics);
        results::check_results(&plan, inputs, &mut diagnostics);
        if !has_errors(&diagnostics) {
            check_scenarios(&mut plan, inputs, &mut diagnostics);
        }
        plan
    });
    sort(&mut diagnostics);
    match result {
        Some(plan) if !has_errors(&diagnostics) => Ok((plan, diagnostics)),
        _ => Err(diagnostics),
    }
}

/// The cross-references of each scenario's plan: its errors are the plan's (naming the
/// scenario); warnings the baseline does not have are the scenario's own.
fn check_scenarios(plan: &mut Plan, inputs: &Inputs, out: &mut Vec<Diagnostic>) {
    let baseline: Vec<Diagnostic> = out.clone();
    for scenario in &mut plan.scenarios {
        let mut found = Vec::new();
        check_cross_references(&scenario.plan, inputs, &mut found);
        for d in found {
            if baseline.contains(&d) {
                continue;
            }
            let d = scenarios::in_scenario(d, &scenario.name);
            if d.is_error() {
                out.push(d);
            } else {
                scenario.warnings.push(d);
            }
        }
    }
}

/// Diagnostics against one file's text.
struct Reporter<'t> {
    pub(super) file: Arc<str>,
    pub(super) text: &'t str,
    pub(super) out: &'t mut Vec<Diagnostic>,
    /// Built on the first diagnostic: a broken plan may have thousands.
    pub(super) lines: OnceCell<LineIndex>,
}

impl Reporter<'_> {
    pub(super) fn error(
        &mut self,
        code: &'static str,
        message: impl Into<String>,
        span: Range<usize>,
    ) -> &mut Diagnostic {
        self.push(Diagnostic::error(code, message), span)
    }
    pub(super) fn warning(
        &mut self,
        code: &'static str,
        message: impl Into<String>,
        span: Range<usize>,
    ) -> &mut Diagnostic {
        self.push(Diagnostic::warning(code, message), span)
    }
    fn push(&mut self, d: Diagnostic, span: Range<usize>) -> &mut Diagnostic {
        let lines = self.lines.get_or_init(|| LineIndex::new(self.text));
        self.out
            .push(d.at_indexed(&self.file, self.text, lines, span));
        self.out.last_mut().expect("just pushed")
    }
    pub(super) fn loc(&self, span: Range<usize>) -> Loc {
        Loc {
            file: self.file.clone(),
            start: span.start,
            end: span.end,
        }
    }
    /// `file:line:col` of a span, for notes that point at a second place.
    pub(super) fn place(&self, span: Range<usize>) -> String {
        let lines = self.lines.get_or_init(|| LineIndex::new(self.text));
        let p = lines.position(self.text, span.start);
        format!("{}:{}:{}", self.file, p.line, p.column)
    }
}

/// Decodes UTF-8, or reports where the first invalid byte is.
fn decode<'a>(file: &str, bytes: &'a [u8], out: &mut Vec<Diagnostic>) -> Option<&'a str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(crate::inputs::strip_bom(text)),
        Err(err) => {
            let valid = err.valid_up_to();
            let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
            let line = prefix.matches('\n').count() + 1;
            let column = prefix[prefix.rfind('\n').map_or(0, |i| i + 1)..]
                .chars()
                .count()
                + 1;
            let mut d = Diagnostic::error(
                "E-utf8",
                format!("{file} is not valid UTF-8 (byte {valid})"),
            )
            .in_file(file)
            .help("save the file as UTF-8");
            d.line = line;
            d.column = column;
            out.push(d.quote(&prefix[prefix.rfind('\n').map_or(0, |i| i + 1)..]));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::PLAN_FILE;
    use crate::model::Criticality;

    fn inputs(plan: &str) -> Inputs {
        let mut inputs = Inputs::default();
        inputs.insert(PLAN_FILE, plan.as_bytes().to_vec());
        inputs
    }

    const MINIMAL: &str = r#"
[plan]
title = "T"
start = 2027-02-01

[network]
internet_mbps = 500

[[workload]]
id = "a"
name = "A"
owner = "O"
data_gb = 10
"#;

    #[test]
    fn minimal_plan_loads_with_defaults() {
        let (plan, diags) = load(&inputs(MINIMAL)).expect("loads");
        assert!(diags.is_empty(), "{diags:?}");
        let w = &plan.workloads[0];
        assert_eq!(w.criticality, Criticality::Medium);
        assert_eq!(w.environments, vec!["prod"]);
        assert_eq!(w.nonprod_data_gb, 10.0);
        assert_eq!(plan.meta.wave_weeks, 4);
        assert_eq!(plan.meta.revision, "draft");
        assert_eq!(plan.network.utilization, 0.8);
        assert_eq!(plan.meta.cutover_weekdays.len(), 5);
    }

    #[test]
    fn all_errors_are_collected() {
        let text = MINIMAL
            .replace("owner = \"O\"", "ownr = \"O\"")
            .replace("title = \"T\"", "title = 5");
        let diags = load(&inputs(&text)).expect_err("fails");
        let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
        assert!(codes.contains(&"E-unknown-key"), "{codes:?}");
        assert!(codes.contains(&"E-missing"), "{codes:?}");
        assert!(codes.contains(&"E-type"), "{codes:?}");
        let unknown = diags.iter().find(|d| d.code == "E-unknown-key").unwrap();
        assert_eq!(unknown.help.as_deref(), Some("did you mean `owner`?"));
        assert_eq!(unknown.line, 12);
    }

    #[test]
    fn front_matter_is_split_from_the_body() {
        let mut out = Vec::new();
        let note = parse_note(
            "pages/x.md",
            "+++\ntitle = \"X\"\nweight = 2\n+++\n# Body\n",
            &mut out,
        )
        .unwrap();
        assert!(out.is_empty());
        assert_eq!(note.title.as_deref(), Some("X"));
        assert_eq!(note.weight, 2);
        assert_eq!(note.body, "# Body\n");
    }

    #[test]
    fn front_matter_errors_point_into_the_file() {
        let mut out = Vec::new();
        let note = parse_note(
            "pages/x.md",
            "+++\ntitle = \"X\"\nwieght = 2\n+++\nbody",
            &mut out,
        );
        assert!(note.is_none());
        assert_eq!(out[0].code, "E-unknown-key");
        assert_eq!((out[0].line, out[0].column), (3, 1));
    }
}
