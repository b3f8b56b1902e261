//! Published results: responses in, the numbers a results page may show out.
//!
//! This is the one place where privacy is applied, so that templates, JSON
//! and CSV downloads can only ever show what is computed here:
//!
//! - Private questions (email, name, id, `private = true`) are left out
//!   entirely, not even counted.
//! - A form answered by fewer than `min_group_size` people, or a question
//!   answered by fewer, is suppressed: `suppressed = true`, a message, and no
//!   numbers at all (not even `n` or `missing`, which would let a reader
//!   subtract).
//! - Complementary suppression rule: a question is either shown in full or
//!   hidden in full. The threshold applies to the people who answered it;
//!   option counts of a shown question are shown even when small, because
//!   hiding one cell of a breakdown whose total is shown would be undone by
//!   subtraction. Trends only carry figures of questions shown here.
//! - Free text is published only for `publish = true` questions with at
//!   least `min_comment_group_size` answers, in an order derived from a hash
//!   of the seed and the text: no timestamps, no file order.

use super::import::{Answer, Response};
use super::schema::{FormSchema, Question, QuestionKind};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;

/// Privacy thresholds, from `site.toml [privacy]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    pub min_group_size: usize,
    pub min_comment_group_size: usize,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            min_group_size: 5,
            min_comment_group_size: 10,
        }
    }
}

/// A count and its share (percent of the people who answered the question).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bucket {
    /// The numeric value for scale, likert and nps buckets.
    pub value: Option<i64>,
    pub label: String,
    pub count: usize,
    /// Percent, one decimal.
    pub share: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NpsBreakdown {
    pub detractors: usize,
    pub passives: usize,
    pub promoters: usize,
    pub detractors_share: f64,
    pub passives_share: f64,
    pub promoters_share: f64,
    /// % promoters − % detractors, −100..100, one decimal.
    pub score: f64,
}

/// The figures of a `number` question. Quartiles use linear interpolation
/// between closest ranks (as spreadsheets do).
///
/// An order statistic can be one respondent's exact answer (the minimum and
/// maximum always are; with five answers, so is the median), so one is
/// published only when at least `min_group_size` answers lie on each side
/// of it: the median from 2 × `min_group_size` answers, the quartiles from
/// 4 ×, the minimum and maximum never. The mean needs `min_group_size`
/// answers, as every figure does.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NumberSummary {
    pub mean: f64,
    pub q1: Option<f64>,
    pub median: Option<f64>,
    pub q3: Option<f64>,
}

/// Quantile `p` of `sorted`, if no single answer determines it: at least
/// `k` answers lie below it and `k` above (see `NumberSummary`).
fn protected_quantile(sorted: &[f64], p: f64, k: usize) -> Option<f64> {
    let n = sorted.len() as f64;
    let k = k.max(1) as f64;
    (p * n >= k && (1.0 - p) * n >= k).then(|| round_to(quantile(sorted, p), 2))
}

/// One question's published figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionResult {
    pub id: String,
    pub label: String,
    pub kind: QuestionKind,
    pub help: Option<String>,
    pub suppressed: bool,
    /// Why figures are missing, e.g. "fewer than 5 responses".
    pub message: Option<String>,
    /// People who answered; `None` when suppressed.
    pub n: Option<usize>,
    pub missing: Option<usize>,
    /// Lowest and highest value of a scale, likert or nps question.
    pub scale_min: Option<i64>,
    pub scale_max: Option<i64>,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    /// Percent in the top two boxes (scale, likert).
    pub favourable: Option<f64>,
    /// One bucket per scale/likert/nps value.
    pub distribution: Vec<Bucket>,
    /// One bucket per option, then "Other" (choice, multi). For multi the
    /// shares may add up to more than 100.
    pub options: Vec<Bucket>,
    pub nps: Option<NpsBreakdown>,
    pub number: Option<NumberSummary>,
    /// Published free text, shuffled.
    pub comments: Vec<String>,
    /// Why comments are not shown although the question publishes them.
    pub comments_note: Option<String>,
    /// A matrix question's rows, in schema order, each with its own figures
    /// and its own suppression (see `forms::matrix`).
    pub rows: Vec<QuestionResult>,
}

/// One form in one round, as published.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormResults {
    pub form_id: String,
    pub title: String,
    pub description: Option<String>,
    pub suppressed: bool,
    pub message: Option<String>,
    /// Responses counted; `None` when suppressed.
    pub responses: Option<usize>,
    pub invited: Option<u64>,
    /// Percent of invited who responded; `None` when suppressed.
    pub response_rate: Option<f64>,
    pub min_group_size: usize,
    pub min_comment_group_size: usize,
    pub questions: Vec<QuestionResult>,
}

pub(super) fn round_to(v: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    let r = (v * f).round() / f;
    // Avoid "-0" in output.
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

fn share(count: usize, n: usize) -> f64 {
    if n == 0 {
        0.0
    } else {
        round_to(count as f64 * 100.0 / n as f64, 1)
    }
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// `quantile` of the values a histogram of whole numbers from `min` counts.
fn histogram_quantile(histogram: &[usize], min: i64, p: f64) -> f64 {
    let n: usize = histogram.iter().sum();
    let value_at = |rank: usize| -> f64 {
        let mut seen = 0;
        for (i, &count) in histogram.iter().enumerate() {
            seen += count;
            if rank < seen {
                return (min + i as i64) as f64;
            }
        }
        (min + histogram.len() as i64 - 1) as f64
    };
    let pos = p * (n.saturating_sub(1)) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    value_at(lo) + (value_at(hi) - value_at(lo)) * (pos - lo as f64)
}

/// Quantile of sorted values, linear interpolation between closest ranks.
fn quantile(sorted: &[f64], p: f64) -> f64 {
    let pos = p * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

fn suppression_message(t: &Thresholds) -> String {
    format!("fewer than {} responses", t.min_group_size)
}

fn empty_result(q: &Question) -> QuestionResult {
    let range = q.range();
    QuestionResult {
        id: q.id.clone(),
        label: q.label.clone(),
        kind: q.kind,
        help: q.help.clone(),
        suppressed: false,
        message: None,
        n: None,
        missing: None,
        scale_min: range.map(|r| r.0),
        scale_max: range.map(|r| r.1),
        mean: None,
        median: None,
        favourable: None,
        distribution: Vec::new(),
        options: Vec::new(),
        nps: None,
        number: None,
        comments: Vec::new(),
        comments_note: None,
        rows: Vec::new(),
    }
}

/// Orders comments by a keyed hash, so the order carries no information
/// about who answered when, yet stays the same from build to build. Copies
/// of one comment are hashed with their copy number, so they scatter like
/// the rest, and are then moved apart: identical comments never sit next to
/// each other (unless they are more than half of all comments).
fn shuffle(comments: Vec<&str>, seed: &str, question: &str) -> Vec<String> {
    let prefix = format!("{seed}\0{question}\0");
    let mut copies: HashMap<&str, u64> = HashMap::new();
    let numbered: Vec<(&str, u64)> = comments
        .into_iter()
        .map(|text| {
            let copy = copies.entry(text).or_insert(0);
            *copy += 1;
            (text, *copy)
        })
        .collect();
    let mut keyed: Vec<([u8; 32], &str)> = numbered
        .into_par_iter()
        .map(|(text, copy)| {
            let mut h = blake3::Hasher::new();
            h.update(prefix.as_bytes());
            h.update(text.as_bytes());
            h.update(&copy.to_le_bytes());
            (*h.finalize().as_bytes(), text)
        })
        .collect();
    // A page shows a sample, not a hundred thousand answers: the first
    // MAX_COMMENTS in hash order are as random as the rest.
    if keyed.len() > MAX_COMMENTS {
        keyed.select_nth_unstable(MAX_COMMENTS);
        keyed.truncate(MAX_COMMENTS);
    }
    keyed.sort();
    let mut order: Vec<&str> = keyed.into_iter().map(|(_, text)| text).collect();
    separate_identical(&mut order);
    // Only the published sample leaves its PrivateText as an owned copy.
    order.into_iter().map(str::to_string).collect()
}

/// Moves identical neighbours apart, keeping the order otherwise: each
/// comment equal to the one before it swaps with the next different one
/// after it, or else goes to the first earlier gap between two comments
/// that both differ from it.
fn separate_identical(order: &mut Vec<&str>) {
    let mut i = 1;
    while i < order.len() {
        if order[i] != order[i - 1] {
            i += 1;
            continue;
        }
        if let Some(j) = (i + 1..order.len()).find(|&j| order[j] != order[i]) {
            order.swap(i, j);
            i += 1;
            continue;
        }
        // Only copies of this comment remain: place them in earlier gaps.
        let text = order[i];
        let gap = (0..=i - 1).find(|&g| (g == 0 || order[g - 1] != text) && order[g] != text);
        match gap {
            Some(g) => {
                order.remove(i);
                order.insert(g, text);
            }
            None => i += 1,
        }
    }
}

/// Published comments shown per question at most.
pub const MAX_COMMENTS: usize = 100;

pub(super) fn aggregate_question(
    q: &Question,
    qi: usize,
    responses: &[Response],
    t: &Thresholds,
    seed: &str,
) -> QuestionResult {
    let mut result = empty_result(q);
    let answers: Vec<&Answer> = responses
        .iter()
        .map(|r| r.answers.get(qi).unwrap_or(&Answer::Missing))
        .collect();
    let given: Vec<&Answer> = answers
        .iter()
        .copied()
        .filter(|a| **a != Answer::Missing)
        .collect();
    let n = given.len();
    if n < t.min_group_size {
        result.suppressed = true;
        result.message = Some(suppression_message(t));
        return result;
    }
    result.n = Some(n);
    result.missing = Some(answers.len() - n);
    let numbers: Vec<f64> = given
        .iter()
        .filter_map(|a| match a {
            Answer::Number(v) => Some(*v),
            _ => None,
        })
        .collect();
    let mut texts: Vec<&str> = Vec::new();
    match q.kind {
        QuestionKind::Scale | QuestionKind::Likert | QuestionKind::Nps => {
            let (min, max) = q.range().unwrap_or((0, 0));
            // Ratings are whole numbers in min..=max (import checks it): one
            // pass of counting gives the distribution, the mean and the
            // median, with no sort of a million values.
            let width = usize::try_from(max - min + 1).unwrap_or(0);
            let mut histogram = vec![0usize; width];
            for v in &numbers {
                if let Some(c) = usize::try_from(*v as i64 - min)
                    .ok()
                    .and_then(|i| histogram.get_mut(i))
                {
                    *c += 1;
                }
            }
            if !numbers.is_empty() {
                result.mean = Some(round_to(mean(&numbers), 2));
                result.median = Some(round_to(histogram_quantile(&histogram, min, 0.5), 2));
            }
            result.distribution = (min..=max)
                .zip(&histogram)
                .map(|(v, &count)| Bucket {
                    value: Some(v),
                    label: q
                        .value_label(v)
                        .map_or_else(|| v.to_string(), str::to_string),
                    count,
                    share: share(count, n),
                })
                .collect();
            if q.kind == QuestionKind::Nps {
                let count =
                    |lo: f64, hi: f64| numbers.iter().filter(|x| **x >= lo && **x <= hi).count();
                let (d, p, pr) = (count(0.0, 6.0), count(7.0, 8.0), count(9.0, 10.0));
                result.nps = Some(NpsBreakdown {
                    detractors: d,
                    passives: p,
                    promoters: pr,
                    detractors_share: share(d, n),
                    passives_share: share(p, n),
                    promoters_share: share(pr, n),
                    score: round_to((pr as f64 - d as f64) * 100.0 / n as f64, 1),
                });
            } else {
                let top = numbers.iter().filter(|x| **x >= (max - 1) as f64).count();
                result.favourable = Some(share(top, n));
            }
        }
        QuestionKind::Choice | QuestionKind::Multi => {
            let mut counts = vec![0usize; q.options.len()];
            let mut other = 0;
            for a in &given {
                match a {
                    Answer::Choice(i) => {
                        if let Some(c) = counts.get_mut(*i) {
                            *c += 1;
                        }
                    }
                    Answer::Other(text) => {
                        other += 1;
                        if !text.is_empty() {
                            texts.push(text.expose());
                        }
                    }
                    Answer::Multi { options, other: o } => {
                        for i in options {
                            if let Some(c) = counts.get_mut(*i) {
                                *c += 1;
                            }
                        }
                        if let Some(text) = o {
                            other += 1;
                            if !text.is_empty() {
                                texts.push(text.expose());
                            }
                        }
                    }
                    _ => {}
                }
            }
            result.options = q
                .options
                .iter()
                .zip(&counts)
                .map(|(label, &count)| Bucket {
                    value: None,
                    label: label.clone(),
                    count,
                    share: share(count, n),
                })
                .collect();
            if q.other {
                result.options.push(Bucket {
                    value: None,
                    label: "Other".into(),
                    count: other,
                    share: share(other, n),
                });
            }
        }
        QuestionKind::Matrix => {
            result.rows = super::matrix::row_results(q, qi, responses, t, seed);
        }
        QuestionKind::Number => {
            let mut sorted = numbers.clone();
            sorted.sort_by(f64::total_cmp);
            if !sorted.is_empty() {
                let m = round_to(mean(&sorted), 2);
                let k = t.min_group_size;
                let median = protected_quantile(&sorted, 0.5, k);
                result.mean = Some(m);
                result.median = median;
                result.number = Some(NumberSummary {
                    mean: m,
                    q1: protected_quantile(&sorted, 0.25, k),
                    median,
                    q3: protected_quantile(&sorted, 0.75, k),
                });
            }
        }
        // Unpublished text is not even copied out of its PrivateText.
        QuestionKind::Text if q.publishes_text() => {
            texts = given
                .iter()
                .filter_map(|a| match a {
                    Answer::Text(t) => Some(t.expose()),
                    _ => None,
                })
                .collect();
        }
        QuestionKind::Text
        | QuestionKind::Date
        | QuestionKind::Email
        | QuestionKind::Name
        | QuestionKind::Id => {}
    }
    // The only place respondent text leaves its PrivateText: opted-in
    // questions, enough answers, shuffled.
    if q.publishes_text() && !texts.is_empty() {
        if texts.len() >= t.min_comment_group_size {
            let total = texts.len();
            result.comments = shuffle(texts, seed, &q.id);
            if total > MAX_COMMENTS {
                result.comments_note = Some(format!(
                    "{MAX_COMMENTS} of {total} comments, picked at random"
                ));
            }
        } else {
            result.comments_note = Some(format!(
                "comments are published only when at least {} people write one",
                t.min_comment_group_size
            ));
        }
    }
    result
}

/// The published results of one form in one round. `seed` fixes the order
/// of published comments (use e.g. the round and form id).
pub fn aggregate_form(
    schema: &FormSchema,
    responses: &[Response],
    thresholds: &Thresholds,
    invited: Option<u64>,
    seed: &str,
) -> FormResults {
    let n = responses.len();
    let suppressed = n < thresholds.min_group_size;
    // Questions are independent: aggregate them in parallel.
    let questions = schema
        .questions
        .par_iter()
        .enumerate()
        .filter(|(_, q)| !q.is_private())
        .map(|(qi, q)| {
            if suppressed {
                QuestionResult {
                    suppressed: true,
                    message: Some(suppression_message(thresholds)),
                    ..empty_result(q)
                }
            } else {
                aggregate_question(q, qi, responses, thresholds, seed)
            }
        })
        .collect();
    FormResults {
        form_id: schema.id.clone(),
        title: schema.title.clone(),
        description: schema.description.clone(),
        suppressed,
        message: suppressed.then(|| suppression_message(thresholds)),
        responses: (!suppressed).then_some(n),
        invited,
        response_rate: match invited {
            Some(i) if i > 0 && !suppressed => Some(round_to(n as f64 * 100.0 / i as f64, 1)),
            _ => None,
        },
        min_group_size: thresholds.min_group_size,
        min_comment_group_size: thresholds.min_comment_group_size,
        questions,
    }
}

/// A number as people read it: at most two decimals, no trailing zeros.
pub fn format_number(v: f64) -> String {
    let s = format!("{:.2}", round_to(v, 2));
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// The open-data CSV of one form's results, long format:
/// `question_id,question,metric,option,value`. Cells that a spreadsheet would
/// run as a formula are neutralised, since comments and labels end up here.
pub fn to_csv(results: &FormResults) -> String {
    let mut rows: Vec<[String; 5]> = Vec::new();
    let mut row = |id: &str, label: &str, metric: &str, option: &str, value: String| {
        rows.push([id.into(), label.into(), metric.into(), option.into(), value]);
    };
    if results.suppressed {
        row(
            "",
            "",
            "suppressed",
            "",
            results.message.clone().unwrap_or_default(),
        );
    }
    if let Some(n) = results.responses {
        row("", "", "responses", "", n.to_string());
    }
    if let Some(i) = results.invited {
        row("", "", "invited", "", i.to_string());
    }
    if let Some(r) = results.response_rate {
        row("", "", "response_rate_percent", "", format_number(r));
    }
    // A matrix's rows follow it, each named `Question [Row]`.
    let with_rows = results.questions.iter().flat_map(|q| {
        std::iter::once((q, q.label.clone())).chain(
            q.rows
                .iter()
                .map(move |r| (r, format!("{} [{}]", q.label, r.label))),
        )
    });
    for (q, label) in with_rows {
        let (id, label) = (q.id.as_str(), label.as_str());
        if q.suppressed {
            row(
                id,
                label,
                "suppressed",
                "",
                q.message.clone().unwrap_or_default(),
            );
            continue;
        }
        let mut opt = |metric: &str, v: Option<f64>| {
            if let Some(v) = v {
                row(id, label, metric, "", format_number(v));
            }
        };
        opt("n", q.n.map(|n| n as f64));
        opt("missing", q.missing.map(|n| n as f64));
        opt("mean", q.mean);
        opt("median", q.median);
        opt("favourable_percent", q.favourable);
        if let Some(s) = &q.number {
            opt("q1", s.q1);
            opt("q3", s.q3);
        }
        if let Some(nps) = &q.nps {
            for (name, c, s) in [
                ("detractors", nps.detractors, nps.detractors_share),
                ("passives", nps.passives, nps.passives_share),
                ("promoters", nps.promoters, nps.promoters_share),
            ] {
                row(id, label, "count", name, c.to_string());
                row(id, label, "percent", name, format_number(s));
            }
            row(id, label, "nps", "", format_number(nps.score));
        }
        for b in q.distribution.iter().chain(&q.options) {
            row(id, label, "count", &b.label, b.count.to_string());
            row(id, label, "percent", &b.label, format_number(b.share));
        }
        for c in &q.comments {
            row(id, label, "comment", "", c.clone());
        }
    }
    let header = ["question_id", "question", "metric", "option", "value"];
    String::from_utf8(crate::table::write::table(header, rows)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::trends::{trends, RoundSummary};

    #[test]
    fn identical_comments_are_never_neighbours_and_the_order_is_stable() {
        let texts = vec!["Same", "Same", "Same", "a", "b", "c", "Same", "d", "e"];
        let once = shuffle(texts.clone(), "2026/feedback", "went_well");
        assert!(once.windows(2).all(|w| w[0] != w[1]), "{once:?}");
        assert_eq!(shuffle(texts.clone(), "2026/feedback", "went_well"), once);
        let mut sorted = once.clone();
        sorted.sort();
        let mut expected: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
        expected.sort();
        assert_eq!(sorted, expected, "nothing lost or added");
        for seed in 0..50 {
            let out = shuffle(texts.clone(), &seed.to_string(), "q");
            assert!(out.windows(2).all(|w| w[0] != w[1]), "{seed}: {out:?}");
        }
    }
    use crate::forms::import::{read_export, PrivateText};
    use crate::forms::schema::load_schema;
    use std::path::Path;

    fn schema() -> FormSchema {
        load_schema(
            Path::new("tests/fixtures/exports/schema.toml"),
            include_str!("../../tests/fixtures/exports/schema.toml"),
        )
        .expect("fixture schema")
    }

    fn fixture(bytes: &[u8]) -> Vec<Response> {
        read_export(Path::new("x.csv"), bytes, &schema()).responses
    }

    fn q<'a>(r: &'a FormResults, id: &str) -> &'a QuestionResult {
        r.questions.iter().find(|q| q.id == id).expect("question")
    }

    fn counts(b: &[Bucket]) -> Vec<usize> {
        b.iter().map(|b| b.count).collect()
    }

    /// The hand-computed figures of the six fixture respondents.
    fn assert_expected(r: &FormResults) {
        assert!(!r.suppressed);
        assert_eq!(r.responses, Some(6));
        assert_eq!(r.response_rate, Some(60.0)); // 6 of 10 invited
        let ids: Vec<&str> = r.questions.iter().map(|q| q.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "satisfaction",
                "mentor_helps",
                "frequency",
                "topics",
                "recommend",
                "hours",
                "went_well",
                "private_note",
                "rating"
            ],
            "email and name are private and left out"
        );
        // satisfaction 5,4,4,3,2,5
        let s = q(r, "satisfaction");
        assert_eq!((s.n, s.missing), (Some(6), Some(0)));
        assert_eq!(s.mean, Some(3.83));
        assert_eq!(s.median, Some(4.0));
        assert_eq!(counts(&s.distribution), [0, 1, 1, 2, 2]);
        assert_eq!(s.favourable, Some(66.7));
        // mentor_helps 5,4,4,3,2,4
        let h = q(r, "mentor_helps");
        assert_eq!(h.mean, Some(3.67));
        assert_eq!(h.median, Some(4.0));
        assert_eq!(counts(&h.distribution), [0, 1, 1, 3, 1]);
        assert_eq!(h.distribution[2].label, "Neither agree nor disagree");
        assert_eq!(h.favourable, Some(66.7));
        let f = q(r, "frequency");
        assert_eq!(counts(&f.options), [2, 2, 2]);
        assert_eq!(f.options[0].share, 33.3);
        // topics: five people answered; Career growth 3, Technical 2, Confidence 2, Networking 1, Other 1
        let t = q(r, "topics");
        assert_eq!((t.n, t.missing), (Some(5), Some(1)));
        assert_eq!(counts(&t.options), [3, 2, 2, 1, 1]);
        assert_eq!(t.options[0].share, 60.0);
        assert_eq!(t.options[4].label, "Other");
        assert!(
            t.comments.is_empty(),
            "topics does not publish its Other text"
        );
        // recommend 10,9,8,6,4,10: 3 promoters, 1 passive, 2 detractors
        let n = q(r, "recommend").nps.as_ref().expect("nps");
        assert_eq!((n.promoters, n.passives, n.detractors), (3, 1, 2));
        assert_eq!(n.score, 16.7);
        // hours 4,3.5,2,1,6 (one blank)
        let hr = q(r, "hours");
        assert_eq!((hr.n, hr.missing), (Some(5), Some(1)));
        let hs = hr.number.as_ref().expect("summary");
        // Five answers: the mean only; the median and quartiles would each be
        // one person's answer.
        assert_eq!((hs.mean, hs.q1, hs.median, hs.q3), (3.3, None, None, None));
        // four comments: below the group size, so suppressed entirely
        let w = q(r, "went_well");
        assert!(w.suppressed && w.n.is_none() && w.comments.is_empty());
        assert_eq!(w.message.as_deref(), Some("fewer than 5 responses"));
        assert!(q(r, "private_note").suppressed);
    }

    /// The grid of the five tool fixtures, row by row (1 Poor … 4 Excellent).
    fn assert_grid(r: &FormResults) {
        let m = q(r, "rating");
        assert_eq!((m.n, m.missing), (Some(6), Some(0)));
        let ids: Vec<&str> = m.rows.iter().map(|row| row.id.as_str()).collect();
        assert_eq!(ids, ["rating.1", "rating.2", "rating.3"]);
        // Availability 4,3,2,3,1,4: mean 17/6, Good or Excellent 4 of 6.
        let a = &m.rows[0];
        assert_eq!((a.label.as_str(), a.n), ("Availability", Some(6)));
        assert_eq!(a.mean, Some(2.83));
        assert_eq!(counts(&a.distribution), [1, 1, 2, 2]);
        assert_eq!(a.distribution[3].label, "Excellent");
        assert_eq!(a.favourable, Some(66.7));
        // Communication 3,4,4,2,1,4: mean 3, 4 of 6 favourable.
        let c = &m.rows[1];
        assert_eq!(c.mean, Some(3.0));
        assert_eq!(counts(&c.distribution), [1, 1, 1, 3]);
        assert_eq!(c.favourable, Some(66.7));
        // Subject knowledge: four answers, below five: hidden, no figure.
        let k = &m.rows[2];
        assert!(k.suppressed && k.n.is_none() && k.mean.is_none());
        assert!(k.distribution.is_empty());
        assert_eq!(k.message.as_deref(), Some("fewer than 5 responses"));
        let csv = to_csv(r);
        assert!(csv.contains("rating.1,How would you rate your mentor on the following? [Availability],mean,,2.83"), "{csv}");
        assert!(csv.contains("rating.3,How would you rate your mentor on the following? [Subject knowledge],suppressed,,fewer than 5 responses"), "{csv}");
        assert!(!csv.contains(
            "rating.3,How would you rate your mentor on the following? [Subject knowledge],count"
        ));
    }

    #[test]
    fn every_tool_gives_the_hand_computed_figures_of_each_grid_row() {
        let exports: [&[u8]; 5] = [
            include_bytes!("../../tests/fixtures/exports/google.csv"),
            include_bytes!("../../tests/fixtures/exports/microsoft.csv"),
            include_bytes!("../../tests/fixtures/exports/typeform.csv"),
            include_bytes!("../../tests/fixtures/exports/qualtrics.csv"),
            include_bytes!("../../tests/fixtures/exports/surveymonkey.csv"),
        ];
        for bytes in exports {
            let r = aggregate_form(
                &schema(),
                &fixture(bytes),
                &Thresholds::default(),
                None,
                "s",
            );
            assert_grid(&r);
        }
    }

    #[test]
    fn order_statistics_need_enough_answers_on_each_side() {
        let k = 5;
        let sorted = |n: usize| (1..=n).map(|v| v as f64).collect::<Vec<_>>();
        assert_eq!(protected_quantile(&sorted(9), 0.5, k), None);
        assert_eq!(protected_quantile(&sorted(10), 0.5, k), Some(5.5));
        assert_eq!(protected_quantile(&sorted(19), 0.25, k), None);
        assert_eq!(protected_quantile(&sorted(20), 0.25, k), Some(5.75));
        assert_eq!(protected_quantile(&sorted(20), 0.75, k), Some(15.25));
        for n in [1, 10, 100, 10_000] {
            assert_eq!(protected_quantile(&sorted(n), 0.0, k), None, "no minimum");
            assert_eq!(protected_quantile(&sorted(n), 1.0, k), None, "no maximum");
        }
    }

    #[test]
    fn every_tool_export_gives_the_hand_computed_figures() {
        let exports: [(&str, &[u8]); 7] = [
            (
                "google",
                include_bytes!("../../tests/fixtures/exports/google.csv"),
            ),
            (
                "microsoft",
                include_bytes!("../../tests/fixtures/exports/microsoft.csv"),
            ),
            (
                "typeform",
                include_bytes!("../../tests/fixtures/exports/typeform.csv"),
            ),
            (
                "qualtrics",
                include_bytes!("../../tests/fixtures/exports/qualtrics.csv"),
            ),
            (
                "surveymonkey",
                include_bytes!("../../tests/fixtures/exports/surveymonkey.csv"),
            ),
            (
                "excel",
                include_bytes!("../../tests/fixtures/exports/excel-semicolon-cp1252.csv"),
            ),
            (
                "utf16",
                include_bytes!("../../tests/fixtures/exports/utf16.csv"),
            ),
        ];
        for (name, bytes) in exports {
            let r = aggregate_form(
                &schema(),
                &fixture(bytes),
                &Thresholds::default(),
                Some(10),
                name,
            );
            assert_expected(&r);
        }
    }

    #[test]
    fn comments_need_opt_in_and_enough_answers_and_are_shuffled_by_seed() {
        let responses = fixture(include_bytes!("../../tests/fixtures/exports/google.csv"));
        let t = Thresholds {
            min_group_size: 3,
            min_comment_group_size: 4,
        };
        let r = aggregate_form(&schema(), &responses, &t, None, "2026-spring/feedback");
        let w = q(&r, "went_well");
        assert_eq!(w.n, Some(4));
        let mut sorted = w.comments.clone();
        sorted.sort();
        assert_eq!(
            sorted,
            [
                "Clear goals from the very first session",
                "Flexible scheduling",
                "Honest feedback on my CV",
                "Practical code reviews, every time"
            ]
        );
        // Deterministic for a seed; independent of file order.
        let mut reversed = responses.clone();
        reversed.reverse();
        let again = aggregate_form(&schema(), &reversed, &t, None, "2026-spring/feedback");
        assert_eq!(q(&again, "went_well").comments, w.comments);
        // Not published: counted, never shown.
        let p = q(&r, "private_note");
        assert!(p.suppressed, "two answers, below 3");
        let json = serde_json::to_string(&r).expect("json");
        for secret in include_str!("../../tests/fixtures/exports/PRIVATE_VALUES.txt").lines() {
            assert!(!json.contains(secret), "{secret} leaked into JSON");
            assert!(!to_csv(&r).contains(secret), "{secret} leaked into CSV");
        }
        let t5 = Thresholds {
            min_group_size: 3,
            min_comment_group_size: 5,
        };
        let r5 = aggregate_form(&schema(), &responses, &t5, None, "s");
        let w5 = q(&r5, "went_well");
        assert!(w5.comments.is_empty());
        assert!(w5
            .comments_note
            .as_deref()
            .unwrap_or("")
            .contains("at least 5"));
    }

    #[test]
    fn published_other_text_follows_the_comment_rule() {
        let mut s = schema();
        let ti = s
            .questions
            .iter()
            .position(|q| q.id == "topics")
            .expect("topics");
        s.questions[ti].publish = true;
        let mk = |text: &str| Response {
            line: 2,
            answers: s
                .questions
                .iter()
                .enumerate()
                .map(|(i, _)| {
                    if i == ti {
                        Answer::Multi {
                            options: vec![0],
                            other: Some(PrivateText::new(text)),
                        }
                    } else {
                        Answer::Missing
                    }
                })
                .collect(),
        };
        let responses: Vec<Response> = ["a", "b", "c", "d", "e"].iter().map(|t| mk(t)).collect();
        let t = Thresholds {
            min_group_size: 5,
            min_comment_group_size: 5,
        };
        let r = aggregate_form(&s, &responses, &t, None, "x");
        assert_eq!(q(&r, "topics").comments.len(), 5);
        assert_eq!(q(&r, "topics").options[4].count, 5);
    }

    #[test]
    fn small_form_is_suppressed_without_any_number() {
        let responses = fixture(include_bytes!("../../tests/fixtures/exports/google.csv"));
        let r = aggregate_form(
            &schema(),
            &responses[..4],
            &Thresholds::default(),
            Some(40),
            "s",
        );
        assert!(r.suppressed);
        assert_eq!(r.message.as_deref(), Some("fewer than 5 responses"));
        assert_eq!((r.responses, r.response_rate), (None, None));
        for qr in &r.questions {
            assert!(qr.suppressed && qr.n.is_none() && qr.mean.is_none());
            assert!(qr.distribution.is_empty() && qr.options.is_empty() && qr.comments.is_empty());
        }
        let csv = to_csv(&r);
        assert!(csv.contains("suppressed"));
        assert!(!csv.contains("mean"));
        let t7 = Thresholds {
            min_group_size: 7,
            min_comment_group_size: 10,
        };
        let r7 = aggregate_form(&schema(), &responses, &t7, None, "s");
        assert_eq!(r7.message.as_deref(), Some("fewer than 7 responses"));
    }

    #[test]
    fn csv_is_long_format_and_neutralises_formulas() {
        let responses = fixture(include_bytes!("../../tests/fixtures/exports/google.csv"));
        let mut s = schema();
        s.questions[2].label = "=cmd|' /C calc'!A0".into();
        let r = aggregate_form(&s, &responses, &Thresholds::default(), Some(10), "s");
        let csv = to_csv(&r);
        let mut lines = csv.lines();
        assert_eq!(
            lines.next(),
            Some("question_id,question,metric,option,value")
        );
        assert!(csv.contains(",,responses,,6\r\n"));
        assert!(csv.contains(",,response_rate_percent,,60\r\n"));
        assert!(
            csv.contains("satisfaction,'=cmd|' /C calc'!A0,mean,,3.83\r\n"),
            "{csv}"
        );
        assert!(csv.contains(
            "recommend,How likely are you to recommend the program to a colleague?,nps,,16.7\r\n"
        ));
        assert!(csv.contains("topics,Which topics have you covered?,count,Career growth,3\r\n"));
        assert!(
            csv.contains("went_well,What has gone well?,suppressed,,fewer than 5 responses\r\n")
        );
    }

    #[test]
    fn trends_follow_rounds_with_gaps_and_changes() {
        let s = schema();
        let all = fixture(include_bytes!("../../tests/fixtures/exports/google.csv"));
        let t = Thresholds::default();
        let a = aggregate_form(&s, &all, &t, None, "a");
        let b = aggregate_form(&s, &all[..3], &t, None, "b");
        let c = aggregate_form(&s, &all[1..], &t, None, "c");
        let round = |id: &str| RoundSummary {
            id: id.into(),
            title: id.into(),
            opens: None,
        };
        let tr = trends(
            &s,
            &[(round("r1"), &a), (round("r2"), &b), (round("r3"), &c)],
        );
        let sat = tr
            .questions
            .iter()
            .find(|q| q.id == "satisfaction")
            .expect("sat");
        assert_eq!(sat.metric, "mean");
        let values: Vec<Option<f64>> = sat.series[0].points.iter().map(|p| p.value).collect();
        assert_eq!(values, [Some(3.83), None, Some(3.6)]);
        assert!(sat.series[0].points[1].suppressed);
        assert_eq!(
            sat.series[0].points[2].change, None,
            "no change across a gap"
        );
        let nps = tr
            .questions
            .iter()
            .find(|q| q.id == "recommend")
            .expect("nps");
        assert_eq!((nps.y_min, nps.y_max), (-100.0, 100.0));
        let freq = tr
            .questions
            .iter()
            .find(|q| q.id == "frequency")
            .expect("freq");
        assert_eq!(freq.series.len(), 3);
        assert_eq!(freq.unit, "%");
        assert!(tr
            .questions
            .iter()
            .all(|q| !matches!(q.id.as_str(), "email" | "name" | "went_well")));
        let tr2 = trends(&s, &[(round("r1"), &a), (round("r3"), &c)]);
        let sat2 = tr2
            .questions
            .iter()
            .find(|q| q.id == "satisfaction")
            .expect("sat");
        assert_eq!(sat2.series[0].points[1].change, Some(-0.23));
    }

    /// The example program's rounds: three tools, clean imports, enough
    /// comments to publish, and one small group that must stay hidden.
    #[test]
    fn example_program_rounds_import_cleanly_and_trend() {
        let s = load_schema(
            Path::new("data/forms/feedback.toml"),
            include_str!("../../data/forms/feedback.toml"),
        )
        .expect("example schema");
        let rounds: [(&str, &str, &[u8], crate::forms::Tool); 3] = [
            (
                "2025-autumn",
                include_str!("../../data/rounds/2025-autumn/round.toml"),
                include_bytes!("../../data/rounds/2025-autumn/feedback.csv"),
                crate::forms::Tool::GoogleForms,
            ),
            (
                "2026-spring",
                include_str!("../../data/rounds/2026-spring/round.toml"),
                include_bytes!("../../data/rounds/2026-spring/feedback.csv"),
                crate::forms::Tool::MicrosoftForms,
            ),
            (
                "2026-autumn",
                include_str!("../../data/rounds/2026-autumn/round.toml"),
                include_bytes!("../../data/rounds/2026-autumn/feedback.csv"),
                crate::forms::Tool::Qualtrics,
            ),
        ];
        let mut results = Vec::new();
        for (id, toml, csv, tool) in rounds {
            let round =
                crate::forms::round::load_round(Path::new("round.toml"), id, toml).expect("round");
            let e = read_export(Path::new("feedback.csv"), csv, &s);
            assert!(e.diagnostics.is_empty(), "{id}: {:#?}", e.diagnostics);
            assert_eq!(e.report.tool, tool);
            assert!(
                (25..=45).contains(&e.responses.len()),
                "{id}: {}",
                e.responses.len()
            );
            let r = aggregate_form(
                &s,
                &e.responses,
                &Thresholds::default(),
                round.invited.get("feedback").copied(),
                id,
            );
            assert!(q(&r, "went_well").comments.len() >= 10, "{id}");
            assert!(r.response_rate.is_some());
            results.push((RoundSummary::from(&round), r));
        }
        assert!(
            results.iter().any(|(_, r)| q(r, "rematch").suppressed),
            "a small group shows suppression"
        );
        assert!(results.iter().any(|(_, r)| !q(r, "rematch").suppressed));
        let refs: Vec<(RoundSummary, &FormResults)> =
            results.iter().map(|(s, r)| (s.clone(), r)).collect();
        let t = trends(&s, &refs);
        let sat = t
            .questions
            .iter()
            .find(|q| q.id == "satisfaction")
            .expect("sat");
        let means: Vec<f64> = sat.series[0]
            .points
            .iter()
            .filter_map(|p| p.value)
            .collect();
        assert!(
            means.len() == 3 && means[0] < means[2],
            "satisfaction improves: {means:?}"
        );
    }

    #[test]
    fn numbers_print_with_at_most_two_decimals() {
        assert_eq!(format_number(3.0), "3");
        assert_eq!(format_number(3.456), "3.46");
        assert_eq!(format_number(-0.001), "0");
        assert_eq!(format_number(16.7), "16.7");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// satisfaction, recommend, frequency, ticked topics.
        type Row = (Option<u8>, Option<u8>, Option<u8>, Vec<bool>);

        fn answers_strategy() -> impl Strategy<Value = Vec<Row>> {
            proptest::collection::vec(
                (
                    proptest::option::of(1u8..=5),
                    proptest::option::of(0u8..=10),
                    proptest::option::of(0u8..3),
                    proptest::collection::vec(any::<bool>(), 4),
                ),
                0..40,
            )
        }

        fn build(rows: &[Row]) -> (FormSchema, Vec<Response>) {
            let s = schema();
            let idx = |id: &str| s.questions.iter().position(|q| q.id == id).expect("q");
            let (sat, rec, freq, top) = (
                idx("satisfaction"),
                idx("recommend"),
                idx("frequency"),
                idx("topics"),
            );
            let responses = rows
                .iter()
                .map(|(a, b, c, d)| {
                    let mut answers = vec![Answer::Missing; s.questions.len()];
                    answers[sat] = a.map_or(Answer::Missing, |v| Answer::Number(v as f64));
                    answers[rec] = b.map_or(Answer::Missing, |v| Answer::Number(v as f64));
                    answers[freq] = c.map_or(Answer::Missing, |v| Answer::Choice(v as usize));
                    let picked: Vec<usize> = (0..4).filter(|i| d[*i]).collect();
                    if !picked.is_empty() {
                        answers[top] = Answer::Multi {
                            options: picked,
                            other: None,
                        };
                    }
                    Response { line: 2, answers }
                })
                .collect();
            (s, responses)
        }

        proptest! {
            #[test]
            fn counts_add_up_and_shares_sum_to_100(rows in answers_strategy()) {
                let (s, responses) = build(&rows);
                let r = aggregate_form(&s, &responses, &Thresholds::default(), Some(100), "p");
                for qr in &r.questions {
                    if qr.suppressed {
                        prop_assert!(qr.n.is_none() && qr.distribution.is_empty() && qr.options.is_empty());
                        continue;
                    }
                    let n = qr.n.unwrap_or(0);
                    prop_assert_eq!(n + qr.missing.unwrap_or(0), responses.len());
                    let buckets = if qr.distribution.is_empty() { &qr.options } else { &qr.distribution };
                    if qr.kind != QuestionKind::Multi && !buckets.is_empty() {
                        prop_assert_eq!(buckets.iter().map(|b| b.count).sum::<usize>(), n);
                        let total: f64 = buckets.iter().map(|b| b.share).sum();
                        prop_assert!((total - 100.0).abs() <= 0.05 * buckets.len() as f64 + 1e-9, "{}", total);
                    }
                    if let Some(nps) = &qr.nps {
                        prop_assert!((-100.0..=100.0).contains(&nps.score));
                        prop_assert_eq!(nps.promoters + nps.passives + nps.detractors, n);
                    }
                }
            }

            #[test]
            fn nothing_is_published_below_the_threshold(rows in answers_strategy(), min in 1usize..12) {
                let (s, responses) = build(&rows);
                let t = Thresholds { min_group_size: min, min_comment_group_size: min };
                let r = aggregate_form(&s, &responses, &t, Some(50), "p");
                prop_assert_eq!(r.suppressed, responses.len() < min);
                for qr in &r.questions {
                    let answered = qr.n.unwrap_or(0);
                    prop_assert!(qr.suppressed || answered >= min);
                    if qr.suppressed {
                        prop_assert!(qr.n.is_none() && qr.missing.is_none() && qr.mean.is_none()
                            && qr.nps.is_none() && qr.number.is_none() && qr.favourable.is_none());
                    }
                }
            }
        }
    }
}
