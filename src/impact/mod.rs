//! Is the program working? Check-ins, program metrics and the public impact
//! page.
//!
//! Pairs log their meetings through a check-in form (an ordinary form
//! schema, `data/forms/checkin.toml` by default) that names the pair by a
//! private reference ([`reference::pair_reference`]), never by names. This
//! module reads those check-ins against `data/pairs.csv`, computes the
//! program's figures ([`metrics`]), and hides every figure over too few
//! pairs ([`privacy`]) before anything reaches a page. The coordinator's
//! per-pair view lives in [`crate::report`], which is never published.

pub mod checkins;
pub mod metrics;
pub mod page;
pub mod participation;
pub mod privacy;
pub mod reference;

pub use checkins::CheckIn;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// `[impact]` in `site.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImpactConfig {
    /// The id of the check-in form in `data/forms/`.
    pub checkin_form: String,
    /// A pair that has not met for this many days is stalled.
    pub stalled_after_days: u32,
    /// The day the figures are computed for; the day of the build when
    /// absent.
    pub as_of: Option<toml::value::Datetime>,
}

impl Default for ImpactConfig {
    fn default() -> Self {
        ImpactConfig {
            checkin_form: "checkin".into(),
            stalled_after_days: 30,
            as_of: None,
        }
    }
}

impl ImpactConfig {
    /// `as_of` as a date, or today.
    pub fn as_of_date(&self) -> NaiveDate {
        self.as_of
            .as_ref()
            .and_then(|d| d.date)
            .and_then(|d| NaiveDate::from_ymd_opt(i32::from(d.year), d.month.into(), d.day.into()))
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }
}
