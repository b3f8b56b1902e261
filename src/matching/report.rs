//! What the coordinator gets: proposals in the `pairs.csv` format, and the
//! review as terminal text and as a standalone HTML page.

use super::assign::Assignment;
use super::candidates::{plain, Applicant, MentorCandidate};
use super::score::normalize;
use crate::html::escape;
use crate::pairs::PairStatus;
use std::collections::HashSet;

/// The proposals in the `data/pairs.csv` format, status `proposed`, ordered
/// by mentor slug then applicant id. `start` is `start_date` when given;
/// `format` is the first of the applicant's formats the mentor offers;
/// `end`, `cadence` and `meeting_length` are left for the pair to agree.
/// Holds e-mail addresses: write it under `data/`, never publish it.
pub fn proposals_csv(
    assignment: &Assignment,
    applicants: &[Applicant],
    mentors: &[MentorCandidate],
    start_date: Option<&str>,
) -> String {
    let mut rows = Vec::new();
    for pair in &assignment.pairs {
        let (Some(a), Some(m)) = (applicants.get(pair.applicant), mentors.get(pair.mentor)) else {
            continue;
        };
        let offered: HashSet<String> = m.meeting_formats.iter().map(|f| normalize(f)).collect();
        let format = a
            .formats
            .iter()
            .find(|f| offered.contains(&normalize(f)))
            .map(|f| f.trim().to_string())
            .unwrap_or_default();
        let goals: Vec<&str> = a
            .goals
            .iter()
            .map(|g| g.trim())
            .filter(|g| !g.is_empty())
            .collect();
        rows.push(vec![
            m.slug.trim().to_string(),
            a.name.trim().to_string(),
            a.email.as_deref().unwrap_or("").trim().to_string(),
            a.track.as_deref().unwrap_or("").trim().to_string(),
            start_date.unwrap_or("").trim().to_string(),
            String::new(),
            String::new(),
            String::new(),
            format,
            goals.join(";"),
            PairStatus::Proposed.as_str().to_string(),
        ]);
    }
    let bytes = crate::table::write::table(crate::pairs::COLUMN_NAMES, rows);
    String::from_utf8(bytes).unwrap_or_default()
}

fn mentor_label(m: &MentorCandidate) -> String {
    format!("{} ({})", plain(&m.name), plain(&m.slug))
}

fn applicant_label(a: &Applicant) -> String {
    match a.name.trim() {
        "" => plain(&a.id),
        name => plain(name),
    }
}

/// The coordinator's review in a terminal: a table of pairs with score and
/// reasons, then the unmatched with why, then the mentors with spots left.
pub fn report_text(
    assignment: &Assignment,
    applicants: &[Applicant],
    mentors: &[MentorCandidate],
) -> String {
    let mut out = String::new();
    let rows: Vec<[String; 4]> = assignment
        .pairs
        .iter()
        .filter_map(|p| {
            let (a, m) = (applicants.get(p.applicant)?, mentors.get(p.mentor)?);
            Some([
                applicant_label(a),
                mentor_label(m),
                p.score.total.to_string(),
                p.score
                    .reasons
                    .iter()
                    .map(|r| plain(r))
                    .collect::<Vec<_>>()
                    .join("; "),
            ])
        })
        .collect();
    out.push_str(&format!(
        "Proposed pairs: {}, total score {}\n",
        rows.len(),
        assignment.total_score()
    ));
    if !rows.is_empty() {
        let header = ["Applicant", "Mentor", "Score", "Reasons"].map(String::from);
        let width = |k: usize| {
            rows.iter()
                .chain([&header])
                .map(|r| r[k].chars().count())
                .max()
                .unwrap_or(0)
        };
        let (w0, w1, w2) = (width(0), width(1), width(2));
        for row in [&header].into_iter().chain(rows.iter()) {
            let line = format!(
                "  {:<w0$}  {:<w1$}  {:>w2$}  {}",
                row[0], row[1], row[2], row[3]
            );
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out.push_str(&format!("\nUnmatched: {}\n", assignment.unmatched.len()));
    for (i, why) in &assignment.unmatched {
        if let Some(a) = applicants.get(*i) {
            out.push_str(&format!("  {}: {}\n", applicant_label(a), plain(why)));
        }
    }
    let spots: u32 = assignment.mentors_with_spots.iter().map(|(_, n)| n).sum();
    out.push_str(&format!(
        "\nMentors with open spots: {}, {spots} spot{} in all\n",
        assignment.mentors_with_spots.len(),
        if spots == 1 { "" } else { "s" }
    ));
    for (j, left) in &assignment.mentors_with_spots {
        if let Some(m) = mentors.get(*j) {
            out.push_str(&format!("  {}: {left} left\n", mentor_label(m)));
        }
    }
    out
}

/// The same review as [`report_text`] as one standalone HTML page (no
/// external assets, every user string escaped, not indexed), for the
/// coordinator to open or print. Private: keep it out of the published site.
pub fn report_html(
    assignment: &Assignment,
    applicants: &[Applicant],
    mentors: &[MentorCandidate],
) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"robots\" content=\"noindex, nofollow\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Proposed pairs</title>\n<style>\n\
         body{font-family:system-ui,sans-serif;margin:2rem;line-height:1.4;color:#1a1a1a}\n\
         table{border-collapse:collapse;margin:1rem 0}\n\
         th,td{border:1px solid #ccc;padding:.35rem .6rem;text-align:left;vertical-align:top}\n\
         td.score{text-align:right;font-variant-numeric:tabular-nums}\n\
         ul{margin:0;padding-left:1.1rem}\n\
         </style>\n</head>\n<body>\n",
    );
    out.push_str(&format!(
        "<h1>Proposed pairs</h1>\n<p>{} pair{}, total score {}. Every pair is a proposal for the coordinator to review.</p>\n",
        assignment.pairs.len(),
        if assignment.pairs.len() == 1 { "" } else { "s" },
        assignment.total_score()
    ));
    if !assignment.pairs.is_empty() {
        out.push_str(
            "<table>\n<thead><tr><th>Applicant</th><th>Mentor</th><th>Score</th><th>Reasons</th></tr></thead>\n<tbody>\n",
        );
        for p in &assignment.pairs {
            let (Some(a), Some(m)) = (applicants.get(p.applicant), mentors.get(p.mentor)) else {
                continue;
            };
            let reasons: String = p
                .score
                .reasons
                .iter()
                .map(|r| format!("<li>{}</li>", escape(r)))
                .collect();
            out.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td class=\"score\">{}</td><td><ul>{reasons}</ul></td></tr>\n",
                escape(&applicant_label(a)),
                escape(&mentor_label(m)),
                p.score.total
            ));
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str(&format!(
        "<h2>Unmatched ({})</h2>\n",
        assignment.unmatched.len()
    ));
    if !assignment.unmatched.is_empty() {
        out.push_str("<table>\n<thead><tr><th>Applicant</th><th>Why</th></tr></thead>\n<tbody>\n");
        for (i, why) in &assignment.unmatched {
            if let Some(a) = applicants.get(*i) {
                out.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td></tr>\n",
                    escape(&applicant_label(a)),
                    escape(why)
                ));
            }
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str(&format!(
        "<h2>Mentors with open spots ({})</h2>\n",
        assignment.mentors_with_spots.len()
    ));
    if !assignment.mentors_with_spots.is_empty() {
        out.push_str(
            "<table>\n<thead><tr><th>Mentor</th><th>Spots left</th></tr></thead>\n<tbody>\n",
        );
        for (j, left) in &assignment.mentors_with_spots {
            if let Some(m) = mentors.get(*j) {
                out.push_str(&format!(
                    "<tr><td>{}</td><td class=\"score\">{left}</td></tr>\n",
                    escape(&mentor_label(m))
                ));
            }
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}
