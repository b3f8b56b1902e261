//! `mentorsite report`: the coordinator's private health report.
//!
//! Where the public impact page shows only group figures, this report
//! names the pairs, mentors and applicants that need the coordinator's
//! attention: pairs that have not met for `[impact] stalled_after_days`,
//! pairs behind their agreed cadence, pairs whose goals show no progress,
//! mentors over or under capacity, and applicants still unmatched, each
//! with the reason and what to do. It is written as `program-report.html`
//! beside `public/`, never into it, and the `.gitignore` that `init`
//! writes keeps it out of git. The terminal summary names pairs only by
//! their line in `data/pairs.csv` and their mentor's slug, never by the
//! mentee's name.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::html::escape;
use crate::impact::metrics::PairEngagement;
use crate::impact::page::engagements;
use crate::pairs::PairStatus;
use crate::site::{self, LoadOptions, Site};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// The report's file, relative to the site root.
pub(crate) const REPORT_HTML: &str = "program-report.html";

/// What needs attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Concern {
    Stalled,
    BehindCadence,
    GoalsWithoutProgress,
    MentorOverCapacity,
    MentorUnderCapacity,
    UnmatchedApplicant,
}

impl Concern {
    pub const ALL: [Concern; 6] = [
        Concern::Stalled,
        Concern::BehindCadence,
        Concern::GoalsWithoutProgress,
        Concern::MentorOverCapacity,
        Concern::MentorUnderCapacity,
        Concern::UnmatchedApplicant,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Concern::Stalled => "Pairs that have not met recently",
            Concern::BehindCadence => "Pairs behind their agreed cadence",
            Concern::GoalsWithoutProgress => "Pairs whose goals show no progress",
            Concern::MentorOverCapacity => "Mentors over capacity",
            Concern::MentorUnderCapacity => "Mentors with no mentee",
            Concern::UnmatchedApplicant => "Applicants still unmatched",
        }
    }

    /// What the guides advise.
    pub fn advice(self) -> &'static str {
        match self {
            Concern::Stalled => "Check in with both, separately: ask what is in the way and help them set the next date. If the pair no longer works, end it kindly and re-match the mentee.",
            Concern::BehindCadence => "Ask whether the agreed cadence still fits their calendars; agree a realistic one and update the agreement, or help them book the next meetings now.",
            Concern::GoalsWithoutProgress => "Review the goals with the pair: are they still wanted, specific and achievable in the time left? Rewrite them or break them into a first step.",
            Concern::MentorOverCapacity => "Move a pair to a mentor with open spots, or raise the capacity in the profile if the mentor agrees.",
            Concern::MentorUnderCapacity => "Offer the mentor's spots in the next matching round, or ask whether they still want to mentor.",
            Concern::UnmatchedApplicant => "Run `mentorsite match` or re-match by hand; if no mentor fits, tell the applicant when the next cohort starts.",
        }
    }
}

/// One pair, mentor or applicant that needs attention.
///
/// Not `Serialize`: `who` holds names.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub concern: Concern,
    /// Names, for the private HTML report only.
    pub who: String,
    /// Where it comes from, without personal data: `data/pairs.csv line 7
    /// (mentor sofia-martinez)`, a profile slug, an application row.
    pub source: String,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct HealthReport {
    pub as_of: NaiveDate,
    pub stalled_after_days: u32,
    pub findings: Vec<Finding>,
}

impl HealthReport {
    pub fn of(&self, concern: Concern) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.concern == concern)
    }
}

fn day(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// The findings about pairs and mentors of `site` as of `as_of`.
pub(crate) fn health_report(site: &Site, as_of: NaiveDate) -> HealthReport {
    let days = site.config.impact.stalled_after_days;
    let engaged = engagements(site, as_of);
    let mut findings = Vec::new();
    for (pair, e) in site.pairs.iter().zip(&engaged) {
        if pair.status != PairStatus::Active || !e.started {
            continue;
        }
        let who = format!("{} and {}", mentor_name(site, &pair.mentor), pair.mentee);
        let source = format!("data/pairs.csv line {} (mentor {})", pair.line, pair.mentor);
        let finding = |concern, reason: String| Finding {
            concern,
            who: who.clone(),
            source: source.clone(),
            reason,
        };
        if e.stalled(days) {
            let reason = match e.last_meeting {
                Some(last) => format!(
                    "last meeting logged on {}, {} days ago",
                    day(last),
                    e.days_since_meeting.unwrap_or(0)
                ),
                None => format!(
                    "no meeting logged since the start on {}, {} days ago",
                    pair.start.map(day).unwrap_or_default(),
                    e.days_since_meeting.unwrap_or(0)
                ),
            };
            findings.push(finding(Concern::Stalled, reason));
        }
        if e.behind_cadence() {
            findings.push(finding(
                Concern::BehindCadence,
                behind_reason(pair.cadence.map_or("", |c| c.as_str()), e),
            ));
        }
        if e.goals > 0 && !e.goals_moved && e.days_running > i64::from(days) {
            findings.push(finding(
                Concern::GoalsWithoutProgress,
                format!(
                    "none of the {} goals reported past \"Not started\" after {} days",
                    e.goals, e.days_running
                ),
            ));
        }
    }
    for (i, mentor) in site.mentors.iter().enumerate() {
        let active = site.active_pairs.get(i).copied().unwrap_or(0);
        let finding = |concern, reason| Finding {
            concern,
            who: mentor.name.clone(),
            source: format!("content/mentors/{}.md", mentor.slug),
            reason,
        };
        if active > mentor.capacity {
            findings.push(finding(
                Concern::MentorOverCapacity,
                format!(
                    "{active} active pairs for a capacity of {}",
                    mentor.capacity
                ),
            ));
        } else if mentor.capacity > 0
            && !site
                .pairs
                .iter()
                .any(|p| p.mentor == mentor.slug && p.status.is_current())
        {
            findings.push(finding(
                Concern::MentorUnderCapacity,
                format!(
                    "no active or proposed pair for a capacity of {}",
                    mentor.capacity
                ),
            ));
        }
    }
    HealthReport {
        as_of,
        stalled_after_days: days,
        findings,
    }
}

fn behind_reason(cadence: &str, e: &PairEngagement) -> String {
    format!(
        "{} logged in {} days; a {cadence} cadence gives {}",
        match e.meetings {
            1 => "1 meeting".to_string(),
            n => format!("{n} meetings"),
        },
        e.days_running,
        e.expected_meetings.unwrap_or(0)
    )
}

fn mentor_name(site: &Site, slug: &str) -> String {
    site.mentors
        .iter()
        .find(|m| m.slug == slug)
        .map_or_else(|| slug.to_string(), |m| m.name.clone())
}

/// Applicants of every `data/applications/*.csv` who are the mentee of no
/// pair, matched by e-mail or name.
fn unmatched_applicants(site: &Site) -> (Vec<Finding>, Vec<Diagnostic>) {
    let (people, problems) = crate::impact::participation::read_applications(site);
    let findings = people
        .into_iter()
        .filter(|p| !p.matched)
        .map(|p| Finding {
            concern: Concern::UnmatchedApplicant,
            who: p.applicant.name,
            source: format!("{} ({})", p.file, p.applicant.id),
            reason: "applied, and is the mentee of no pair in data/pairs.csv".into(),
        })
        .collect();
    (findings, problems)
}

/// The report as a standalone HTML page.
pub(crate) fn report_html(site_title: &str, report: &HealthReport) -> String {
    let mut out = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\">\
         <title>Program health: {title}</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}\
         table{{border-collapse:collapse;width:100%}}th,td{{text-align:left;border-bottom:1px solid #ccc;padding:.3rem .5rem;vertical-align:top}}\
         .advice{{background:#f4f6f8;padding:.5rem 1rem;border-left:4px solid #4a6fa5}}</style></head><body>\n\
         <h1>Program health: {title}</h1>\n<p>Private to the coordinator: it names mentees. Do not publish or commit it. \
         As of {as_of}; a pair is stalled after {days} days without a logged meeting.</p>\n",
        title = escape(site_title),
        as_of = day(report.as_of),
        days = report.stalled_after_days,
    );
    for concern in Concern::ALL {
        let items: Vec<&Finding> = report.of(concern).collect();
        out.push_str(&format!(
            "<section id=\"{:?}\"><h2>{} ({})</h2>\n",
            concern,
            concern.title(),
            items.len()
        ));
        if items.is_empty() {
            out.push_str("<p>None.</p></section>\n");
            continue;
        }
        out.push_str(&format!(
            "<p class=\"advice\">What to do: {}</p>\n",
            escape(concern.advice())
        ));
        out.push_str(
            "<table><thead><tr><th>Who</th><th>Why</th><th>Source</th></tr></thead><tbody>\n",
        );
        for f in items {
            out.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                escape(&f.who),
                escape(&f.reason),
                escape(&f.source)
            ));
        }
        out.push_str("</tbody></table></section>\n");
    }
    out.push_str("</body></html>\n");
    out
}

/// The terminal summary: counts, and each finding by its source, never by
/// a name.
pub fn summary_text(report: &HealthReport) -> String {
    let mut out = format!("Program health as of {}\n", report.as_of);
    for concern in Concern::ALL {
        let items: Vec<&Finding> = report.of(concern).collect();
        out.push_str(&format!("\n{}: {}\n", concern.title(), items.len()));
        for f in items {
            out.push_str(&format!("  {}: {}\n", f.source, f.reason));
        }
    }
    out
}

/// What `mentorsite report` did.
#[derive(Debug)]
pub struct Reported {
    pub report: HealthReport,
    pub html: PathBuf,
    pub warnings: Vec<Diagnostic>,
}

/// Loads the site below `root`, writes `program-report.html` beside it and
/// returns the report.
pub fn report(root: &Path) -> Result<Reported, Vec<Diagnostic>> {
    let (site, mut warnings) = site::load(root, &LoadOptions::default());
    let Some(site) = site else {
        return Err(warnings);
    };
    let mut report = health_report(&site, site.config.impact.as_of_date());
    let (applicants, problems) = unmatched_applicants(&site);
    if problems.has_errors() {
        return Err(problems);
    }
    warnings.extend(problems);
    report.findings.extend(applicants);
    let html = root.join(REPORT_HTML);
    crate::fsutil::write_atomic(&html, report_html(&site.config.title, &report).as_bytes())
        .map_err(|e| vec![Diagnostic::error(&html, format!("{e:#}"))])?;
    Ok(Reported {
        report,
        html,
        warnings,
    })
}
