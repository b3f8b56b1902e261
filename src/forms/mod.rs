//! Survey forms: schemas, rounds, importing tool exports, and the published
//! aggregates with their charts.
//!
//! Data flows one way: `schema` and `round` describe what was asked and when,
//! `import` turns any tool's CSV export into typed [`import::Response`]s whose
//! respondent text is locked in [`import::PrivateText`], and `aggregate` is the
//! only place that turns responses into publishable numbers, applying the
//! privacy thresholds. `trends` follows those published numbers from round to
//! round, and `charts` draws SVG from them only, so nothing either emits can
//! carry a respondent's words.

pub mod aggregate;
pub mod breakdown;
pub mod charts;
pub mod figures;
pub mod import;
pub mod intake;
pub mod matrix;
pub mod round;
pub mod round_name;
pub mod scales;
pub mod schema;
pub mod surveys;
pub mod trends;

pub use aggregate::{
    aggregate_form, format_number, to_csv, FormResults, QuestionResult, Thresholds,
};
pub use charts::{question_chart, trend_chart};
pub use import::{draft_schema, read_export, to_normalised_csv, Answer, ImportReport, Tool};
pub use schema::{load_schema, FormSchema, QuestionKind};
pub use trends::QuestionTrend;
