//! Tabular input: the one way every CSV file is read.
//!
//! Survey exports, `pairs.csv`, applications and excluded pairs all come
//! from spreadsheets and form tools, so they share one reader: the bytes
//! are decoded (UTF-8 with or without BOM, UTF-16, Windows-1252), the
//! delimiter is sniffed where tools differ, records keep their byte offset
//! and line (whatever the line breaks: `\n`, `\r\n` or Excel for Mac's lone
//! `\r`), and a problem in a cell becomes a `Diagnostic` at that cell's line
//! and column. A header is mapped to a typed set of columns by
//! `header::map_header`. Writing goes through `write`, which neutralises
//! formulas in every cell.

mod decode;
pub mod header;
mod records;
pub mod write;

pub use decode::SourceEncoding;
pub use records::Record;

use crate::diagnostic::Diagnostic;
use std::borrow::Cow;
use std::path::Path;

/// How to find the delimiter.
pub enum Delimiter<'a> {
    /// Always `,` (files mentorsite documents, such as `pairs.csv`).
    Comma,
    /// `,`, `;` or tab: the one whose first rows hold the most header cells
    /// that the function recognises (exports of form tools and Excel).
    Sniff(&'a dyn Fn(&str) -> bool),
}

/// A decoded CSV file and its records.
pub struct Table<'a> {
    pub path: &'a Path,
    pub text: Cow<'a, str>,
    pub encoding: SourceEncoding,
    pub delimiter: u8,
    pub records: Vec<Record>,
    /// Problems the CSV reader met (an unclosed quote, …), located.
    pub errors: Vec<Diagnostic>,
    /// Byte offset where each line starts.
    line_starts: Vec<usize>,
}

impl<'a> Table<'a> {
    /// Reads `bytes`, the contents of `path`. Fails only when the bytes
    /// cannot be decoded; an empty file gives a table without records.
    pub fn read(
        path: &'a Path,
        bytes: &'a [u8],
        delimiter: Delimiter,
    ) -> Result<Table<'a>, Diagnostic> {
        let decoded = decode::decode(bytes).map_err(|message| {
            Diagnostic::error(path, message).with_hint(
                "save the file as \"CSV UTF-8\" (Excel) or download it again from the tool",
            )
        })?;
        let (text, encoding) = (decoded.text, decoded.encoding);
        let delimiter = match delimiter {
            Delimiter::Comma => b',',
            Delimiter::Sniff(known) => records::sniff_delimiter(&text, known),
        };
        let (mut found, problems) = records::parse_all(&text, delimiter);
        let line_starts = line_starts(&text);
        let mut table = Table {
            path,
            encoding,
            delimiter,
            records: Vec::new(),
            errors: Vec::new(),
            line_starts,
            text,
        };
        for record in &mut found {
            record.line = table.line_of(record.offset);
        }
        let broken = decoded.invalid.iter().map(|&offset| {
            table
                .error_at(offset, "this byte is not valid UTF-8")
                .with_hint("save the file as UTF-8 (in Excel: \"CSV UTF-8\")")
        });
        let unreadable = problems
            .iter()
            .map(|(offset, message)| table.error_at(*offset, format!("unreadable CSV: {message}")));
        table.errors = broken.chain(unreadable).collect();
        table.records = found;
        Ok(table)
    }

    /// 1-based line of byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&start| start <= offset)
            .max(1)
    }

    /// 1-based line and character column of byte `offset`.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_of(offset);
        let start = self.line_starts[line - 1].min(offset);
        let column = self.text.as_bytes()[start..offset]
            .iter()
            .filter(|b| (**b & 0xC0) != 0x80)
            .count()
            + 1;
        (line, column)
    }

    /// The text of 1-based `line`, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self
            .line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let rest = &self.text[start.min(self.text.len())..];
        let end = rest.find(['\r', '\n']).unwrap_or(rest.len());
        &rest[..end]
    }

    /// An error at byte `offset`, with the line for an excerpt (which a
    /// table shows only as far as the caller allows: see `Diagnostic::shown`).
    pub fn error_at(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        self.locate(Diagnostic::error(self.path, message), offset)
    }

    /// `diagnostic`, placed at byte `offset`.
    pub fn locate(&self, diagnostic: Diagnostic, offset: usize) -> Diagnostic {
        let (line, column) = self.line_column(offset);
        diagnostic
            .at(line, column)
            .with_excerpt(self.line_text(line))
    }

    /// Where each cell of `record` starts, and where the record ends.
    pub fn cell_starts(&self, record: &Record) -> (Vec<usize>, usize) {
        records::cell_starts(&self.text, record.offset, self.delimiter)
    }

    /// Where cell `column` of `record` starts (the record's start when it
    /// has no such cell).
    pub fn cell_offset(&self, record: &Record, column: usize) -> usize {
        let (starts, _) = self.cell_starts(record);
        starts.get(column).copied().unwrap_or(record.offset)
    }
}

/// Offsets where lines start: after `\n`, `\r\n`, or a lone `\r`, as the
/// csv reader ends records.
fn line_starts(text: &str) -> Vec<usize> {
    let data = text.as_bytes();
    std::iter::once(0)
        .chain(
            data.iter()
                .enumerate()
                .filter(|&(i, b)| *b == b'\n' || (*b == b'\r' && data.get(i + 1) != Some(&b'\n')))
                .map(|(i, _)| i + 1),
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(bytes: &[u8]) -> Table<'_> {
        Table::read(Path::new("t.csv"), bytes, Delimiter::Comma).expect("decodes")
    }

    #[test]
    fn records_know_their_lines_whatever_the_line_breaks() {
        for text in [
            &b"a,b\n1,2\n\n3,\"x\ny\"\n4,5\n"[..],
            b"a,b\r\n1,2\r\n\r\n3,\"x\ny\"\r\n4,5\r\n",
            b"a,b\r1,2\r\r3,\"x\ny\"\r4,5\r",
        ] {
            let t = table(text);
            let lines: Vec<usize> = t.records.iter().map(|r| r.line).collect();
            assert_eq!(lines, [1, 2, 4, 6], "{:?}", String::from_utf8_lossy(text));
            let last = &t.records[3];
            assert_eq!(t.line_column(t.cell_offset(last, 1)), (6, 3));
        }
    }

    #[test]
    fn encodings_and_marks_are_decoded() {
        let t = table(b"\xEF\xBB\xBFname\nZo\xC3\xAB\n");
        assert_eq!(
            (t.encoding, &t.records[0].fields[0]),
            (SourceEncoding::Utf8Bom, "name")
        );
        let t = table(b"name\nZo\xEB\n");
        assert_eq!(
            (t.encoding, &t.records[1].fields[0]),
            (SourceEncoding::Windows1252, "Zoë")
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("n\n1\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let t = table(&utf16);
        assert_eq!((t.encoding, t.records.len()), (SourceEncoding::Utf16Le, 2));
    }

    #[test]
    fn the_delimiter_is_the_one_that_finds_the_header() {
        let known = |cell: &str| ["name", "city, country"].contains(&cell.trim());
        let t = Table::read(
            Path::new("t.csv"),
            b"name;city, country\nAda;London, UK\n",
            Delimiter::Sniff(&known),
        )
        .unwrap();
        assert_eq!(t.delimiter, b';');
        assert_eq!(&t.records[1].fields[1], "London, UK");
    }

    #[test]
    fn an_unreadable_file_is_one_located_error() {
        let t = table(b"a,b\n1,\"open\n");
        assert!(t.errors.is_empty() || t.errors[0].line.is_some());
        assert!(Table::read(Path::new("t.csv"), b"\xFF\xFEa\x00\x00", Delimiter::Comma).is_err());
    }
}
