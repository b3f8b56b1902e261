//! The assignment: every applicant at once, maximising the total score
//! within each mentor's open spots (a min-cost flow).

use super::candidates::{plain, Applicant, MentorCandidate};
use super::config::MatchingConfig;
use super::score::{evaluate, normalize, ApplicantView, Exclusion, Interner, MentorView, Score};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};

/// One proposed pair, by index into the slices given to [`assign`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub applicant: usize,
    pub mentor: usize,
    pub score: Score,
}

/// The result of [`assign`], by index into its input slices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// Ordered by mentor slug, then applicant id.
    pub pairs: Vec<Proposal>,
    /// Applicants left without a mentor and why, ordered by applicant id.
    pub unmatched: Vec<(usize, String)>,
    /// Mentors with spots left after the proposals and how many, by slug.
    pub mentors_with_spots: Vec<(usize, u32)>,
}

impl Assignment {
    /// The sum of the proposed pairs' scores, the number being maximised.
    pub fn total_score(&self) -> i64 {
        self.pairs.iter().map(|p| p.score.total).sum()
    }
}

/// Proposes pairs: the assignment with the highest total score in which no
/// mentor gets more applicants than open spots, no pair breaks a hard
/// constraint or the `excluded` list, and no pair scores below `min_score`.
/// Applicants may stay unmatched; each one that does gets a reason.
///
/// `excluded` holds `(mentor, mentee)` pairs as read by
/// [`parse_excluded_pairs`]: the mentor by slug or name, the applicant by
/// name, e-mail or id, compared ignoring case, accents and spacing.
///
/// Ties: the solver minimises, per pair, `-(score × (n + 1)) - 1` where `n`
/// is the number of applicants. The `- 1` summed over any assignment is less
/// than one point of score, so it only decides between assignments with the
/// same total, in favour of the one with more pairs; anything still tied is
/// settled by the processing order described in the module documentation.
///
/// Cost: scoring all pairs is O(n·m) for n applicants and m mentors; the
/// flow is one shortest-path search per applicant, see
/// `min_cost_assignment`.
pub fn assign(
    applicants: &[Applicant],
    mentors: &[MentorCandidate],
    config: &MatchingConfig,
    excluded: &[(String, String)],
) -> Assignment {
    // Canonical orders make the result independent of the input order.
    let mut a_order: Vec<usize> = (0..applicants.len()).collect();
    a_order.sort_by(|&x, &y| {
        let (p, q) = (&applicants[x], &applicants[y]);
        (&p.id, &p.name, &p.email)
            .cmp(&(&q.id, &q.name, &q.email))
            .then(x.cmp(&y))
    });
    let mut m_order: Vec<usize> = (0..mentors.len()).collect();
    m_order.sort_by(|&x, &y| {
        let (p, q) = (&mentors[x], &mentors[y]);
        (&p.slug, &p.name).cmp(&(&q.slug, &q.name)).then(x.cmp(&y))
    });

    let mut names = Interner::default();
    let m_views: Vec<MentorView> = m_order
        .iter()
        .map(|&j| MentorView::new(&mentors[j], &mut names))
        .collect();
    let a_views: Vec<ApplicantView> = a_order
        .iter()
        .map(|&i| ApplicantView::new(&applicants[i], &mut names))
        .collect();
    let banned = excluded_indices(excluded, applicants, mentors);
    let is_banned = |p: usize, q: usize| banned.contains(&(a_order[p], m_order[q]));

    let scale = applicants.len() as i64 + 1;
    let edges: Vec<Vec<(u32, i64)>> = a_views
        .iter()
        .enumerate()
        .map(|(p, a)| {
            m_views
                .iter()
                .enumerate()
                .filter(|(q, _)| !is_banned(p, *q))
                .filter_map(|(q, m)| match evaluate(a, m, config, None) {
                    Ok(s) if s >= config.min_score => Some((q as u32, -(s * scale) - 1)),
                    _ => None,
                })
                .collect()
        })
        .collect();
    let spots: Vec<u32> = m_views.iter().map(|m| m.mentor.open_spots).collect();
    let chosen = min_cost_assignment(&edges, &spots);

    // Canonical positions sort pairs by mentor slug, then applicant id.
    let mut matched: Vec<(usize, usize)> = chosen
        .iter()
        .enumerate()
        .filter_map(|(p, q)| q.map(|q| (q as usize, p)))
        .collect();
    matched.sort_unstable();
    let mut taken = vec![0u32; m_views.len()];
    let pairs = matched
        .iter()
        .map(|&(q, p)| {
            taken[q] += 1;
            let mut reasons = Vec::new();
            // Cannot fail: the pair was allowed when the edges were built.
            let total = evaluate(&a_views[p], &m_views[q], config, Some(&mut reasons)).unwrap_or(0);
            Proposal {
                applicant: a_order[p],
                mentor: m_order[q],
                score: Score { total, reasons },
            }
        })
        .collect();
    let unmatched = chosen
        .iter()
        .enumerate()
        .filter(|(_, q)| q.is_none())
        .map(|(p, _)| {
            let why = explain_unmatched(p, &a_views, &m_views, config, &is_banned);
            (a_order[p], why)
        })
        .collect();
    let mentors_with_spots = m_views
        .iter()
        .enumerate()
        .filter_map(|(q, m)| {
            let left = m.mentor.open_spots.saturating_sub(taken[q]);
            (left > 0).then_some((m_order[q], left))
        })
        .collect();
    Assignment {
        pairs,
        unmatched,
        mentors_with_spots,
    }
}

/// Normalised slug and name → mentor indices; normalised name, e-mail and
/// id → applicant indices.
type KeyMap = HashMap<String, Vec<usize>>;

pub(super) fn lookup_keys(
    applicants: &[Applicant],
    mentors: &[MentorCandidate],
) -> (KeyMap, KeyMap) {
    let mut mentor_keys: KeyMap = HashMap::new();
    for (j, m) in mentors.iter().enumerate() {
        for key in [&m.slug, &m.name] {
            let key = normalize(key);
            if !key.is_empty() {
                mentor_keys.entry(key).or_default().push(j);
            }
        }
    }
    let mut applicant_keys: KeyMap = HashMap::new();
    for (i, a) in applicants.iter().enumerate() {
        for key in [Some(&a.name), a.email.as_ref(), Some(&a.id)]
            .into_iter()
            .flatten()
        {
            let key = normalize(key);
            if !key.is_empty() {
                applicant_keys.entry(key).or_default().push(i);
            }
        }
    }
    (mentor_keys, applicant_keys)
}

/// The excluded list as `(applicant index, mentor index)` pairs.
fn excluded_indices(
    excluded: &[(String, String)],
    applicants: &[Applicant],
    mentors: &[MentorCandidate],
) -> HashSet<(usize, usize)> {
    let mut banned = HashSet::new();
    if excluded.is_empty() {
        return banned;
    }
    let (mentor_keys, applicant_keys) = lookup_keys(applicants, mentors);
    for (mentor, mentee) in excluded {
        let (Some(ms), Some(as_)) = (
            mentor_keys.get(&normalize(mentor)),
            applicant_keys.get(&normalize(mentee)),
        ) else {
            continue;
        };
        for &i in as_ {
            for &j in ms {
                banned.insert((i, j));
            }
        }
    }
    banned
}

/// Why applicant `p` (canonical position) got no mentor, in the coordinator's
/// terms: the candidates that were possible, and what stood in the way.
fn explain_unmatched(
    p: usize,
    a_views: &[ApplicantView],
    m_views: &[MentorView],
    config: &MatchingConfig,
    is_banned: &dyn Fn(usize, usize) -> bool,
) -> String {
    if m_views.is_empty() {
        return "there are no mentors".to_string();
    }
    let (mut no_spots, mut no_language, mut too_far, mut excluded) = (0, 0, 0, 0);
    let mut below: Vec<(i64, usize)> = Vec::new();
    let mut above: Vec<(i64, usize)> = Vec::new();
    for (q, m) in m_views.iter().enumerate() {
        if is_banned(p, q) {
            excluded += 1;
            continue;
        }
        match evaluate(&a_views[p], m, config, None) {
            Err(Exclusion::NoOpenSpots) => no_spots += 1,
            Err(Exclusion::NoSharedLanguage) => no_language += 1,
            Err(Exclusion::TimezoneGap { .. }) => too_far += 1,
            Ok(s) if s < config.min_score => below.push((s, q)),
            Ok(s) => above.push((s, q)),
        }
    }
    // Best first; equal scores in slug order.
    let best_first = |list: &mut Vec<(i64, usize)>| list.sort_by_key(|&(s, q)| (Reverse(s), q));
    best_first(&mut above);
    best_first(&mut below);
    let name = |q: usize| plain(&m_views[q].mentor.name);
    if !above.is_empty() {
        let listed: Vec<String> = above
            .iter()
            .take(3)
            .map(|&(s, q)| format!("{} {s}", name(q)))
            .collect();
        let more = if above.len() > 3 {
            format!(" and {} more", above.len() - 3)
        } else {
            String::new()
        };
        return format!(
            "possible mentors ({}{more}) are all proposed to others for a higher total score",
            listed.join(", ")
        );
    }
    if let Some(&(s, q)) = below.first() {
        return format!(
            "no mentor reaches the minimum score of {}: the best is {} with {s}",
            config.min_score,
            name(q)
        );
    }
    let mut parts = Vec::new();
    let mut count = |n: usize, one: &str, many: &str| {
        if n > 0 {
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    };
    count(no_language, "shares no language", "share no language");
    let far = format!("more than {} h away", config.max_timezone_gap_hours);
    count(too_far, &format!("is {far}"), &format!("are {far}"));
    count(no_spots, "has no open spots", "have no open spots");
    count(excluded, "is an excluded pair", "are excluded pairs");
    format!("no eligible mentor: {}", parts.join(", "))
}

const INFINITY: i64 = i64::MAX / 4;

/// The minimum-cost assignment of rows (applicants) to columns (mentors)
/// where column `j` takes at most `spots[j]` rows and a row may stay
/// unassigned at cost zero. `edges[i]` lists the allowed `(column, cost)` of
/// row `i`, at most one per column. Returns each row's column.
///
/// A min-cost flow on source → row (capacity 1) → column (capacity 1, the
/// cost) → sink (capacity `spots[j]`), plus a row → sink edge of cost zero
/// for "unmatched", solved by successive shortest paths: rows are added one
/// at a time and each takes the cheapest augmenting path, which may move
/// earlier rows to other columns or leave them unmatched. Dijkstra runs on
/// reduced costs (Johnson potentials), kept non-negative; a new row's
/// potential is raised to make its own edges non-negative, which is safe
/// because nothing leads into it yet. After each row the flow is optimal
/// for the rows so far, so after the last it is optimal for all.
///
/// Each search only reaches the new row, the columns and the rows already
/// assigned, and stops at the sink: O(n · (A·d + m) · log(A + m)) in the
/// worst case for n rows, m columns, A ≤ total spots assigned rows and d
/// allowed columns per row, far less in practice. `pathfinding`'s
/// `kuhn_munkres` needs one column per spot plus one "unmatched" column per
/// row, a dense 2,000 × 3,000 matrix for 2,000 applicants and 1,000 spots,
/// and took about 18 s on it; this takes well under a second.
fn min_cost_assignment(edges: &[Vec<(u32, i64)>], spots: &[u32]) -> Vec<Option<u32>> {
    let n = edges.len();
    let m = spots.len();
    // Nodes: rows 0..n, columns n..n+m, the sink n+m.
    let sink = n + m;
    let mut potential = vec![0i64; n + m + 1];
    let mut column_of: Vec<Option<u32>> = vec![None; n];
    let mut cost_of = vec![0i64; n];
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); m];
    let mut dist = vec![INFINITY; n + m + 1];
    let mut prev = vec![usize::MAX; n + m + 1];
    let mut prev_cost = vec![0i64; n + m + 1];
    let mut done = vec![false; n + m + 1];
    let mut heap: BinaryHeap<Reverse<(i64, usize)>> = BinaryHeap::new();

    for row in 0..n {
        // Make the new row's own edges non-negative under the potentials.
        let mut p = potential[sink];
        for &(j, c) in &edges[row] {
            p = p.max(potential[n + j as usize] - c);
        }
        potential[row] = p;

        dist[row] = 0;
        heap.push(Reverse((0, row)));
        while let Some(Reverse((d, u))) = heap.pop() {
            if done[u] || d > dist[u] {
                continue;
            }
            done[u] = true;
            if u == sink {
                break;
            }
            let mut relax = |v: usize, cost: i64, heap: &mut BinaryHeap<_>| {
                let reduced = cost + potential[u] - potential[v];
                debug_assert!(reduced >= 0, "negative reduced cost {reduced}");
                let nd = d + reduced;
                // Strictly shorter only: the first path found (from the
                // node popped first, so the lowest index) wins ties.
                if nd < dist[v] {
                    dist[v] = nd;
                    prev[v] = u;
                    prev_cost[v] = cost;
                    heap.push(Reverse((nd, v)));
                }
            };
            if u < n {
                // A row: to any other allowed column, or out as unmatched.
                for &(j, c) in &edges[u] {
                    if column_of[u] != Some(j) {
                        relax(n + j as usize, c, &mut heap);
                    }
                }
                relax(sink, 0, &mut heap);
            } else {
                // A column: to the sink if it has room, or back to one of its
                // rows (undoing that row's edge).
                let j = u - n;
                if (members[j].len() as u64) < u64::from(spots[j]) {
                    relax(sink, 0, &mut heap);
                }
                for &r in &members[j] {
                    relax(r, -cost_of[r], &mut heap);
                }
            }
        }
        heap.clear();

        // Walk the path back from the sink and apply it.
        let mut v = sink;
        while v != row {
            let u = prev[v];
            if u < n && v < sink {
                // Row u takes column v.
                column_of[u] = Some((v - n) as u32);
                cost_of[u] = prev_cost[v];
                members[v - n].push(u);
            } else if u < n {
                // Row u goes out unmatched.
                column_of[u] = None;
            } else if v < n {
                // Column u gives row v up (v takes another edge, applied
                // already since the walk goes backwards).
                members[u - n].retain(|&r| r != v);
            }
            v = u;
        }

        // Keep reduced costs non-negative: nodes not settled get the sink's
        // distance, a bound that holds for them too.
        let to_sink = dist[sink];
        for v in 0..=sink {
            potential[v] += dist[v].min(to_sink);
            dist[v] = INFINITY;
            done[v] = false;
        }
    }
    column_of
}
