//! The rule that decides which groups of a breakdown are shown.
//!
//! Results by group publish each shown group's figures beside the whole
//! program's. Anyone can subtract the shown groups from the whole program,
//! so hiding a small group is only worth something when what the subtraction
//! leaves still protects it. The rule, applied to one list of counts (people
//! per group, or people per group who answered one question):
//!
//! 1. a group with fewer than `min_group_size` people is hidden;
//! 2. complementary suppression: while the hidden groups hold people but
//!    together fewer than `min_group_size`, or the people they hold all sit
//!    in one group (the whole program minus the shown groups would then be
//!    that one group's figures), the smallest shown group is hidden too;
//! 3. groups with nobody in them hold nobody's answers: they are hidden
//!    (a count of 0 is a count under the threshold) but never need another
//!    group hidden to cover them.
//!
//! The result is minimal: no group is hidden without one of these reasons
//! (`tests.rs` proves both sides with a solver that subtracts).

/// Why a group, or one group's figures for one question, is not shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    /// Fewer people than the threshold.
    Small,
    /// Hidden so that a smaller hidden group cannot be worked out by
    /// subtraction.
    Complement,
}

/// Applies the rule to `counts`, starting from `already` (groups hidden for
/// a reason decided elsewhere, e.g. a whole group when the counts are one
/// question's). Returns one entry per group: `None` when shown.
pub fn suppress(counts: &[usize], already: &[Option<Hidden>], k: usize) -> Vec<Option<Hidden>> {
    let mut hidden: Vec<Option<Hidden>> = counts
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            already
                .get(i)
                .copied()
                .flatten()
                .or((c < k).then_some(Hidden::Small))
        })
        .collect();
    loop {
        let (total, holding) = hidden_people(counts, &hidden);
        if holding == 0 || (total >= k && holding >= 2) {
            return hidden;
        }
        // The smallest shown group, the earliest on a tie.
        let next = (0..counts.len())
            .filter(|&i| hidden[i].is_none())
            .min_by_key(|&i| (counts[i], i));
        match next {
            Some(i) => hidden[i] = Some(Hidden::Complement),
            None => return hidden,
        }
    }
}

/// People in hidden groups, and how many hidden groups hold anyone.
pub fn hidden_people(counts: &[usize], hidden: &[Option<Hidden>]) -> (usize, usize) {
    counts
        .iter()
        .zip(hidden)
        .filter(|(_, h)| h.is_some())
        .fold((0, 0), |(total, holding), (&c, _)| {
            (total + c, holding + usize::from(c > 0))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(counts: &[usize]) -> Vec<bool> {
        suppress(counts, &[], 5)
            .iter()
            .map(Option::is_none)
            .collect()
    }

    #[test]
    fn the_issues_examples() {
        // 12, 6, 4: the 4 is hidden, and the 6 with it.
        assert_eq!(shown(&[12, 6, 4]), [true, false, false]);
        // 12, 12, 4, 3: the 4 and 3 together reach 7, both 12s are shown.
        assert_eq!(shown(&[12, 12, 4, 3]), [true, true, false, false]);
        // Nothing small, nothing hidden.
        assert_eq!(shown(&[12, 6, 5]), [true, true, true]);
    }

    #[test]
    fn two_groups_with_one_small_hide_both() {
        assert_eq!(shown(&[20, 3]), [false, false]);
    }

    #[test]
    fn empty_groups_are_hidden_but_need_no_cover() {
        assert_eq!(shown(&[12, 6, 0]), [true, true, false]);
    }

    #[test]
    fn one_group_holding_all_hidden_people_is_not_enough() {
        // The 6 was hidden to cover a group whose people all skipped this
        // question: the remainder would be the 6's own figures.
        let already = [None, None, Some(Hidden::Complement), Some(Hidden::Small)];
        let h = suppress(&[12, 9, 6, 0], &already, 5);
        assert_eq!(
            h,
            [
                None,
                Some(Hidden::Complement),
                Some(Hidden::Complement),
                Some(Hidden::Small)
            ]
        );
    }

    #[test]
    fn reasons_are_kept() {
        let h = suppress(&[12, 6, 4], &[], 5);
        assert_eq!(h, [None, Some(Hidden::Complement), Some(Hidden::Small)]);
    }
}
