//! Records of a CSV text, with the byte offset and line of each.
//!
//! The csv crate reads; this adds what error messages need (where each
//! record and cell starts, counted in the user's lines, whatever their line
//! breaks), reads a large file in parallel chunks, and guesses the
//! delimiter.

use rayon::prelude::*;

/// One record of a table.
#[derive(Debug, Clone)]
pub struct Record {
    /// 1-based line where the record starts.
    pub line: usize,
    /// Byte offset of the record in the decoded text.
    pub offset: usize,
    /// One buffer for the whole row: no allocation per cell.
    pub fields: csv::StringRecord,
}

/// Records, and the CSV errors met as (byte offset, message). Records
/// whose cells are all blank (what spreadsheets export below the data) are
/// left out. Lines are filled in by the caller, which knows the line index.
pub(super) type Parsed = (Vec<Record>, Vec<(usize, String)>);

/// Every record of `text`. A large file is cut into chunks at line breaks
/// that lie outside quotes, parsed in parallel, and put back in order.
pub(super) fn parse_all(text: &str, delimiter: u8) -> Parsed {
    parse_in_chunks(text, delimiter, 4 << 20)
}

fn parse_in_chunks(text: &str, delimiter: u8, chunk: usize) -> Parsed {
    if text.len() < 2 * chunk {
        return parse(text, delimiter, usize::MAX);
    }
    // Chunk starts: after a newline at which an even number of quotes has
    // been seen, so no quoted field is cut.
    let bytes = text.as_bytes();
    let mut starts = vec![0usize];
    let (mut quotes, mut from) = (0usize, 0usize);
    let mut target = chunk;
    while target < bytes.len() {
        let Some(nl) = bytes[target..].iter().position(|&b| b == b'\n') else {
            break;
        };
        let end = target + nl + 1;
        quotes += bytes[from..end].iter().filter(|&&b| b == b'"').count();
        from = end;
        if quotes % 2 == 0 && end < bytes.len() {
            starts.push(end);
            target = end + chunk;
        } else {
            target = end;
        }
    }
    let parts: Vec<Parsed> = starts
        .par_iter()
        .enumerate()
        .map(|(i, &start)| {
            let end = starts.get(i + 1).copied().unwrap_or(bytes.len());
            let (mut records, mut errors) = parse(&text[start..end], delimiter, usize::MAX);
            for r in &mut records {
                r.offset += start;
            }
            for e in &mut errors {
                e.0 += start;
            }
            (records, errors)
        })
        .collect();
    let mut records = Vec::with_capacity(parts.iter().map(|p| p.0.len()).sum());
    let mut errors = Vec::new();
    for (r, e) in parts {
        records.extend(r);
        errors.extend(e);
    }
    (records, errors)
}

/// At most `limit` records of `text`.
pub(super) fn parse(text: &str, delimiter: u8, limit: usize) -> Parsed {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    let mut errors = Vec::new();
    let mut record = csv::StringRecord::new();
    while records.len() < limit {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                if record.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                let offset = record.position().map_or(0, |p| p.byte() as usize);
                // After a CRLF the reader's position is at the `\n`.
                let skipped = text.as_bytes()[offset.min(text.len())..]
                    .iter()
                    .take_while(|b| **b == b'\r' || **b == b'\n')
                    .count();
                records.push(Record {
                    line: 0,
                    offset: (offset + skipped).min(text.len()),
                    // A clone is sized exactly; the reader reuses its buffer.
                    fields: record.clone(),
                });
            }
            Err(e) => {
                let offset = e.position().map_or(0, |p| p.byte() as usize);
                errors.push((offset, e.to_string()));
                if !matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. }) {
                    break;
                }
            }
        }
    }
    (records, errors)
}

/// Picks the delimiter (`,`, `;` or tab) whose first rows hold the most
/// header cells that `known` recognises, then the one that splits the first
/// rows most consistently. Counting characters alone fails on Excel's `;`
/// files, whose unquoted labels often contain commas.
pub(super) fn sniff_delimiter(text: &str, known: &dyn Fn(&str) -> bool) -> u8 {
    let mut best = (b',', (0usize, 0usize, 0usize));
    for delimiter in [b',', b';', b'\t'] {
        let (records, _) = parse(text, delimiter, 30);
        let Some(first) = records.first() else {
            continue;
        };
        let matched = records
            .iter()
            .take(3)
            .flat_map(|r| r.fields.iter())
            .filter(|f| known(f))
            .count();
        let width = first.fields.len();
        let consistent = records.iter().filter(|r| r.fields.len() == width).count();
        let score = (matched, if width > 1 { consistent } else { 0 }, width);
        if score > best.1 {
            best = (delimiter, score);
        }
    }
    best.0
}

/// Byte offsets where the cells of the record at `offset` start, and where
/// the record ends (before its line break): the csv crate gives only the
/// record's position, so this re-walks it with the same rules (`"` quotes,
/// `""` escapes, any line break ending it outside quotes).
pub(super) fn cell_starts(text: &str, offset: usize, delimiter: u8) -> (Vec<usize>, usize) {
    let data = text.as_bytes();
    let mut i = offset.min(data.len());
    let mut starts = Vec::new();
    loop {
        starts.push(i);
        let mut quoted = false;
        while i < data.len() {
            match data[i] {
                b'"' => quoted = !quoted,
                b'\r' | b'\n' if !quoted => return (starts, i),
                b if b == delimiter && !quoted => break,
                _ => {}
            }
            i += 1;
        }
        if i >= data.len() {
            return (starts, i);
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_parsing_matches_one_pass_even_across_quoted_newlines() {
        let mut text = String::from("a,b,c\n");
        for i in 0..2000 {
            if i % 7 == 0 {
                text.push_str(&format!("{i},\"two\nlines, \"\"quoted\"\"\",x\r\n"));
            } else {
                text.push_str(&format!("{i},plain,y\n"));
            }
        }
        let (whole, _) = parse(&text, b',', usize::MAX);
        for chunk in [64, 100, 1000] {
            let (parts, errors) = parse_in_chunks(&text, b',', chunk);
            assert!(errors.is_empty());
            assert_eq!(parts.len(), whole.len(), "chunk {chunk}");
            for (p, w) in parts.iter().zip(&whole) {
                assert_eq!(p.offset, w.offset, "chunk {chunk}");
                assert_eq!(p.fields, w.fields);
            }
        }
    }
}
