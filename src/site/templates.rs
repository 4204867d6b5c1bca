//! Tera setup: the built-in templates compiled into the binary, overridden by name by a plan
//! folder's `templates/`; template errors become `E-template` diagnostics, never panics.
//!
//! Templates get no clock, randomness or environment, so the same plan gives the same bytes:
//! tera 2.4 registers only `range` and `throw` as functions (no `now`, `get_random` or
//! `get_env`), and a template calling an unknown function fails when it is loaded. waveplan
//! adds one pure function, `url`, the site's URL scheme ([`super::urls`]).

use crate::diagnostics::Diagnostic;
use crate::inputs::{Inputs, TEMPLATES_DIR, strip_bom};
use std::collections::BTreeMap;
use std::io;
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use tera::{Context, ErrorKind, Tera};

/// The most one page may take to render. A template that loops for longer (three nested
/// `range(end=3000)` loops) fails the build, naming the template, instead of hanging it.
pub const PAGE_TIME: Duration = Duration::from_secs(20);
/// The most one page may hold (the workloads list of a 100,000-workload plan is about 50 MiB).
pub const PAGE_BYTES: usize = 128 << 20;

/// Functions older tera offered that would make pages differ from build to build.
const FORBIDDEN_FUNCTIONS: &[&str] = &["now", "get_random", "get_env"];

/// Where a template came from, for diagnostics.
struct Source {
    text: String,
    overridden: bool,
}

pub struct Templates {
    tera: Tera,
    sources: BTreeMap<String, Source>,
    /// The template of the first page that ran past its budget: the other pages stop too.
    spent: OnceLock<String>,
}

/// Template names are paths below `templates/`; only `.html` files are templates.
fn is_template(name: &str) -> bool {
    name.ends_with(".html")
}

impl Templates {
    /// The built-in templates, each replaced by the plan's file of the same name if any.
    pub fn load(inputs: &Inputs) -> Result<Templates, Vec<Diagnostic>> {
        let mut sources: BTreeMap<String, Source> = BTreeMap::new();
        for (name, bytes) in crate::embedded::TEMPLATES
            .iter()
            .filter(|(n, _)| is_template(n))
        {
            let text = String::from_utf8_lossy(bytes).into_owned();
            sources.insert(
                (*name).to_string(),
                Source {
                    text,
                    overridden: false,
                },
            );
        }
        let mut errors = Vec::new();
        for (name, bytes) in inputs.under(TEMPLATES_DIR).filter(|(n, _)| is_template(n)) {
            match std::str::from_utf8(bytes) {
                Ok(text) => {
                    let text = strip_bom(text).to_string();
                    sources.insert(
                        name.to_string(),
                        Source {
                            text,
                            overridden: true,
                        },
                    );
                }
                Err(_) => errors.push(
                    Diagnostic::error("E-template", format!("templates/{name} is not valid UTF-8"))
                        .in_file(&format!("templates/{name}"))
                        .help("save the template as UTF-8"),
                ),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut tera = Tera::new();
        super::urls::register(&mut tera);
        let added = tera.add_raw_templates(
            sources
                .iter()
                .map(|(name, s)| (name.as_str(), s.text.as_str())),
        );
        let templates = Templates {
            tera,
            sources,
            spent: OnceLock::new(),
        };
        match added {
            Ok(()) => Ok(templates),
            Err(e) => Err(vec![templates.diagnostic(&e)]),
        }
    }

    /// Site-wide values every page sees, set once (tera keeps them behind `Arc`s).
    pub fn set_global(&mut self, key: &'static str, value: tera::Value) {
        self.tera.global_context().insert_value(key, value);
    }

    pub fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// Boxed: a diagnostic is large, and rendering succeeds far more often than not.
    /// A page that runs past [`PAGE_TIME`] or [`PAGE_BYTES`] is an error naming the template.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, Box<Diagnostic>> {
        let mut out = Budgeted {
            name,
            bytes: Vec::new(),
            deadline: Instant::now() + PAGE_TIME,
            spent: &self.spent,
            next_check: 0,
        };
        match self.tera.render_to(name, context, &mut out) {
            Ok(()) => String::from_utf8(out.bytes)
                .map_err(|e| Box::new(self.report_text_diagnostic(&format!("error: {e}")))),
            Err(e) => match self.spent.get() {
                // Every page stopped names the page that ran over: the build reports it once.
                Some(culprit) => Err(Box::new(self.over_budget(culprit))),
                None => Err(Box::new(self.diagnostic(&e))),
            },
        }
    }

    fn over_budget(&self, culprit: &str) -> Diagnostic {
        Diagnostic::error(
            "E-template",
            format!(
                "rendering with {culprit} ran past its budget ({} s or {} MiB per page); the build was stopped",
                PAGE_TIME.as_secs(),
                PAGE_BYTES >> 20
            ),
        )
        .in_file(&self.file_of(culprit))
        .help("look for loops that repeat too often (nested `for` over `range`) in the plan's templates")
    }

    /// `templates/<name>` when the plan overrides the page's template, else `templates` (the
    /// loop is then in a template it includes or extends).
    fn file_of(&self, name: &str) -> String {
        if self.sources.get(name).is_some_and(|s| s.overridden) {
            format!("templates/{name}")
        } else {
            "templates".to_string()
        }
    }

    /// A tera error as a diagnostic pointing into `templates/<name>`.
    fn diagnostic(&self, e: &tera::Error) -> Diagnostic {
        match e.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
                let span = report.span();
                let mut d = self.at(
                    report.filename(),
                    span.start_line,
                    span.start_col + 1,
                    report.message(),
                    Vec::new(),
                );
                if span.end_line == span.start_line {
                    d.width = span.end_col.saturating_sub(span.start_col).max(1);
                }
                d
            }
            _ => self.report_text_diagnostic(&e.to_string()),
        }
    }

    /// Tera joins several validation errors into one message of `error: ...` / `--> name:l:c`
    /// reports: the first becomes the diagnostic, the others notes.
    fn report_text_diagnostic(&self, text: &str) -> Diagnostic {
        let mut reports: Vec<(String, Option<Place>)> = Vec::new();
        for line in text.lines() {
            if let Some(message) = line.strip_prefix("error: ") {
                reports.push((message.to_string(), None));
            } else if let Some(place) = line.trim_start().strip_prefix("--> ")
                && let Some(last) = reports.last_mut()
            {
                last.1 = parse_place(place);
            }
        }
        let Some((message, place)) = reports.first().cloned() else {
            return Diagnostic::error(
                "E-template",
                text.lines().next().unwrap_or("template error").to_string(),
            )
            .in_file("templates")
            .help("fix the template, or delete it to use the built-in one");
        };
        let notes = reports
            .iter()
            .skip(1)
            .map(|(m, p)| match p {
                Some((name, line, column)) => {
                    format!("also: {m} at templates/{name}:{line}:{column}")
                }
                None => format!("also: {m}"),
            })
            .collect();
        match place {
            Some((name, line, column)) => self.at(&name, line, column, &message, notes),
            None => {
                let mut d = Diagnostic::error("E-template", message.clone()).in_file("templates");
                d.notes = notes;
                d.help(help_for(&message, None))
            }
        }
    }

    fn at(
        &self,
        name: &str,
        line: usize,
        column: usize,
        message: &str,
        notes: Vec<String>,
    ) -> Diagnostic {
        let source = self.sources.get(name);
        let mut d = Diagnostic::error("E-template", message.to_string())
            .in_file(&format!("templates/{name}"));
        d.line = line;
        d.column = column.max(1);
        if let Some(text) = source.and_then(|s| s.text.lines().nth(line.saturating_sub(1))) {
            d = d.quote(text);
        }
        d.notes = notes;
        if source.is_some_and(|s| !s.overridden) {
            d.notes.push("this is a built-in template: a template of the plan may have changed what it expects".into());
        }
        d.help(help_for(message, source.map(|s| s.overridden)))
    }
}

/// A template name, line and column.
type Place = (String, usize, usize);

/// A page being rendered, refusing to grow past [`PAGE_BYTES`] or to go on past its deadline
/// (or once another page of the build has run past its own).
struct Budgeted<'a> {
    name: &'a str,
    bytes: Vec<u8>,
    deadline: Instant,
    spent: &'a OnceLock<String>,
    /// The length at which the clock and the other pages' verdict are looked at next: tera
    /// writes a page in thousands of small pieces (escaping writes byte runs), and reading the
    /// clock on each took a quarter of a build's instructions.
    next_check: usize,
}

/// How much a page grows between two looks at the clock.
const CHECK_EVERY: usize = 16 << 10;

impl io::Write for Budgeted<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let len = self.bytes.len() + buf.len();
        if len >= self.next_check || len > PAGE_BYTES {
            self.next_check = len + CHECK_EVERY;
            if len > PAGE_BYTES || Instant::now() > self.deadline {
                self.spent.get_or_init(|| self.name.to_string());
            }
            if self.spent.get().is_some() {
                return Err(io::Error::other("the page ran past its budget"));
            }
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn parse_place(place: &str) -> Option<Place> {
    let mut parts = place.trim().rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    let name = parts.next()?.to_string();
    Some((name, line, column))
}

fn help_for(message: &str, overridden: Option<bool>) -> String {
    if FORBIDDEN_FUNCTIONS
        .iter()
        .any(|f| message.contains(&format!("`{f}`")))
    {
        return "templates get no clock, randomness or environment, so that the same plan builds the same site: compute the value in the plan instead".into();
    }
    match overridden {
        Some(true) => "fix the template, or delete it to use the built-in one; docs/site.md lists the variables templates can use".into(),
        _ => "docs/site.md lists the variables and templates available".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_template(name: &str, text: &str) -> Inputs {
        let mut inputs = Inputs::default();
        inputs.insert(format!("templates/{name}"), text.as_bytes().to_vec());
        inputs
    }

    #[test]
    fn builtins_load() {
        let t = Templates::load(&Inputs::default()).expect("built-ins are valid");
        assert!(t.has("base.html"));
    }

    #[test]
    fn clock_randomness_and_environment_are_not_offered() {
        for call in [
            "now()",
            "get_random(start=1, end=5)",
            "get_env(name=\"HOME\")",
        ] {
            let inputs = with_template("extra.html", &format!("<p>\n{{{{ {call} }}}}</p>"));
            let Err(errors) = Templates::load(&inputs) else {
                panic!("{call} must not be available")
            };
            let d = &errors[0];
            assert_eq!(
                (d.code, d.file.as_str(), d.line),
                ("E-template", "templates/extra.html", 2),
                "{d:?}"
            );
            assert!(
                d.help.as_deref().unwrap_or("").contains("no clock"),
                "{d:?}"
            );
        }
    }

    #[test]
    fn syntax_errors_point_at_the_line() {
        let inputs = with_template("index.html", "ok\n{% if %}\n");
        let Err(errors) = Templates::load(&inputs) else {
            panic!("a syntax error must fail")
        };
        assert_eq!(
            (errors[0].file.as_str(), errors[0].line),
            ("templates/index.html", 2),
            "{:?}",
            errors[0]
        );
    }

    #[test]
    fn render_errors_are_diagnostics() {
        let inputs = with_template("extra.html", "a\n{{ missing.field }}\n");
        let t = Templates::load(&inputs).expect("loads");
        let d = t
            .render("extra.html", &Context::new())
            .expect_err("undefined variable");
        assert_eq!(
            (d.code, d.file.as_str(), d.line),
            ("E-template", "templates/extra.html", 2),
            "{d:?}"
        );
        assert_eq!(d.source_line, "{{ missing.field }}");
    }
}
