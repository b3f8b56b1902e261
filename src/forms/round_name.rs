//! What a round's folder name says when `round.toml` does not: a title for
//! people (`2026-spring` → "Spring 2026", `round-2` → "Round 2") and an
//! approximate start, so undated rounds still sort in time order.
//!
//! A name that gives a year and a period (a season, a month, a quarter or a
//! half) places the round at the start of that period; any other name gives
//! no date, and such rounds sort after the dated ones in natural order
//! (`round-2` before `round-10`).

use std::cmp::Ordering;

/// The words of a folder name: split at `-`, `_`, `.` and spaces.
fn words(id: &str) -> Vec<&str> {
    id.split(['-', '_', '.', ' '])
        .filter(|w| !w.is_empty())
        .collect()
}

fn is_year(w: &str) -> bool {
    w.len() == 4
        && w.chars().all(|c| c.is_ascii_digit())
        && (w.starts_with("19") || w.starts_with("20"))
}

/// The first month of the period a word names, if it names one.
fn period_month(w: &str) -> Option<u32> {
    let w = w.to_lowercase();
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let season = match w.as_str() {
        "winter" => Some(1),
        "spring" => Some(3),
        "summer" => Some(6),
        "autumn" | "fall" => Some(9),
        "q1" => Some(1),
        "q2" => Some(4),
        "q3" => Some(7),
        "q4" => Some(10),
        "h1" => Some(1),
        "h2" => Some(7),
        _ => None,
    };
    season.or_else(|| {
        if w.len() < 3 {
            return None;
        }
        MONTHS
            .iter()
            .position(|m| w.starts_with(m) && (w.len() == 3 || is_month_name(&w)))
            .map(|i| i as u32 + 1)
    })
}

fn is_month_name(w: &str) -> bool {
    [
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "sept",
        "october",
        "november",
        "december",
    ]
    .contains(&w)
}

/// `YYYY-MM-01` when the name gives a year and a period, or a year alone
/// (then January).
pub fn approximate_start(id: &str) -> Option<String> {
    let words = words(id);
    let year = words.iter().find(|w| is_year(w))?;
    let month = words.iter().find_map(|w| period_month(w));
    let numeric_month = words.iter().filter(|w| !is_year(w)).find_map(|w| {
        w.parse::<u32>()
            .ok()
            .filter(|m| (1..=12).contains(m) && w.len() == 2)
    });
    let month = month.or(numeric_month).unwrap_or(1);
    Some(format!("{year}-{month:02}-01"))
}

/// A title from the folder name: words capitalised, a year moved after the
/// period it qualifies ("Spring 2026", "Q1 2026", "Round 2").
pub fn title_from_folder(id: &str) -> String {
    let words = words(id);
    let (years, rest): (Vec<&str>, Vec<&str>) = words.iter().partition(|w| is_year(w));
    let mut out: Vec<String> = rest
        .iter()
        .map(|w| {
            if w.len() == 2
                && w.to_lowercase().starts_with(['q', 'h'])
                && w[1..].parse::<u8>().is_ok()
            {
                w.to_uppercase()
            } else {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                    .unwrap_or_default()
            }
        })
        .collect();
    out.extend(years.iter().map(|y| y.to_string()));
    if out.is_empty() {
        id.to_string()
    } else {
        out.join(" ")
    }
}

/// Compares names with their numbers as numbers: `round-2` < `round-10`.
pub fn natural_order(a: &str, b: &str) -> Ordering {
    fn chunks(s: &str) -> Vec<(bool, String)> {
        let mut out: Vec<(bool, String)> = Vec::new();
        for ch in s.chars() {
            let digit = ch.is_ascii_digit();
            match out.last_mut() {
                Some((d, text)) if *d == digit => text.push(ch),
                _ => out.push((digit, ch.to_string())),
            }
        }
        out
    }
    let (ca, cb) = (chunks(&a.to_lowercase()), chunks(&b.to_lowercase()));
    for (x, y) in ca.iter().zip(&cb) {
        let ord = match (x, y) {
            ((true, p), (true, q)) => {
                let (p, q) = (p.trim_start_matches('0'), q.trim_start_matches('0'));
                p.len().cmp(&q.len()).then_with(|| p.cmp(q))
            }
            ((_, p), (_, q)) => p.cmp(q),
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    ca.len().cmp(&cb.len()).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_read_like_people_write_them() {
        assert_eq!(title_from_folder("2026-spring"), "Spring 2026");
        assert_eq!(title_from_folder("2025_autumn"), "Autumn 2025");
        assert_eq!(title_from_folder("2026-q1"), "Q1 2026");
        assert_eq!(title_from_folder("round-2"), "Round 2");
        assert_eq!(title_from_folder("pilot"), "Pilot");
    }

    #[test]
    fn periods_give_an_approximate_start() {
        assert_eq!(
            approximate_start("2026-spring").as_deref(),
            Some("2026-03-01")
        );
        assert_eq!(
            approximate_start("fall-2025").as_deref(),
            Some("2025-09-01")
        );
        assert_eq!(approximate_start("2026-q3").as_deref(), Some("2026-07-01"));
        assert_eq!(approximate_start("2026-11").as_deref(), Some("2026-11-01"));
        assert_eq!(
            approximate_start("march-2026").as_deref(),
            Some("2026-03-01")
        );
        assert_eq!(approximate_start("2024").as_deref(), Some("2024-01-01"));
        assert_eq!(approximate_start("round-2"), None);
        assert_eq!(
            approximate_start("marketing-2026").as_deref(),
            Some("2026-01-01")
        );
    }

    #[test]
    fn numbers_sort_as_numbers() {
        let mut names = vec!["round-10", "round-2", "Round-1", "pilot"];
        names.sort_by(|a, b| natural_order(a, b));
        assert_eq!(names, ["pilot", "Round-1", "round-2", "round-10"]);
    }
}
