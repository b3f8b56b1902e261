//! Who is matched: mentors as matching sees them, and applicants.

use std::fmt;

/// A mentor as matching sees them: the matching fields of a published
/// profile, and how many more mentees they can take.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MentorCandidate {
    /// The profile's slug, written to the `mentor` column of the proposals.
    pub slug: String,
    pub name: String,
    pub skills: Vec<String>,
    pub industries: Vec<String>,
    /// Track ids declared in `site.toml` `[tracks]`.
    pub tracks: Vec<String>,
    pub languages: Vec<String>,
    /// An IANA name such as `Europe/Berlin`.
    pub timezone: Option<String>,
    pub meeting_formats: Vec<String>,
    pub years_experience: Option<u32>,
    /// Capacity minus active pairs.
    pub open_spots: u32,
}

/// One application to be matched, from a form response.
///
/// Not `Serialize` and its `Debug` hides the e-mail: it holds personal data.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Applicant {
    /// A stable id for the response, such as `row 7` or a hash of the
    /// e-mail. It orders applicants (see the module documentation) and
    /// identifies them in an excluded-pairs file; it is never printed beyond
    /// what the coordinator already has.
    pub id: String,
    pub name: String,
    /// Written to the proposals' `mentee_email` column, nowhere else.
    pub email: Option<String>,
    pub skills: Vec<String>,
    pub industries: Vec<String>,
    /// A track id declared in `site.toml` `[tracks]`.
    pub track: Option<String>,
    pub languages: Vec<String>,
    /// An IANA name such as `America/Toronto`.
    pub timezone: Option<String>,
    /// Meeting formats the applicant can do, such as `video`, `in-person`.
    pub formats: Vec<String>,
    /// Mentors the applicant would like, best first, by slug or by name.
    pub ranked_mentors: Vec<String>,
    /// The applicant's goals, copied to the proposals' `goals` column.
    pub goals: Vec<String>,
}

impl fmt::Debug for Applicant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Applicant")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("email", &self.email.as_ref().map(|_| "<hidden>"))
            .field("skills", &self.skills)
            .field("industries", &self.industries)
            .field("track", &self.track)
            .field("languages", &self.languages)
            .field("timezone", &self.timezone)
            .field("formats", &self.formats)
            .field("ranked_mentors", &self.ranked_mentors)
            .field("goals", &self.goals)
            .finish()
    }
}

/// User text made safe for a terminal: control characters (which could
/// move the cursor or recolour the screen) become spaces.
pub(super) fn plain(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}
