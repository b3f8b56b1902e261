//! How header and answer text is compared: trimmed, case folded, with
//! spaces collapsed, and the markers tools use for an "Other" answer.

/// Trim, case fold and collapse spaces, so `Satisfaction  (1-5) *` matches
/// `satisfaction (1-5)`.
pub(super) fn fold(s: &str) -> String {
    if s.is_ascii() {
        return folded_ascii(s).map(char::from).collect();
    }
    folded(s).collect()
}

/// `fold` as an iterator: no allocation, so comparing a cell with every
/// option of a question costs nothing per row (this runs once per cell of
/// every submission).
pub(super) fn folded(s: &str) -> impl Iterator<Item = char> + '_ {
    // `trim` already treats no-break spaces as white space.
    let core = s.trim().trim_end_matches('*').trim();
    let mut in_space = false;
    core.chars()
        .filter_map(move |c| {
            if c.is_whitespace() {
                let first = !in_space;
                in_space = true;
                first.then_some(' ')
            } else {
                in_space = false;
                Some(if matches!(c, '’' | '‘') { '\'' } else { c })
            }
        })
        .flat_map(char::to_lowercase)
}

/// `fold(a) == fold(b)`, without allocating.
pub(super) fn same_folded(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        // Most cells and options are ASCII: fold bytes, not Unicode chars.
        return folded_ascii(a).eq(folded_ascii(b));
    }
    folded(a).eq(folded(b))
}

/// `folded` for ASCII text.
pub(super) fn folded_ascii(s: &str) -> impl Iterator<Item = u8> + '_ {
    let core = s.trim().trim_end_matches('*').trim();
    let mut in_space = false;
    core.bytes().filter_map(move |b| {
        if b.is_ascii_whitespace() {
            let first = !in_space;
            in_space = true;
            first.then_some(b' ')
        } else {
            in_space = false;
            Some(b.to_ascii_lowercase())
        }
    })
}

/// A cell as a person meant it: trimmed, with our formula guard removed.
pub(super) fn clean(cell: &str) -> &str {
    let t = cell.trim();
    match t.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.trim(),
        _ => t,
    }
}

/// A cell that says "Other" rather than giving the other text.
pub(super) fn is_other_marker(s: &str) -> bool {
    let f = fold(s);
    let f = f.trim_end_matches([':', '.', '…']).trim();
    matches!(
        f,
        "other" | "others" | "other, please specify" | "other - please specify"
    ) || (f.starts_with("other (") && f.ends_with(')') && f.len() < 40)
}

/// A header naming an Other text column ("Other (please specify) - Text").
pub(super) fn is_other_header(s: &str) -> bool {
    let f = fold(s);
    is_other_marker(&f) || (f.starts_with("other") && f.len() < 60)
}
