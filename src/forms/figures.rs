//! How a published figure is written for people: one rounding rule for every
//! headline, chart, table and trend, so "NPS +47" never sits above a chart
//! that says "+46.7".
//!
//! Shares (percentages) and Net Promoter Scores are whole numbers; averages,
//! medians and quartiles have one decimal. The open data (JSON, CSV) keeps
//! the stored precision: these functions are for text people read. Themes
//! reach the same rule through the Tera filters `percent`, `average`,
//! `figure` and `change`, registered in `render::templates`.

use std::collections::HashMap;

/// Rounds half away from zero to `decimals`, never giving "-0".
fn rounded(v: f64, decimals: usize) -> String {
    let f = 10f64.powi(decimals as i32);
    let r = (v * f).round() / f;
    let r = if r == 0.0 { 0.0 } else { r };
    format!("{r:.decimals$}")
}

/// A share in percent, as a whole number with its sign: `47%`.
pub fn percent(v: f64) -> String {
    format!("{}%", rounded(v, 0))
}

/// A Net Promoter Score, whole and signed: `+47`, `0`, `-12`.
pub fn score(v: f64) -> String {
    signed(&rounded(v, 0))
}

/// An average, median or quartile, with one decimal: `3.8`.
pub fn average(v: f64) -> String {
    rounded(v, 1)
}

/// A figure of a trend by its metric (`share`, `nps` or `mean`), with its
/// unit.
pub fn by_metric(metric: &str, v: f64) -> String {
    match metric {
        "share" => percent(v),
        "nps" => score(v),
        _ => average(v),
    }
}

/// A change between rounds by its metric, always signed: `+5 points`
/// reads as `+5` for shares and scores, `+0.3` for averages.
pub fn change(metric: &str, v: f64) -> String {
    let digits = match metric {
        "share" | "nps" => rounded(v, 0),
        _ => rounded(v, 1),
    };
    signed(&digits)
}

fn signed(digits: &str) -> String {
    if digits.starts_with('-') || digits.chars().all(|c| c == '0' || c == '.') {
        digits.to_string()
    } else {
        format!("+{digits}")
    }
}

fn number(value: &tera::Value, filter: &str) -> tera::Result<f64> {
    value
        .as_f64()
        .ok_or_else(|| tera::Error::msg(format!("the `{filter}` filter needs a number")))
}

fn metric(args: &HashMap<String, tera::Value>, filter: &str) -> tera::Result<String> {
    args.get("metric")
        .and_then(|m| m.as_str())
        .map(str::to_string)
        .ok_or_else(|| {
            tera::Error::msg(format!(
                "the `{filter}` filter needs metric=\"share\", \"nps\" or \"mean\""
            ))
        })
}

/// Registers `percent`, `average`, `figure(metric=…)` and `change(metric=…)`.
pub fn register_filters(tera: &mut tera::Tera) {
    tera.register_filter(
        "percent",
        |v: &tera::Value, _: &HashMap<String, tera::Value>| {
            Ok(tera::Value::String(percent(number(v, "percent")?)))
        },
    );
    tera.register_filter(
        "average",
        |v: &tera::Value, _: &HashMap<String, tera::Value>| {
            Ok(tera::Value::String(average(number(v, "average")?)))
        },
    );
    tera.register_filter(
        "figure",
        |v: &tera::Value, args: &HashMap<String, tera::Value>| {
            Ok(tera::Value::String(by_metric(
                &metric(args, "figure")?,
                number(v, "figure")?,
            )))
        },
    );
    tera.register_filter(
        "change",
        |v: &tera::Value, args: &HashMap<String, tera::Value>| {
            Ok(tera::Value::String(change(
                &metric(args, "change")?,
                number(v, "change")?,
            )))
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_and_scores_are_whole_averages_have_one_decimal() {
        assert_eq!(percent(46.7), "47%");
        assert_eq!(percent(16.65), "17%");
        assert_eq!(percent(0.2), "0%");
        assert_eq!(score(46.7), "+47");
        assert_eq!(score(-0.3), "0");
        assert_eq!(score(-12.5), "-13");
        assert_eq!(average(3.64), "3.6");
        assert_eq!(average(4.0), "4.0");
        assert_eq!(by_metric("share", 66.67), "67%");
        assert_eq!(by_metric("mean", 3.83), "3.8");
    }

    #[test]
    fn changes_are_signed_by_their_metric() {
        assert_eq!(change("share", 4.6), "+5");
        assert_eq!(change("nps", -7.2), "-7");
        assert_eq!(change("mean", 0.25), "+0.3");
        assert_eq!(change("mean", 0.04), "0.0");
    }

    #[test]
    fn filters_apply_the_same_rule_in_templates() {
        let mut tera = tera::Tera::default();
        register_filters(&mut tera);
        tera.add_raw_template(
            "t",
            "{{ 46.7 | percent }} {{ 3.64 | average }} {{ 46.7 | figure(metric=\"nps\") }} {{ 0.26 | change(metric=\"mean\") }}",
        )
        .expect("parses");
        let out = tera.render("t", &tera::Context::new()).expect("renders");
        assert_eq!(out, "47% 3.6 +47 +0.3");
    }
}
