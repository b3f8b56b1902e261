//! Pages made mostly of HTML drawn before: a list page of cards, the
//! print view of a section of guides.
//!
//! Handing such pieces to a template copies each into the template's
//! values, then into its output: sixty cards on a list page, a thousand
//! guides (megabytes) on the handbook's print view. So the template first
//! gets a marker for each piece, an HTML comment with a number no file can
//! guess, and each piece is copied once, in place of its marker. When the
//! markers do not come out once each and in order (a template that
//! escapes, filters or repeats the pieces), the page is rendered again with
//! the pieces themselves: the result is always what the template makes of
//! them.
//!
//! What the template made with the markers is the page's [`Frame`]. The
//! preview keeps it, to draw the page again when only its pieces changed
//! (a mentor joined, left or moved; a guide's body was edited).

use super::Templates;
use crate::diagnostic::Diagnostic;
use std::borrow::Cow;

/// A page's HTML with a marker in place of each piece.
pub type Frame = String;

/// The start of a piece's marker, the same for the whole process (the
/// preview's frames hold it).
static MARK: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    use std::hash::BuildHasher;
    let secret = std::collections::hash_map::RandomState::new().hash_one(0u8);
    format!("<!--mentorsite-piece-{secret:016x}-")
});

/// Renders `template` with `pieces`, which `put` places in the context;
/// and the page's frame, when the markers came out whole.
pub fn render(
    templates: &Templates,
    template: &str,
    context: &mut tera::Context,
    pieces: &[Cow<str>],
    put: impl Fn(&mut tera::Context, &[Cow<str>]),
) -> Result<(String, Option<Frame>), Diagnostic> {
    let markers: Vec<Cow<str>> = (0..pieces.len())
        .map(|i| Cow::Owned(format!("{}{i}-->", *MARK)))
        .collect();
    put(context, &markers);
    let frame = templates.render(template, context)?;
    if let Some(page) = splice(&frame, &MARK, pieces) {
        return Ok((page, Some(frame)));
    }
    put(context, pieces);
    Ok((templates.render(template, context)?, None))
}

/// The page `frame` makes with `pieces`, which replace the ones it was
/// rendered with; `None` when they do not fit it.
pub fn again(frame: &str, pieces: &[Cow<str>]) -> Option<String> {
    splice(frame, &MARK, pieces)
}

/// `frame` with the `n`th `{mark}{n}-->` replaced by `pieces[n]`, when each
/// marker is found once and in order.
fn splice(frame: &str, mark: &str, pieces: &[Cow<str>]) -> Option<String> {
    // Markers are found by their `<` (a byte search), not by a substring
    // search set up again for each piece.
    let next_mark = |from: &str| {
        let mut at = 0;
        while let Some(lt) = from[at..].find('<') {
            if from[at + lt..].starts_with(mark) {
                return Some(at + lt);
            }
            at += lt + 1;
        }
        None
    };
    let mut page =
        String::with_capacity(frame.len() + pieces.iter().map(|c| c.len()).sum::<usize>());
    let mut rest = frame;
    for (n, piece) in pieces.iter().enumerate() {
        let at = next_mark(rest)?;
        let after = &rest[at + mark.len()..];
        let end = after.find("-->")?;
        if after[..end].parse::<usize>().ok()? != n {
            return None;
        }
        page.push_str(&rest[..at]);
        page.push_str(piece);
        rest = &after[end + 3..];
    }
    if next_mark(rest).is_some() {
        return None;
    }
    page.push_str(rest);
    Some(page)
}

#[cfg(test)]
mod tests {
    use super::splice;
    use std::borrow::Cow;

    #[test]
    fn pieces_replace_their_markers_only_once_each_and_in_order() {
        let pieces = [Cow::from("<a>"), Cow::from("<b>")];
        let m = "<!--m-";
        assert_eq!(
            splice("x<!--m-0-->y<!--m-1-->z", m, &pieces).as_deref(),
            Some("x<a>y<b>z")
        );
        // Escaped, repeated, missing or out of order: no splice.
        for frame in [
            "&lt;!--m-0--&gt;&lt;!--m-1--&gt;",
            "<!--m-0--><!--m-1--><!--m-1-->",
            "<!--m-0-->",
            "<!--m-1--><!--m-0-->",
        ] {
            assert_eq!(splice(frame, m, &pieces), None, "{frame}");
        }
    }
}
