//! Proofs of the results-by-group rule: a solver that tries to recover hidden
//! groups from everything published (the whole program minus the shown
//! groups, per figure, per question, per round), and checks that no group is
//! hidden without a reason.

use super::suppress::{hidden_people, suppress, Hidden};
use super::trends::group_trends;
use super::*;
use crate::forms::schema::load_schema;
use crate::forms::trends::RoundSummary;
use crate::private::PrivateText;
use proptest::prelude::*;
use std::path::Path;

const SCHEMA: &str = r#"
title = "Feedback"
[[questions]]
id = "email"
kind = "email"
[[questions]]
id = "team"
label = "Which team are you in?"
kind = "choice"
options = ["A", "B", "C", "D"]
breakdown = true
[[questions]]
id = "score"
kind = "scale"
[[questions]]
id = "rec"
kind = "nps"
[[questions]]
id = "freq"
kind = "choice"
options = ["Weekly", "Monthly", "Rarely"]
[[questions]]
id = "note"
kind = "text"
publish = true
"#;

fn schema() -> FormSchema {
    load_schema(Path::new("data/forms/feedback.toml"), SCHEMA).expect("schema")
}

/// Team (4 = no answer), score 1–5, nps 0–10, freq 0–2; `None` is skipped.
type Row = (u8, Option<u8>, Option<u8>, Option<u8>);

fn responses(rows: &[Row]) -> Vec<Response> {
    rows.iter()
        .enumerate()
        .map(|(i, (team, score, rec, freq))| Response {
            line: i + 2,
            answers: vec![
                Answer::Private(PrivateText::new(format!("person{i}@example.org"))),
                if *team < 4 {
                    Answer::Choice(*team as usize)
                } else {
                    Answer::Missing
                },
                score.map_or(Answer::Missing, |v| Answer::Number(v as f64)),
                rec.map_or(Answer::Missing, |v| Answer::Number(v as f64)),
                freq.map_or(Answer::Missing, |v| Answer::Choice(v as usize)),
                Answer::Text(PrivateText::new(format!("secret words {i}"))),
            ],
        })
        .collect()
}

fn t(k: usize) -> Thresholds {
    Thresholds {
        min_group_size: k,
        min_comment_group_size: 1,
    }
}

fn build(rows: &[Row], k: usize) -> (FormResults, Breakdown, Vec<Response>) {
    let s = schema();
    let rs = responses(rows);
    let whole = aggregate_form(&s, &rs, &t(k), None, "seed");
    let g = groupings(&s, &rs, &ProgramData::default());
    assert_eq!(g.len(), 1);
    let b = break_down(&s, &g[0], &rs, &whole, &t(k));
    (whole, b, rs)
}

/// A figure the solver subtracts: what the whole program publishes, what
/// each shown group publishes, and the truth per group (contributors and
/// value) it tries to recover.
struct Figure {
    name: String,
    whole: Option<f64>,
    shown: Vec<Option<f64>>,
    truth: Vec<(usize, f64)>,
}

/// Every published figure of a breakdown, with the truth behind it.
fn figures(whole: &FormResults, b: &Breakdown, rows: &[Row]) -> Vec<Figure> {
    let group_of = |r: &Row| r.0 as usize;
    let groups = b.groups.len();
    let mut out = vec![Figure {
        name: "respondents".into(),
        whole: b.responses.map(|n| n as f64),
        shown: b
            .groups
            .iter()
            .map(|g| g.respondents.map(|n| n as f64))
            .collect(),
        truth: (0..groups)
            .map(|gi| {
                let c = rows.iter().filter(|r| group_of(r) == gi).count();
                (c, c as f64)
            })
            .collect(),
    }];
    for q in &b.questions {
        let wq = whole
            .questions
            .iter()
            .find(|w| w.id == q.id)
            .expect("whole");
        let answer = |r: &Row| -> Option<f64> {
            match q.id.as_str() {
                "score" => r.1.map(f64::from),
                "rec" => r.2.map(f64::from),
                _ => r.3.map(f64::from),
            }
        };
        let truth_of = |f: &dyn Fn(f64) -> f64| -> Vec<(usize, f64)> {
            (0..groups)
                .map(|gi| {
                    let vals: Vec<f64> = rows
                        .iter()
                        .filter(|r| group_of(r) == gi)
                        .filter_map(answer)
                        .collect();
                    (vals.len(), vals.iter().map(|v| f(*v)).sum())
                })
                .collect()
        };
        let n = |c: &Cell| c.n.map(|n| n as f64);
        out.push(Figure {
            name: format!("{} n", q.id),
            whole: wq.n.map(|n| n as f64),
            shown: q.groups.iter().map(n).collect(),
            truth: truth_of(&|_| 1.0),
        });
        if q.metric == "mean" {
            out.push(Figure {
                name: format!("{} sum", q.id),
                whole: wq.mean.zip(wq.n).map(|(m, n)| m * n as f64),
                shown: q
                    .groups
                    .iter()
                    .map(|c| c.mean.zip(c.n).map(|(m, n)| m * n as f64))
                    .collect(),
                truth: truth_of(&|v| v),
            });
        }
        if q.metric == "nps" {
            out.push(Figure {
                name: format!("{} promoters − detractors", q.id),
                whole: wq
                    .nps
                    .as_ref()
                    .map(|x| (x.promoters as f64) - x.detractors as f64),
                shown: q
                    .groups
                    .iter()
                    .map(|c| c.nps.zip(c.n).map(|(s, n)| s * n as f64 / 100.0))
                    .collect(),
                truth: truth_of(&|v| {
                    if v >= 9.0 {
                        1.0
                    } else if v <= 6.0 {
                        -1.0
                    } else {
                        0.0
                    }
                }),
            });
        }
        for (oi, o) in wq.options.iter().enumerate() {
            out.push(Figure {
                name: format!("{} chose {}", q.id, o.label),
                whole: Some(o.count as f64),
                shown: q
                    .groups
                    .iter()
                    .map(|c| {
                        c.options
                            .get(oi)
                            .zip(c.n)
                            .map(|(b, n)| b.share * n as f64 / 100.0)
                    })
                    .collect(),
                truth: truth_of(&|v| f64::from(u8::from(v as usize == oi))),
            });
        }
    }
    out
}

/// The solver: for each figure, whole minus the shown groups is what the
/// hidden groups hold together. It is a leak when that remainder belongs to
/// one group with people in it, or to fewer than `k` people.
fn recover(figures: &[Figure], k: usize) -> Vec<String> {
    let mut leaks = Vec::new();
    for f in figures {
        let Some(whole) = f.whole else {
            // Nothing published for the whole: only shown groups remain, and
            // each of them passed the threshold on its own.
            continue;
        };
        let shown: f64 = f.shown.iter().flatten().sum();
        let remainder = whole - shown;
        let hidden: Vec<usize> = (0..f.shown.len())
            .filter(|&g| f.shown[g].is_none())
            .collect();
        let people: usize = hidden.iter().map(|&g| f.truth[g].0).sum();
        let holding: Vec<usize> = hidden
            .iter()
            .copied()
            .filter(|&g| f.truth[g].0 > 0)
            .collect();
        let truth: f64 = hidden.iter().map(|&g| f.truth[g].1).sum();
        // The subtraction really yields the hidden groups' total (up to the
        // rounding of published means and shares).
        assert!(
            (remainder - truth).abs() <= 0.01 * (whole.abs() + 1.0) + 0.5,
            "{}: remainder {remainder} but hidden total {truth}",
            f.name
        );
        if holding.len() == 1 {
            leaks.push(format!("{}: group {} = whole − shown", f.name, holding[0]));
        }
        if people > 0 && people < k {
            leaks.push(format!("{}: {people} hidden people < {k}", f.name));
        }
    }
    leaks
}

fn rows_strategy() -> impl Strategy<Value = Vec<Row>> {
    proptest::collection::vec(
        (
            // Team A, B, C, D or none, weighted towards small groups.
            prop_oneof![4 => 0u8..2, 2 => 2u8..4, 1 => Just(4u8)],
            proptest::option::weighted(0.85, 1u8..=5),
            proptest::option::weighted(0.9, 0u8..=10),
            proptest::option::weighted(0.8, 0u8..3),
        ),
        0..40,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn no_hidden_group_can_be_recovered(rows in rows_strategy(), k in 2usize..7) {
        let (whole, b, _) = build(&rows, k);
        let leaks = recover(&figures(&whole, &b, &rows), k);
        prop_assert!(leaks.is_empty(), "{:?}\n{:?}", leaks, b.groups);
        for g in &b.groups {
            prop_assert!(!g.shown || g.respondents.unwrap_or(0) >= k);
        }
        for q in &b.questions {
            for c in &q.groups {
                prop_assert!(!c.shown || c.n.unwrap_or(0) >= k);
                prop_assert!(c.shown || (c.n.is_none() && c.value.is_none() && c.options.is_empty()));
            }
        }
    }

    #[test]
    fn trends_across_rounds_show_only_what_each_round_shows(
        a in rows_strategy(), b in rows_strategy(), k in 2usize..7
    ) {
        let (wa, ba, _) = build(&a, k);
        let (wb, bb, _) = build(&b, k);
        prop_assert!(recover(&figures(&wa, &ba, &a), k).is_empty());
        prop_assert!(recover(&figures(&wb, &bb, &b), k).is_empty());
        let round = |id: &str| RoundSummary { id: id.into(), title: id.into(), opens: None };
        let rounds = [(round("r1"), &ba), (round("r2"), &bb)];
        let Some(tr) = group_trends(&rounds) else {
            prop_assert!(!ba.published && !bb.published);
            return Ok(());
        };
        for q in &tr.questions {
            for s in &q.series {
                for (p, (_, bd)) in s.points.iter().zip(&rounds) {
                    let Some(v) = p.value else { continue };
                    let bq = bd.questions.iter().find(|x| x.id == q.id).expect("question");
                    let cell = if s.name == "Whole program" {
                        &bq.whole
                    } else {
                        bq.groups.iter().find(|c| c.group == s.name).expect("group")
                    };
                    prop_assert!(cell.shown, "{} {} shows a hidden cell", q.id, s.name);
                    let published: Vec<f64> = cell.value.into_iter()
                        .chain(cell.options.iter().map(|o| o.share)).collect();
                    prop_assert!(published.contains(&v));
                }
            }
        }
    }

    #[test]
    fn no_group_is_hidden_without_a_reason(
        counts in proptest::collection::vec(0usize..14, 1..7),
        k in 1usize..8,
    ) {
        let hidden = suppress(&counts, &[], k);
        for (i, h) in hidden.iter().enumerate() {
            match h {
                Some(Hidden::Small) => prop_assert!(counts[i] < k),
                Some(Hidden::Complement) => prop_assert!(counts[i] >= k),
                None => prop_assert!(counts[i] >= k),
            }
        }
        // Safe: the hidden groups hold nobody, or at least k people in two
        // groups or more.
        let (total, holding) = hidden_people(&counts, &hidden);
        let shown = hidden.iter().filter(|h| h.is_none()).count();
        prop_assert!(holding == 0 || (total >= k && holding >= 2) || shown == 0);
        // Minimal: showing the last group hidden to cover another (the
        // largest) would break that.
        let covers: Vec<usize> = (0..counts.len()).filter(|&i| hidden[i] == Some(Hidden::Complement)).collect();
        if let Some(&last) = covers.iter().max_by_key(|&&i| (counts[i], i)) {
            let mut fewer = hidden.clone();
            fewer[last] = None;
            let (total, holding) = hidden_people(&counts, &fewer);
            prop_assert!(holding > 0 && (total < k || holding < 2));
        }
    }
}

fn rows(groups: &[(u8, usize)]) -> Vec<Row> {
    groups
        .iter()
        .flat_map(|&(team, n)| {
            (0..n).map(move |i| {
                (
                    team,
                    Some(1 + (i % 5) as u8),
                    Some((i % 11) as u8),
                    Some((i % 3) as u8),
                )
            })
        })
        .collect()
}

#[test]
fn twelve_six_four_shows_only_the_twelve() {
    let (whole, b, _) = build(&rows(&[(0, 12), (1, 6), (2, 4)]), 5);
    let shown: Vec<bool> = b.groups.iter().map(|g| g.shown).collect();
    assert_eq!(shown, [true, false, false, false, false]);
    assert_eq!(b.groups[0].respondents, Some(12));
    assert!(b.published);
    let labels: Vec<&str> = b.hidden.iter().map(|h| h.label.as_str()).collect();
    assert_eq!(labels, ["B", "C", "D"], "D is an option nobody chose");
    assert_eq!(b.hidden[0].reason, Hidden::Complement);
    assert_eq!(b.hidden[1].reason, Hidden::Small);
    // The form page's own counts of the group question fold B and C.
    let team = b.group_question.as_ref().expect("protected");
    let counts: Vec<(&str, usize)> = team
        .options
        .iter()
        .map(|o| (o.label.as_str(), o.count))
        .collect();
    assert_eq!(
        counts,
        [("A", 12), ("Other groups, not shown separately", 10)]
    );
    assert!(recover(&figures(&whole, &b, &rows(&[(0, 12), (1, 6), (2, 4)])), 5).is_empty());
}

#[test]
fn twelve_twelve_four_three_shows_both_twelves() {
    let r = rows(&[(0, 12), (1, 12), (2, 4), (3, 3)]);
    let (_, b, _) = build(&r, 5);
    let shown: Vec<bool> = b.groups.iter().map(|g| g.shown).collect();
    assert_eq!(shown, [true, true, false, false, false]);
    assert!(b.hidden.iter().all(|h| h.reason == Hidden::Small));
}

#[test]
fn a_skip_in_a_small_shown_group_hides_it_and_one_more_for_that_question() {
    let mut r = rows(&[(0, 12), (1, 12), (2, 5)]);
    // One person of C skips the score question.
    let c = r.iter().position(|x| x.0 == 2).expect("C");
    r[c].1 = None;
    let (whole, b, _) = build(&r, 5);
    assert!(b.groups[..3].iter().all(|g| g.shown));
    let score = b.questions.iter().find(|q| q.id == "score").expect("score");
    let shown: Vec<bool> = score.groups.iter().map(|c| c.shown).collect();
    assert_eq!(shown, [false, true, false, false, false]);
    let rec = b.questions.iter().find(|q| q.id == "rec").expect("rec");
    assert!(rec.groups[..3].iter().all(|c| c.shown));
    assert!(recover(&figures(&whole, &b, &r), 5).is_empty());
    assert_eq!(b.questions_with_more_hidden, ["score"]);
}

#[test]
fn two_groups_one_small_publish_nothing() {
    let (_, b, _) = build(&rows(&[(0, 20), (1, 3)]), 5);
    assert!(!b.published);
    assert!(b.questions.is_empty());
    assert_eq!(b.responses, None);
    assert!(b.groups.iter().all(|g| g.respondents.is_none()));
    let team = b.group_question.as_ref().expect("protected");
    assert!(team.suppressed && team.options.is_empty() && team.n.is_none());
}

#[test]
fn free_text_and_the_group_question_are_never_broken_down() {
    let r = rows(&[(0, 12), (1, 12)]);
    let (_, b, _) = build(&r, 5);
    let ids: Vec<&str> = b.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["score", "rec", "freq"]);
    let json = serde_json::to_string(&b).expect("json");
    let csv = to_csv(&b);
    for out in [&json, &csv] {
        assert!(!out.contains("secret words") && !out.contains("@example.org"));
    }
}

#[test]
fn program_breakdowns_join_by_email_and_never_publish_it() {
    let s = load_schema(
        Path::new("data/forms/f.toml"),
        "[[questions]]\nid = 'email'\nkind = 'email'\n[[questions]]\nid = 'score'\nkind = 'scale'\n\
[[breakdowns]]\nid = 'track'\nlabel = 'Track'\nfrom = 'pairs.track'\njoin = 'email'\n",
    )
    .expect("schema");
    let pair = |email: &str, track: &str| crate::pairs::Pair {
        line: 2,
        mentor: "m".into(),
        mentee: "x".into(),
        mentee_email: Some(PrivateText::new(email)),
        track: Some(track.into()),
        start: None,
        end: None,
        cadence: None,
        meeting_length: None,
        format: None,
        goals: Vec::new(),
        status: crate::pairs::PairStatus::parse("active").expect("status"),
        extra: Default::default(),
    };
    let program = ProgramData::new(
        vec![
            ("se".into(), "Software".into()),
            ("data".into(), "Data".into()),
        ],
        &[
            pair("Ann@Example.org", "se"),
            pair("bo@example.org", "data"),
        ],
    );
    let rs: Vec<Response> = ["ann@example.org ", "bo@example.org", "who@example.org"]
        .iter()
        .map(|e| Response {
            line: 2,
            answers: vec![Answer::Private(PrivateText::new(*e)), Answer::Number(4.0)],
        })
        .collect();
    let g = groupings(&s, &rs, &program);
    assert_eq!(g[0].groups, ["Software", "Data", "Not stated"]);
    assert_eq!(g[0].of, [0, 1, 2]);
}

#[test]
fn schema_errors_name_the_line() {
    let err = load_schema(
        Path::new("data/forms/f.toml"),
        "[[questions]]\nid = 'score'\nkind = 'scale'\nbreakdown = true\n",
    )
    .expect_err("scale");
    assert!(err[0].message.contains("choice"), "{}", err[0].message);
    let err = load_schema(
        Path::new("data/forms/f.toml"),
        "[[questions]]\nid = 'score'\nkind = 'scale'\n[[breakdowns]]\nid = 'track'\nfrom = 'pairs.track'\njoin = 'score'\n",
    )
    .expect_err("join");
    assert_eq!(err[0].line, Some(7));
    assert!(err[0].message.contains("not an email question"));
    let err = load_schema(
        Path::new("data/forms/f.toml"),
        "[[questions]]\nid = 'e'\nkind = 'email'\n[[breakdowns]]\nid = 'track'\nfrom = 'pairs.cohort'\njoin = 'e'\n",
    )
    .expect_err("from");
    assert_eq!(err[0].line, Some(6));
}
