//! Writing tables: the one way mentorsite writes CSV.
//!
//! Every file it writes may be opened in a spreadsheet, and every cell may
//! hold what someone typed into a form or a profile, so every cell is
//! neutralised against formula injection on the way out.

/// Guards a cell against spreadsheet formula injection: a leading `=`, `+`,
/// `-`, `@`, tab or CR gets a `'`, except a plain number like `-3`.
pub fn neutralise(cell: &str) -> String {
    let plain_number = {
        let digits = cell.trim_start_matches(['-', '+']);
        !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
            && digits.matches('.').count() <= 1
            && digits.starts_with(|c: char| c.is_ascii_digit())
    };
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !plain_number {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// One CSV record (CRLF-terminated, as RFC 4180 and spreadsheets expect),
/// every cell neutralised.
pub fn record<C: AsRef<str>>(cells: impl IntoIterator<Item = C>) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let cells: Vec<String> = cells.into_iter().map(|c| neutralise(c.as_ref())).collect();
    // Writing to a Vec cannot fail; an error would only lose this record.
    let _ = writer.write_record(&cells);
    writer.into_inner().unwrap_or_default()
}

/// A whole CSV file: `header`, then `rows`.
pub fn table<H, R, C>(
    header: impl IntoIterator<Item = H>,
    rows: impl IntoIterator<Item = R>,
) -> Vec<u8>
where
    H: AsRef<str>,
    R: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    let mut out = record(header);
    for row in rows {
        out.extend(record(row));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("-3"), "-3");
        assert_eq!(neutralise("-3.5"), "-3.5");
        assert_eq!(neutralise("-inf"), "'-inf");
        assert_eq!(neutralise("@me"), "'@me");
        assert_eq!(neutralise("+"), "'+");
        assert_eq!(neutralise("'90s"), "'90s");
    }

    #[test]
    fn a_table_is_quoted_and_neutralised() {
        let bytes = table(
            ["name", "note"],
            [["Ada, Countess", "=1+1"], ["Bo", "say \"hi\""]],
        );
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "name,note\r\n\"Ada, Countess\",'=1+1\r\nBo,\"say \"\"hi\"\"\"\r\n"
        );
    }
}
