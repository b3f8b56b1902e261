//! Tests of reading `pairs.csv`, open spots, agreement tokens and secrets.

use super::tokens::{load_secret_from, SECRET_FILE};
use super::*;
use crate::diagnostic::{Diagnostic, Severity};
use std::path::Path;

const HEADER: &str =
    "mentor,mentee,mentee_email,track,start,end,cadence,meeting_length,format,goals,status\n";

fn mentors() -> BTreeMap<String, u32> {
    [("ada-lovelace", 2), ("grace-hopper", 1), ("alan-turing", 1)]
        .into_iter()
        .map(|(s, c)| (s.to_string(), c))
        .collect()
}

const TRACKS: &[&str] = &["software-engineering", "leadership"];

fn load(text: &str) -> (Vec<Pair>, Vec<Diagnostic>) {
    load_bytes(text.as_bytes())
}

fn load_bytes(bytes: &[u8]) -> (Vec<Pair>, Vec<Diagnostic>) {
    load_pairs(Path::new("data/pairs.csv"), bytes, &mentors(), TRACKS)
}

/// `line:column: message` of each diagnostic, for compact assertions.
fn positions(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{}: {}",
                d.line.unwrap_or(0),
                d.column.unwrap_or(0),
                d.message
            )
        })
        .collect()
}

fn pair(mentor: &str, mentee: &str) -> Pair {
    Pair {
        line: 2,
        mentor: mentor.to_string(),
        mentee: mentee.to_string(),
        mentee_email: Some(PrivateText::new("sam@example.org")),
        track: Some("leadership".to_string()),
        start: NaiveDate::from_ymd_opt(2026, 3, 1),
        end: NaiveDate::from_ymd_opt(2026, 8, 31),
        cadence: Some(Cadence::Biweekly),
        meeting_length: Some("45 minutes".to_string()),
        format: Some("video".to_string()),
        goals: vec!["Lead a project".to_string(), "Give talks".to_string()],
        status: PairStatus::Active,
        extra: BTreeMap::new(),
    }
}

#[test]
fn reads_every_column() {
    let text = format!(
        "{HEADER}ada-lovelace, Sam Lee ,sam@example.org,leadership,2026-03-01,2026-08-31,\
         Biweekly,45 minutes,video,\"Lead a project; Give talks;\",ACTIVE\n"
    );
    let (pairs, diagnostics) = load(&text);
    assert_eq!(diagnostics, vec![]);
    let mut expected = pair("ada-lovelace", "Sam Lee");
    expected.line = 2;
    assert_eq!(pairs, vec![expected]);
}

#[test]
fn empty_optional_cells_are_none() {
    let (pairs, diagnostics) = load(&format!("{HEADER}alan-turing,Kim,,,,,,,,,proposed\n"));
    assert_eq!(diagnostics, vec![]);
    let p = &pairs[0];
    assert_eq!(p.mentee_email, None);
    assert_eq!(
        (p.track.clone(), p.start, p.end, p.cadence),
        (None, None, None, None)
    );
    assert_eq!((p.meeting_length.clone(), p.format.clone()), (None, None));
    assert!(p.goals.is_empty());
    assert_eq!(p.status, PairStatus::Proposed);
}

#[test]
fn only_required_columns_are_needed_and_header_matching_is_loose() {
    let text =
        " Status ,MENTEE,Mentor,Mentee Email,Meeting-Length\nended,Kim,alan-turing,k@x.org,1h\n";
    let (pairs, diagnostics) = load(text);
    assert_eq!(diagnostics, vec![]);
    assert_eq!(pairs[0].mentor, "alan-turing");
    assert_eq!(pairs[0].status, PairStatus::Ended);
    assert_eq!(
        pairs[0].mentee_email.as_ref().map(PrivateText::expose),
        Some("k@x.org")
    );
    assert_eq!(pairs[0].meeting_length.as_deref(), Some("1h"));
}

#[test]
fn extra_columns_are_kept_for_every_pair() {
    let text = "mentor,mentee,status, Room ,Notes\n\
                alan-turing,Kim,active,B12,\n\
                ada-lovelace,Lee,active,,first pair\n";
    let (pairs, diagnostics) = load(text);
    assert_eq!(diagnostics, vec![]);
    let room_notes = |p: &Pair| (p.extra["Room"].clone(), p.extra["Notes"].clone());
    assert_eq!(room_notes(&pairs[0]), ("B12".to_string(), String::new()));
    assert_eq!(
        room_notes(&pairs[1]),
        (String::new(), "first pair".to_string())
    );
}

#[test]
fn misspelt_optional_column_is_an_error() {
    for (header, at, close) in [
        ("mentor,mentee,status,cadense", "1:22", "cadence"),
        ("mentor,mentee,status,mentee_mail", "1:22", "mentee_email"),
    ] {
        let (pairs, diagnostics) = load(&format!("{header}\nalan-turing,Kim,active,x\n"));
        assert!(
            pairs.is_empty(),
            "nothing is read from a file whose header is wrong"
        );
        let name = header.rsplit(',').next().unwrap();
        assert_eq!(
            positions(&diagnostics),
            [format!("{at}: column `{name}` is not a known column")]
        );
        assert_eq!(diagnostics[0].severity, Severity::Error);
        assert!(diagnostics[0]
            .hint
            .as_deref()
            .is_some_and(|h| h.starts_with(&format!("did you mean `{close}`?"))));
    }
}

#[test]
fn bom_and_crlf() {
    let text = "\u{feff}mentor,mentee,status,goals\r\nalan-turing,Kim,active,a;b\r\n\
                ada-lovelace,Lee,bogus,x\r\n";
    let (pairs, diagnostics) = load(text);
    assert_eq!(pairs.len(), 1);
    assert_eq!(pairs[0].goals, ["a", "b"]);
    assert_eq!(pairs[0].line, 2);
    assert_eq!(
        positions(&diagnostics),
        ["3:18: unknown status `bogus` in column `status`"]
    );
    assert_eq!(
        diagnostics[0].excerpt.as_deref(),
        Some("ada-lovelace,Lee,bogus,x")
    );
}

#[test]
fn empty_file_has_no_pairs_and_no_errors() {
    assert_eq!(load(""), (vec![], vec![]));
    assert_eq!(load_bytes(b"\xEF\xBB\xBF"), (vec![], vec![]));
    assert_eq!(load(HEADER), (vec![], vec![]));
}

#[test]
fn missing_required_columns() {
    let (pairs, diagnostics) = load("mentor,mentees,track\nalan-turing,Kim,\n");
    assert!(pairs.is_empty());
    assert_eq!(
        positions(&diagnostics),
        [
            "1:1: the header has no `mentee` column",
            "1:1: the header has no `status` column",
        ]
    );
    assert_eq!(
        diagnostics[0].hint.as_deref(),
        Some("did you mean to call the column `mentees` `mentee`?")
    );
}

#[test]
fn duplicate_header_column() {
    let (_, diagnostics) = load("mentor,mentee,status,Mentor\n");
    assert_eq!(
        positions(&diagnostics),
        ["1:22: column `Mentor` appears twice in the header"]
    );
}

#[test]
fn unknown_mentor_with_hint() {
    let (pairs, diagnostics) =
        load("mentee,mentor,status\nKim,ada-lovelance,active\nLee,zed,active\n");
    assert!(pairs.is_empty());
    assert_eq!(
        positions(&diagnostics),
        [
            "2:5: unknown mentor `ada-lovelance` in column `mentor`",
            "3:5: unknown mentor `zed` in column `mentor`",
        ]
    );
    assert_eq!(
        diagnostics[0].hint.as_deref(),
        Some("did you mean `ada-lovelace`?")
    );
    assert!(diagnostics[1]
        .hint
        .as_deref()
        .is_some_and(|h| h.contains("content/mentors/")));
}

#[test]
fn empty_required_cells() {
    let (pairs, diagnostics) = load("mentor,mentee,status\n,Kim,active\nalan-turing,  ,\n");
    assert!(pairs.is_empty());
    assert_eq!(
        positions(&diagnostics),
        [
            "2:1: column `mentor` is empty; every pair needs one",
            "3:13: column `mentee` is empty; every pair needs one",
            "3:16: column `status` is empty; every pair needs one",
        ]
    );
}

#[test]
fn unknown_track_with_hint() {
    let (pairs, diagnostics) =
        load("mentor,mentee,status,Track\nalan-turing,Kim,active,leadrship\n");
    assert!(pairs.is_empty());
    assert_eq!(
        positions(&diagnostics),
        ["2:24: unknown track `leadrship` in column `Track`"]
    );
    assert_eq!(
        diagnostics[0].hint.as_deref(),
        Some("did you mean `leadership`?")
    );
    let (_, diagnostics) = load("mentor,mentee,status,track\nalan-turing,Kim,active,cooking\n");
    assert_eq!(
        diagnostics[0].hint.as_deref(),
        Some("tracks declared in site.toml: software-engineering, leadership")
    );
}

#[test]
fn unknown_status_and_cadence_list_allowed_values() {
    let text = "mentor,mentee,status,cadence\nalan-turing,Kim,actve,fortnightly\n";
    let (pairs, diagnostics) = load(text);
    assert!(pairs.is_empty());
    assert_eq!(
        positions(&diagnostics),
        [
            "2:17: unknown status `actve` in column `status`",
            "2:23: unknown cadence `fortnightly` in column `cadence`",
        ]
    );
    assert_eq!(
        diagnostics[0].hint.as_deref(),
        Some("did you mean `active`? expected one of: proposed, active, completed, ended")
    );
    assert_eq!(
        diagnostics[1].hint.as_deref(),
        Some("expected one of: weekly, biweekly, monthly")
    );
}

#[test]
fn bad_dates() {
    let text = "mentor,mentee,status,start,end\n\
                alan-turing,Kim,active,2026-3-1,2026-02-30\n\
                ada-lovelace,Lee,active,01/03/2026,\n";
    let (pairs, diagnostics) = load(text);
    assert!(pairs.is_empty());
    assert_eq!(
        positions(&diagnostics),
        [
            "2:24: `2026-3-1` in column `start` is not a date",
            "2:33: `2026-02-30` in column `end` is not a date",
            "3:25: `01/03/2026` in column `start` is not a date",
        ]
    );
    assert!(diagnostics[0]
        .hint
        .as_deref()
        .is_some_and(|h| h.contains("YYYY-MM-DD")));
}

#[test]
fn end_before_start() {
    let text = "mentor,mentee,status,start,end\nalan-turing,Kim,active,2026-03-01,2026-01-31\n";
    let (pairs, diagnostics) = load(text);
    assert!(pairs.is_empty());
    assert_eq!(
        positions(&diagnostics),
        ["2:35: `end` (2026-01-31) is before `start` (2026-03-01)"]
    );
    let same_day = "mentor,mentee,status,start,end\nalan-turing,Kim,active,2026-03-01,2026-03-01\n";
    assert_eq!(load(same_day).1, vec![]);
}

#[test]
fn same_current_pair_twice() {
    let text = "mentor,mentee,status\n\
                ada-lovelace,Sam Lee,proposed\n\
                ada-lovelace,Kim,completed\n\
                ada-lovelace,Kim,active\n\
                Ada-Lovelace,sam  LEE ,active\n";
    let (pairs, diagnostics) = load(text);
    // The duplicate's mentor differs only in case: also an unknown slug.
    assert_eq!(
        positions(&diagnostics),
        [
            "5:1: unknown mentor `Ada-Lovelace` in column `mentor`",
            "5:14: this mentor and mentee already have a proposed or active pair on line 2",
        ]
    );
    assert_eq!(pairs.iter().map(|p| p.line).collect::<Vec<_>>(), [2, 3, 4]);

    let text = "mentor,mentee,status\nalan-turing,Kim,active\nalan-turing,kim,proposed\n";
    let (pairs, diagnostics) = load(text);
    assert_eq!(
        positions(&diagnostics),
        ["3:13: this mentor and mentee already have a proposed or active pair on line 2"]
    );
    assert_eq!(pairs.len(), 1);
}

#[test]
fn ragged_rows() {
    let text = "mentor,mentee,status\n\
                alan-turing,Kim,active,extra,more\n\
                ada-lovelace,Lee\r\n\
                ada-lovelace,Sam,active\n";
    let (pairs, diagnostics) = load(text);
    assert_eq!(
        positions(&diagnostics),
        [
            "2:24: this row has 5 cells but the header has 3",
            "3:17: this row has 2 cells but the header has 3",
        ]
    );
    assert_eq!(pairs.len(), 1);
    assert_eq!(pairs[0].line, 4);
}

#[test]
fn invalid_utf8_byte_in_a_utf8_file() {
    let mut bytes = b"mentor,mentee,status\nalan-turing,\"K\xE9m\",active\n".to_vec();
    bytes.extend_from_slice("ada-lovelace,Zoë,active\n".as_bytes());
    let (_, diagnostics) = load_bytes(&bytes);
    assert_eq!(
        positions(&diagnostics),
        ["2:15: this byte is not valid UTF-8"]
    );
}

#[test]
fn windows_1252_file() {
    let (pairs, diagnostics) = load_bytes(b"mentor,mentee,status\nalan-turing,K\xE9m,active\n");
    assert_eq!(positions(&diagnostics), Vec::<String>::new());
    assert_eq!(pairs[0].mentee, "Kém");
}

#[test]
fn columns_count_characters_and_follow_multiline_cells() {
    let text = "mentor,mentee,goals,status\n\
                alan-turing,Zoë Ünal,\"Learn Rust,\nthen Go\",bogus\n\
                ada-lovelace,\"Lee, \"\"Sam\"\"\",,Activ\n";
    let (pairs, diagnostics) = load(text);
    assert!(pairs.is_empty());
    assert_eq!(
        positions(&diagnostics),
        [
            "3:10: unknown status `bogus` in column `status`",
            "4:30: unknown status `Activ` in column `status`",
        ]
    );
}

#[test]
fn blank_lines_and_empty_rows_are_skipped() {
    let text =
        "\nmentor,mentee,status\n\nalan-turing,Kim,active\n,,\n \n\nada-lovelace,Lee,bogus\n";
    let (pairs, diagnostics) = load(text);
    assert_eq!(pairs.len(), 1);
    assert_eq!(pairs[0].line, 4);
    assert_eq!(
        positions(&diagnostics),
        ["8:18: unknown status `bogus` in column `status`"]
    );
}

#[test]
fn capacity_is_reported_once_at_the_first_row_over_it() {
    let text = "status,mentee,mentor\n\
                active,A,grace-hopper\n\
                proposed,B,grace-hopper\n\
                completed,C,grace-hopper\n\
                active,D,grace-hopper\n\
                active,E,grace-hopper\n\
                active,F,ada-lovelace\n";
    let (pairs, diagnostics) = load(text);
    assert_eq!(positions(&diagnostics), [
        "5:10: mentor `grace-hopper` has 3 active pairs but a capacity of 1; this row is the first over it"
    ]);
    assert_eq!(
        pairs.iter().map(|p| p.mentee.as_str()).collect::<Vec<_>>(),
        ["A", "B", "C", "E", "F"]
    );
    assert_eq!(mentors()["grace-hopper"], 1);
}

#[test]
fn reports_every_problem_in_one_run() {
    let text = "mentor,mentee,status,track,cadence,start,end\n\
                ada-lovelac,Kim,active,leadership,weekly,2026-01-01,2026-02-01\n\
                alan-turing,Lee,active,ops,daily,2026-13-01,2025-01-01\n\
                alan-turing,Sam,active,,,,\n";
    let (pairs, diagnostics) = load(text);
    assert_eq!(positions(&diagnostics), [
        "2:1: unknown mentor `ada-lovelac` in column `mentor`",
        "3:24: unknown track `ops` in column `track`",
        "3:28: unknown cadence `daily` in column `cadence`",
        "3:34: `2026-13-01` in column `start` is not a date",
        "4:1: mentor `alan-turing` has 2 active pairs but a capacity of 1; this row is the first over it",
    ]);
    assert!(pairs.is_empty());
}

#[test]
fn open_spots_counts_active_pairs() {
    let mut pairs = vec![
        pair("a", "1"),
        pair("a", "2"),
        pair("b", "3"),
        pair("c", "4"),
    ];
    pairs[1].status = PairStatus::Completed;
    pairs[3].status = PairStatus::Proposed;
    let expected: rustc_hash::FxHashMap<&str, u32> = [("a", 1), ("b", 1)].into_iter().collect();
    assert_eq!(open_spots(&pairs), expected);
}

#[test]
fn private_text_does_not_leak_through_debug() {
    let p = pair("ada-lovelace", "Sam");
    assert!(!format!("{p:?}").contains("sam@example.org"));
    assert!(format!("{p:?}").contains("PrivateText(..)"));
}

/// What `tests/fixtures/pairs/expected.txt` says: the fixtures and the
/// expected result of loading each, so integration tests can reuse them.
fn fixture_report() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pairs");
    let mut out = String::from(
        "Fixtures for data/pairs.csv\n\n\
         Load each as data/pairs.csv with these mentors (profile slug = capacity) and tracks:\n\
         mentors: ada-lovelace = 2, grace-hopper = 1, alan-turing = 1\n\
         tracks: software-engineering, leadership\n\n\
         For each file: the lines of the pairs that load, then every diagnostic in order,\n\
         as the first line of its report, with its hint below it.\n",
    );
    for name in ["good.csv", "bom-crlf.csv", "bad.csv", "missing-column.csv"] {
        let bytes = std::fs::read(dir.join(name)).expect("fixture");
        let (pairs, diagnostics) = load_bytes(&bytes);
        let lines: Vec<String> = pairs.iter().map(|p| p.line.to_string()).collect();
        out.push_str(&format!("\n{name}\npairs: {}\n", pairs.len()));
        if !lines.is_empty() {
            out.push_str(&format!("pair lines: {}\n", lines.join(", ")));
        }
        if diagnostics.is_empty() {
            out.push_str("diagnostics: none\n");
        } else {
            out.push_str(&format!("diagnostics: {}\n", diagnostics.len()));
        }
        for d in &diagnostics {
            out.push_str(&format!("{d}\n"));
            if let Some(hint) = &d.hint {
                out.push_str(&format!("  hint: {hint}\n"));
            }
        }
    }
    out
}

#[test]
fn fixtures_match_expected_txt() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pairs/expected.txt");
    let report = fixture_report();
    // Regenerate after an intended change: MENTORSITE_BLESS=1 cargo test.
    if std::env::var_os("MENTORSITE_BLESS").is_some() {
        std::fs::write(&path, &report).expect("write expected.txt");
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(report, expected);
}

const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

#[test]
fn token_is_stable_long_and_url_safe() {
    let p = pair("ada-lovelace", "Sam Lee");
    let token = agreement_token(SECRET, &p);
    assert_eq!(token, agreement_token(SECRET, &p.clone()));
    assert_eq!(token.len(), 26);
    assert!(token
        .bytes()
        .all(|b| b.is_ascii_lowercase() || (b'2'..=b'7').contains(&b)));
    // Pinned, so a change to the encoding cannot silently re-issue links.
    assert_eq!(token, "qs7g42bnmz5i2e2pgvna27dmof");
}

#[test]
fn token_depends_on_the_key() {
    let p = pair("ada-lovelace", "Sam Lee");
    assert_ne!(
        agreement_token(SECRET, &p),
        agreement_token(b"another secret, sixteen+ bytes", &p)
    );
}

#[test]
fn token_ignores_status_line_extra_and_name_spelling() {
    let p = pair("ada-lovelace", "Sam Lee");
    let token = agreement_token(SECRET, &p);
    let mut q = p.clone();
    q.status = PairStatus::Completed;
    q.line = 40;
    q.extra.insert("Room".to_string(), "B12".to_string());
    q.mentee = "  sam   LEE ".to_string();
    q.mentee_email = Some(PrivateText::new("Sam@Example.org "));
    assert_eq!(agreement_token(SECRET, &q), token);
}

#[test]
fn token_changes_with_identity_and_terms() {
    let p = pair("ada-lovelace", "Sam Lee");
    let token = agreement_token(SECRET, &p);
    let changes: Vec<fn(&mut Pair)> = vec![
        |q| q.mentor = "grace-hopper".to_string(),
        |q| q.mentee = "Sam Leigh".to_string(),
        |q| q.mentee_email = None,
        |q| q.track = None,
        |q| q.start = NaiveDate::from_ymd_opt(2026, 3, 2),
        |q| q.end = None,
        |q| q.cadence = Some(Cadence::Weekly),
        |q| q.meeting_length = Some("1 hour".to_string()),
        |q| q.format = Some("in person".to_string()),
        |q| q.goals.push("Write".to_string()),
        |q| q.goals = vec!["Lead a project; Give talks".to_string()],
    ];
    let mut seen = std::collections::BTreeSet::from([token]);
    for change in changes {
        let mut q = p.clone();
        change(&mut q);
        assert!(seen.insert(agreement_token(SECRET, &q)), "{q:?}");
    }
}

#[test]
fn token_encoding_is_unambiguous() {
    let a = pair("ab", "c");
    let b = pair("a", "bc");
    assert_ne!(agreement_token(SECRET, &a), agreement_token(SECRET, &b));
    let mut empty_track = pair("a", "b");
    empty_track.track = Some(String::new());
    let mut no_track = pair("a", "b");
    no_track.track = None;
    assert_ne!(
        agreement_token(SECRET, &empty_track),
        agreement_token(SECRET, &no_track)
    );
}

#[test]
fn base32_matches_rfc_4648() {
    assert_eq!(base32(b"foobar", 100), "mzxw6ytboi");
    assert_eq!(base32(b"f", 100), "my");
    assert_eq!(base32(b"foobar", 4), "mzxw");
}

fn temp_root(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("mentorsite-pairs-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn secret_from_env_file_or_none() {
    let root = temp_root("secret");
    assert_eq!(load_secret_from(None, &root), Ok(None));
    assert_eq!(load_secret_from(Some("  ".to_string()), &root), Ok(None));

    std::fs::write(root.join(SECRET_FILE), "  0123456789abcdef0123\n").expect("write");
    assert_eq!(
        load_secret_from(None, &root),
        Ok(Some(b"0123456789abcdef0123".to_vec()))
    );
    let env = Some("from-the-environment-1234".to_string());
    assert_eq!(
        load_secret_from(env, &root),
        Ok(Some(b"from-the-environment-1234".to_vec()))
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn empty_or_short_secrets_are_errors() {
    let root = temp_root("short");
    std::fs::write(root.join(SECRET_FILE), "\n").expect("write");
    assert!(load_secret_from(None, &root).is_err_and(|e| e.contains("is empty")));
    std::fs::write(root.join(SECRET_FILE), "short\n").expect("write");
    assert!(load_secret_from(None, &root).is_err_and(|e| e.contains("at least 16")));
    assert!(load_secret_from(Some("short".to_string()), &root).is_err());
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn new_secrets_are_random_hex_and_loadable() {
    let (a, b) = (new_secret(), new_secret());
    assert_eq!(a.len(), 64);
    assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
    assert_ne!(a, b);
    let root = temp_root("new");
    std::fs::write(root.join(SECRET_FILE), format!("{a}\n")).expect("write");
    assert_eq!(load_secret_from(None, &root), Ok(Some(a.into_bytes())));
    let _ = std::fs::remove_dir_all(&root);
}
