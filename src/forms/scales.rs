//! The answer scales form tools offer, in their usual wordings.
//!
//! Qualtrics, SurveyMonkey, Microsoft Forms, Google Forms and Typeform
//! export a rating as the words the respondent saw ("Somewhat satisfied",
//! "Neither agree nor disagree"). A `scale` or `likert` question with five
//! or seven points reads every standard wording of that many points without
//! configuration: each word maps to its point, lowest first. Within one
//! number of points no word names two different points.

/// Standard scales by number of points: each is a list of points, each
/// point the words tools use for it.
const FIVE: &[[&[&str]; 5]] = &[
    // Agreement.
    [
        &["Strongly disagree"],
        &["Disagree", "Somewhat disagree"],
        &[
            "Neither agree nor disagree",
            "Neither agree or disagree",
            "Neutral",
            "Neither",
            "Undecided",
        ],
        &["Agree", "Somewhat agree"],
        &["Strongly agree"],
    ],
    // Satisfaction.
    [
        &["Very dissatisfied", "Extremely dissatisfied"],
        &["Dissatisfied", "Somewhat dissatisfied"],
        &[
            "Neither satisfied nor dissatisfied",
            "Neither satisfied or dissatisfied",
        ],
        &["Satisfied", "Somewhat satisfied"],
        &["Very satisfied", "Extremely satisfied"],
    ],
    // Likelihood.
    [
        &["Very unlikely", "Extremely unlikely"],
        &["Unlikely", "Somewhat unlikely"],
        &["Neither likely nor unlikely", "Neither likely or unlikely"],
        &["Likely", "Somewhat likely"],
        &["Very likely", "Extremely likely"],
    ],
    // Frequency.
    [
        &["Never"],
        &["Rarely", "Seldom"],
        &["Sometimes", "About half the time", "Occasionally"],
        &["Often", "Most of the time", "Usually", "Frequently"],
        &["Always", "Very often"],
    ],
    // Quality.
    [
        &["Poor", "Very poor"],
        &["Fair", "Below average"],
        &["Good", "Average"],
        &["Very good", "Above average"],
        &["Excellent"],
    ],
    // Importance.
    [
        &["Not at all important", "Not important"],
        &["Slightly important"],
        &["Moderately important"],
        &["Very important"],
        &["Extremely important"],
    ],
    // Usefulness.
    [
        &["Not at all useful", "Not useful"],
        &["Slightly useful"],
        &["Moderately useful", "Somewhat useful"],
        &["Very useful"],
        &["Extremely useful"],
    ],
];

const SEVEN: &[[&[&str]; 7]] = &[
    // Agreement.
    [
        &["Strongly disagree"],
        &["Disagree"],
        &["Somewhat disagree", "Slightly disagree"],
        &[
            "Neither agree nor disagree",
            "Neither agree or disagree",
            "Neutral",
        ],
        &["Somewhat agree", "Slightly agree"],
        &["Agree"],
        &["Strongly agree"],
    ],
    // Satisfaction.
    [
        &["Extremely dissatisfied", "Very dissatisfied"],
        &["Moderately dissatisfied", "Dissatisfied"],
        &["Slightly dissatisfied", "Somewhat dissatisfied"],
        &[
            "Neither satisfied nor dissatisfied",
            "Neither satisfied or dissatisfied",
        ],
        &["Slightly satisfied", "Somewhat satisfied"],
        &["Moderately satisfied", "Satisfied"],
        &["Extremely satisfied", "Very satisfied"],
    ],
    // Likelihood.
    [
        &["Extremely unlikely", "Very unlikely"],
        &["Moderately unlikely", "Unlikely"],
        &["Slightly unlikely", "Somewhat unlikely"],
        &["Neither likely nor unlikely", "Neither likely or unlikely"],
        &["Slightly likely", "Somewhat likely"],
        &["Moderately likely", "Likely"],
        &["Extremely likely", "Very likely"],
    ],
];

/// The standard scales of `points` points: each a list of points, each
/// point the words tools use for it.
fn scales(points: usize) -> Vec<Vec<&'static [&'static str]>> {
    match points {
        5 => FIVE.iter().map(|s| s.to_vec()).collect(),
        7 => SEVEN.iter().map(|s| s.to_vec()).collect(),
        _ => Vec::new(),
    }
}

/// Every standard word of a scale with `points` points, with its point
/// (0 for the lowest).
pub fn words(points: usize) -> Vec<(&'static str, usize)> {
    scales(points)
        .into_iter()
        .flat_map(|scale| {
            scale
                .into_iter()
                .enumerate()
                .flat_map(|(point, words)| words.iter().map(move |w| (*w, point)))
        })
        .collect()
}

/// The standard scale of `points` points that has a word for every one of
/// `answers` (compared by `same`): its first wording of each point, lowest
/// first.
pub fn scale_taking(
    points: usize,
    answers: &[&str],
    same: impl Fn(&str, &str) -> bool,
) -> Option<Vec<&'static str>> {
    scales(points)
        .into_iter()
        .find(|scale| {
            answers
                .iter()
                .all(|a| scale.iter().any(|point| point.iter().any(|w| same(w, a))))
        })
        .map(|scale| scale.iter().map(|point| point[0]).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn no_word_names_two_points() {
        for points in [5, 7] {
            let mut seen: HashMap<String, usize> = HashMap::new();
            for (word, point) in words(points) {
                let earlier = seen.insert(word.to_lowercase(), point);
                assert!(
                    earlier.is_none_or(|p| p == point),
                    "{points} points: {word} is {earlier:?} and {point}"
                );
            }
        }
    }
}
