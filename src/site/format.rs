//! Dates, numbers and small HTML pieces formatted in Rust: tera 2 has no date or number
//! filters, and doing it here keeps every page consistent.

use crate::schema::defaults::weekday_name;
use jiff::civil::Date;
use std::fmt::Write as _;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn month(d: Date) -> &'static str {
    MONTHS
        .get(usize::try_from(d.month() - 1).unwrap_or(0))
        .copied()
        .unwrap_or("")
}

/// "Tue 2 Feb 2027": the weekday matters to a migration lead (cutovers are weekday-bound).
pub fn date(d: Date) -> String {
    format!(
        "{} {} {} {}",
        weekday_name(d.weekday()).short,
        d.day(),
        month(d),
        d.year()
    )
}

/// "2 Feb 2027", for chart axes and compact cells.
pub fn short_date(d: Date) -> String {
    format!("{} {} {}", d.day(), month(d), d.year())
}

/// "Feb 2027", for the timeline axis.
pub fn month_year(d: Date) -> String {
    format!("{} {}", month(d), d.year())
}

/// Hours with a unit: one decimal below 100 h, whole hours above, and days for long transfers.
pub fn hours(h: f64) -> String {
    let text = if h < 100.0 {
        format!("{h:.1} h")
    } else {
        format!("{h:.0} h")
    };
    if h >= 48.0 {
        format!("{text} ({:.1} d)", h / 24.0)
    } else {
        text
    }
}

/// Decimal data sizes: GB below 1 TB, TB above.
pub fn data(gb: f64) -> String {
    if gb >= 1000.0 {
        format!("{:.1} TB", gb / 1000.0)
    } else if gb >= 10.0 || gb == 0.0 {
        format!("{gb:.0} GB")
    } else {
        format!("{gb:.1} GB")
    }
}

/// A plain number without a needless ".0".
pub fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A diagnostic message as HTML: escaped, with `backticked` words set as code, the way the
/// terminal report reads.
pub fn message_html(message: &str) -> String {
    let parts: Vec<&str> = message.split('`').collect();
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        // An odd count of backticks leaves the last part unpaired: print it as text.
        let closed = i % 2 == 1 && i + 1 < parts.len();
        if closed {
            let _ = write!(out, "<code>{}</code>", escape(part));
        } else if i % 2 == 1 {
            let _ = write!(out, "`{}", escape(part));
        } else {
            out.push_str(&escape(part));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as d;

    #[test]
    fn dates_read_like_a_calendar() {
        assert_eq!(date(d(2027, 2, 2)), "Tue 2 Feb 2027");
        assert_eq!(short_date(d(2027, 12, 31)), "31 Dec 2027");
        assert_eq!(month_year(d(2028, 1, 5)), "Jan 2028");
    }

    #[test]
    fn numbers_carry_units() {
        assert_eq!(hours(6.41), "6.4 h");
        assert_eq!(hours(240.0), "240 h (10.0 d)");
        assert_eq!(data(650.0), "650 GB");
        assert_eq!(data(2400.0), "2.4 TB");
        assert_eq!(data(0.5), "0.5 GB");
        assert_eq!(number(45.0), "45");
        assert_eq!(number(2.5), "2.5");
    }

    #[test]
    fn messages_set_backticks_as_code_and_escape() {
        assert_eq!(
            message_html("`crm` <b> `x"),
            "<code>crm</code> &lt;b&gt; `x"
        );
    }
}
