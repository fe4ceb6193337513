//! Plain aligned tables for people: columns padded to their widest cell, two spaces apart.

use crate::domain::sanitize::escape;

/// Lays out `rows` under `header`. Columns named in `right` are aligned right (numbers).
/// Cells hold names and text from the store and the rubric: each is escaped to one line
/// (`\u{1b}` for an escape character) before the columns are measured, so they line up.
pub fn table<S: AsRef<str>>(header: &[S], rows: &[Vec<String>], right: &[usize]) -> String {
    let header: Vec<String> = header
        .iter()
        .map(|h| escape(h.as_ref()).into_owned())
        .collect();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| row.iter().map(|c| escape(c).into_owned()).collect())
        .collect();
    let columns = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in &rows {
        for (i, cell) in row.iter().enumerate().take(columns) {
            widths[i] = widths[i].max(width(cell));
        }
    }
    let line = |cells: Vec<&str>| {
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let pad = widths[i].saturating_sub(width(cell));
            let last = i + 1 == cells.len();
            if right.contains(&i) {
                out.push_str(&" ".repeat(pad));
                out.push_str(cell);
            } else {
                out.push_str(cell);
                if !last {
                    out.push_str(&" ".repeat(pad));
                }
            }
            if !last {
                out.push_str("  ");
            }
        }
        out.trim_end().to_owned()
    };
    let mut out = vec![line(header.iter().map(String::as_str).collect())];
    for row in &rows {
        out.push(line(row.iter().map(String::as_str).collect()));
    }
    out.join("\n")
}

fn width(s: &str) -> usize {
    s.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_line_up() {
        let t = table(
            &["name", "n"],
            &[
                vec!["Ana".into(), "1".into()],
                vec!["Bérénice".into(), "100".into()],
            ],
            &[1],
        );
        assert_eq!(t, "name        n\nAna         1\nBérénice  100");
    }

    #[test]
    fn cells_are_escaped_before_they_are_measured() {
        let t = table(
            &["name\u{202e}", "n"],
            &[
                vec!["A\u{1b}[2J".into(), "1".into()],
                vec!["Bob".into(), "2".into()],
            ],
            &[1],
        );
        assert_eq!(t, "name\\u{202e}  n\nA\\u{1b}[2J    1\nBob           2");
    }
}
