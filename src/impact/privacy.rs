//! Which groups' figures may be published: the privacy rules applied to
//! groups of pairs.
//!
//! A figure over fewer than `min_group_size` pairs is hidden, and when
//! sibling groups (the cohorts, or the tracks) partition a published total,
//! further groups are hidden, smallest first, until the hidden ones
//! together reach `min_group_size`, so no hidden group can be recovered by
//! subtracting the published ones from the total. Results by group in
//! `forms::aggregate` apply the same rule to survey answers; the two could
//! share one helper.

/// For each group size, whether its figure must be hidden. Groups of size
/// zero have no figure and take no part.
pub fn hidden_groups(sizes: &[usize], min_group_size: usize) -> Vec<bool> {
    let mut hidden: Vec<bool> = sizes.iter().map(|&n| n > 0 && n < min_group_size).collect();
    loop {
        let hidden_total: usize = sizes
            .iter()
            .zip(&hidden)
            .filter(|(_, &h)| h)
            .map(|(n, _)| n)
            .sum();
        if hidden_total == 0 || hidden_total >= min_group_size {
            return hidden;
        }
        let next = sizes
            .iter()
            .enumerate()
            .filter(|&(i, &n)| n > 0 && !hidden[i])
            .min_by_key(|&(i, &n)| (n, i))
            .map(|(i, _)| i);
        match next {
            Some(i) => hidden[i] = true,
            None => return hidden,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_under_the_threshold_are_hidden() {
        assert_eq!(
            hidden_groups(&[7, 2, 9, 4], 5),
            vec![false, true, false, true]
        );
    }

    #[test]
    fn one_small_group_takes_the_next_smallest_with_it() {
        assert_eq!(
            hidden_groups(&[7, 2, 9, 6], 5),
            vec![false, true, false, true]
        );
    }

    #[test]
    fn hiding_continues_until_the_hidden_reach_the_threshold() {
        assert_eq!(
            hidden_groups(&[1, 1, 1, 20], 5),
            vec![true, true, true, true]
        );
        assert_eq!(
            hidden_groups(&[1, 5, 5, 20], 5),
            vec![true, true, false, false]
        );
    }

    #[test]
    fn nothing_is_hidden_when_all_groups_are_large_and_empty_groups_take_no_part() {
        assert_eq!(hidden_groups(&[5, 8, 0], 5), vec![false, false, false]);
    }
}
