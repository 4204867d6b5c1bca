//! Diagnostics: what went wrong (or is risky), where, and how to fix it.
//!
//! Every diagnostic is resolved to file, line and column when it is made, and keeps the
//! quoted source line, so the text report, `--format json`, `plan.json` and the serve
//! overlay all show the same thing.

use serde::Serialize;
use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub file: String,
    /// 1-based; 0 when the diagnostic concerns a whole file that could not be read.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    /// The source line quoted, without its line break.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub source_line: String,
    /// Width of the caret underline, in characters.
    #[serde(skip)]
    pub width: usize,
    /// Characters of the line before `column` that the quote does not show (a long line is
    /// quoted around the column only, see [`Diagnostic::quote`]), less one for the `…` then
    /// shown in their place.
    #[serde(skip)]
    pub quote_from: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Further places that matter ("first defined here").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Ids of the workloads the diagnostic concerns, for the pages that list warnings by
    /// workload. Not written into plan.json or `check` output.
    #[serde(skip)]
    pub workloads: Vec<String>,
    /// The wave the diagnostic concerns, if it names one.
    #[serde(skip)]
    pub wave: Option<u32>,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            file: String::new(),
            line: 0,
            column: 0,
            source_line: String::new(),
            width: 1,
            quote_from: 0,
            help: None,
            notes: Vec::new(),
            workloads: Vec::new(),
            wave: None,
        }
    }

    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    /// Points the diagnostic at `span` (byte offsets) of `text`, the content of `file`.
    pub fn at(self, file: &str, text: &str, span: std::ops::Range<usize>) -> Self {
        let pos = Position::of(text, span.start);
        self.at_position(file, text, pos, span)
    }

    /// Like [`Diagnostic::at`], with a line index of `text` for files that get many diagnostics.
    pub fn at_indexed(
        self,
        file: &str,
        text: &str,
        lines: &LineIndex,
        span: std::ops::Range<usize>,
    ) -> Self {
        let pos = lines.position(text, span.start);
        self.at_position(file, text, pos, span)
    }

    fn at_position(
        mut self,
        file: &str,
        text: &str,
        pos: Position<'_>,
        span: std::ops::Range<usize>,
    ) -> Self {
        // Underline the span, but never past the end of its first line.
        let line_end = pos.line_start + pos.line_text.len();
        let start = span.start.min(line_end);
        let end = span.end.clamp(start, line_end);
        let width = text.get(start..end).map_or(1, |s| s.chars().count());
        self.file = file.to_string();
        self.line = pos.line;
        self.column = pos.column;
        self.width = width.max(1);
        self.quote(pos.line_text)
    }

    /// Quotes `line`, the text of the diagnostic's line: whole when it is short, else about
    /// [`QUOTE_WIDTH`] characters around the column with `…` where it was cut. Set `column`
    /// first.
    pub fn quote(mut self, line: &str) -> Self {
        let line = line.trim_end_matches('\r');
        let at = self.column.saturating_sub(1);
        let count = line.chars().count();
        if count <= QUOTE_WIDTH {
            self.source_line = line.to_string();
            self.quote_from = 0;
            return self;
        }
        let start = at
            .saturating_sub(QUOTE_BEFORE)
            .min(count.saturating_sub(QUOTE_WIDTH));
        let mut quoted = String::new();
        if start > 0 {
            quoted.push('…');
        }
        quoted.extend(line.chars().skip(start).take(QUOTE_WIDTH));
        if start + QUOTE_WIDTH < count {
            quoted.push('…');
        }
        self.source_line = quoted;
        self.quote_from = start.saturating_sub(1);
        self.width = self.width.min(QUOTE_WIDTH);
        self
    }

    /// The quoted line as printed (control characters escaped) and the run of blanks that puts
    /// a caret under the column.
    pub fn quoted(&self) -> (String, String) {
        let before = self
            .column
            .saturating_sub(1)
            .saturating_sub(self.quote_from);
        let lead = self
            .source_line
            .chars()
            .take(before)
            .map(|c| {
                if c == '\t' {
                    "\t".to_string()
                } else {
                    " ".repeat(escape_controls(c.encode_utf8(&mut [0; 4])).chars().count())
                }
            })
            .collect();
        (escape_controls(&self.source_line).into_owned(), lead)
    }

    /// Names a file without a position (a file that could not be read at all).
    pub fn in_file(mut self, file: &str) -> Self {
        self.file = file.to_string();
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Records a workload the diagnostic concerns.
    pub fn concerning(mut self, workload: &str) -> Self {
        self.workloads.push(workload.to_string());
        self
    }

    /// Records the wave the diagnostic concerns.
    pub fn in_wave(mut self, wave: u32) -> Self {
        self.wave = Some(wave);
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `plan.toml:12:3`, or just the file when there is no position.
    pub fn location(&self) -> String {
        if self.line == 0 {
            self.file.clone()
        } else {
            format!("{}:{}:{}", self.file, self.line, self.column)
        }
    }

    /// A compiler-style report: header, location, quoted line with a caret, help. Everything
    /// that comes from the plan is printed with its control characters escaped, so a plan
    /// cannot drive the terminal.
    pub fn render(&self, colour: bool) -> String {
        let paint = |code: &str, s: &str| {
            if colour {
                format!("\x1b[{code}m{s}\x1b[0m")
            } else {
                s.to_string()
            }
        };
        let (label, tone) = match self.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}{} {}",
            paint(tone, &format!("{label}[{}]", self.code)),
            paint("1", ":"),
            paint("1", &escape_controls(&self.message))
        );
        let gutter = if self.line == 0 {
            1
        } else {
            self.line.to_string().len()
        };
        let pad = " ".repeat(gutter);
        let _ = writeln!(
            out,
            "{pad}{} {}",
            paint("1;34", "-->"),
            escape_controls(&self.location())
        );
        if self.line > 0 {
            let bar = paint("1;34", "|");
            let (quoted, lead) = self.quoted();
            let _ = writeln!(out, "{pad} {bar}");
            let _ = writeln!(
                out,
                "{} {bar} {quoted}",
                paint("1;34", &self.line.to_string()),
            );
            let _ = writeln!(
                out,
                "{pad} {bar} {lead}{}",
                paint(tone, &"^".repeat(self.width.min(QUOTE_WIDTH)))
            );
        }
        for note in &self.notes {
            let _ = writeln!(out, "{pad} = note: {}", escape_controls(note));
        }
        if let Some(help) = &self.help {
            let _ = writeln!(
                out,
                "{pad} = {}: {}",
                paint("1", "help"),
                escape_controls(help)
            );
        }
        out
    }
}

/// Characters of a long line quoted in a diagnostic.
pub const QUOTE_WIDTH: usize = 120;
/// Characters kept before the column when a long line is cut.
const QUOTE_BEFORE: usize = 40;

/// `text` with control characters (other than tab) and bidirectional-override characters shown
/// as `\u{..}` escapes: what a plan says can never move the cursor, set a window title or
/// reorder what is shown.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Line, column and line text of a byte offset.
pub struct Position<'a> {
    pub line: usize,
    pub column: usize,
    pub line_start: usize,
    pub line_text: &'a str,
}

impl<'a> Position<'a> {
    pub fn of(text: &'a str, offset: usize) -> Self {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let line_text = text[line_start..line_end].trim_end_matches('\r');
        Position {
            line: text[..line_start].matches('\n').count() + 1,
            column: text[line_start..offset].chars().count() + 1,
            line_start,
            line_text,
        }
    }
}

/// Where each line of a text starts, to find a position without scanning from the start.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    pub fn position<'a>(&self, text: &'a str, offset: usize) -> Position<'a> {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let line_start = self.starts.get(line - 1).copied().unwrap_or(0).min(offset);
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        Position {
            line,
            column: text[line_start..offset].chars().count() + 1,
            line_start,
            line_text: text[line_start..line_end].trim_end_matches('\r'),
        }
    }
}

/// Sorts diagnostics for stable output: by file, then position, then code.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (
            a.file.as_str(),
            a.line,
            a.column,
            a.severity,
            a.code,
            &a.message,
        )
            .cmp(&(
                b.file.as_str(),
                b.line,
                b.column,
                b.severity,
                b.code,
                &b.message,
            ))
    });
}

pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(word, candidate);
        if score > 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// One-line summary: "2 errors, 1 warning".
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

/// How many diagnostics of each code a summary shows before counting the rest: the terminal
/// after a build with many warnings, and the dashboard.
pub const FIRST_FEW: usize = 3;

/// Diagnostics grouped by code, codes in order, each group in the order given.
pub fn by_code(diagnostics: &[Diagnostic]) -> Vec<(&'static str, Vec<&Diagnostic>)> {
    let mut groups: std::collections::BTreeMap<&'static str, Vec<&Diagnostic>> =
        std::collections::BTreeMap::new();
    for d in diagnostics {
        groups.entry(d.code).or_default().push(d);
    }
    groups.into_iter().collect()
}

pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_in_characters() {
        let text = "a = 1\nbé = \"x\"\r\nc = 3";
        let at = text.find('"').unwrap();
        let p = Position::of(text, at);
        assert_eq!((p.line, p.column, p.line_text), (2, 6, "bé = \"x\""));
        let end = Position::of(text, text.len());
        assert_eq!((end.line, end.column), (3, 6));
        let index = LineIndex::new(text);
        for offset in 0..=text.len() {
            let (a, b) = (Position::of(text, offset), index.position(text, offset));
            assert_eq!(
                (a.line, a.column, a.line_start, a.line_text),
                (b.line, b.column, b.line_start, b.line_text)
            );
        }
    }

    #[test]
    fn render_quotes_the_line_with_a_caret() {
        let text = "[plan]\ntitel = \"x\"\n";
        let d = Diagnostic::error("E-unknown-key", "unknown key `titel` in [plan]")
            .at("plan.toml", text, 7..12)
            .help("did you mean `title`?");
        let out = d.render(false);
        assert!(out.contains("--> plan.toml:2:1"), "{out}");
        assert!(out.contains("2 | titel = \"x\""), "{out}");
        assert!(out.contains("  | ^^^^^\n"), "{out}");
        assert!(out.contains("= help: did you mean `title`?"), "{out}");
    }

    #[test]
    fn control_characters_are_escaped_and_long_lines_cut() {
        let text = format!(
            "# \x1b]0;owned\x07\x1b[2J\nkey = \"{}x\"\n",
            "a".repeat(5000)
        );
        let d = Diagnostic::error("E-x", "bad \x1b[31m").at("plan.toml", &text, 0..1);
        let out = d.render(false);
        assert!(!out.contains('\x1b') && !out.contains('\x07'), "{out:?}");
        assert!(out.contains("\\u{1b}]0;owned\\u{7}"), "{out}");
        let at = text.rfind('x').unwrap();
        let d = Diagnostic::error("E-x", "long").at("plan.toml", &text, at..at + 1);
        let out = d.render(false);
        assert!(out.len() < 600, "{}", out.len());
        let lines: Vec<&str> = out.lines().collect();
        let quote = lines.iter().find(|l| l.starts_with("2 |")).unwrap();
        let caret = lines.iter().find(|l| l.ends_with('^')).unwrap();
        // The caret stands under the `x`.
        let column = caret.chars().count() - 1;
        assert_eq!(quote.chars().nth(column), Some('x'), "{out}");
        assert_eq!(d.column, 5008);
    }

    #[test]
    fn suggestions_only_for_close_words() {
        assert_eq!(did_you_mean("ownr", ["owner", "name"]), Some("owner"));
        assert_eq!(did_you_mean("zzz", ["owner", "name"]), None);
    }
}
