//! Pairs the figures of a sentence with its dates or periods: "respectively" lists in order
//! ("$328.0 million and $322.8 million as of June 30, 2023 and December 31, 2022, respectively"),
//! one date for all ("$334.6 million as of July 31, 2023, of which $170.6 million ..."), or, when
//! the counts differ, the nearest anchor before each figure (else the first after it).

/// For each item position, the index of its anchor (`None` when there are no anchors).
pub fn pair(items: &[usize], anchors: &[usize]) -> Vec<Option<usize>> {
    if anchors.is_empty() {
        return vec![None; items.len()];
    }
    if anchors.len() == 1 {
        return vec![Some(0); items.len()];
    }
    if anchors.len() == items.len() {
        return (0..items.len()).map(Some).collect();
    }
    items
        .iter()
        .map(|&pos| {
            let before = anchors.iter().rposition(|&a| a <= pos);
            Some(before.unwrap_or(0))
        })
        .collect()
}

/// As [`pair`], but a "respectively" sentence with more figures than anchors pairs them in
/// groups, each group in the anchors' order: "contract assets were $11.2 billion and $10.5
/// billion, and contract liabilities were $8.1 billion and $7.4 billion, at December 31, 2023 and
/// 2022, respectively".
pub fn pair_respectively(items: &[usize], anchors: &[usize]) -> Vec<Option<usize>> {
    let n = anchors.len();
    if n >= 2 && items.len() > n && items.len() % n == 0 {
        return (0..items.len()).map(|i| Some(i % n)).collect();
    }
    pair(items, anchors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn respectively_lists_pair_in_order() {
        // "$328.0 million and $322.8 million as of June 30, 2023 and December 31, 2022, respectively"
        assert_eq!(pair(&[10, 30], &[50, 70]), vec![Some(0), Some(1)]);
    }

    #[test]
    fn respectively_groups_pair_in_order() {
        assert_eq!(
            pair_respectively(&[10, 20, 30, 40], &[50, 60]),
            vec![Some(0), Some(1), Some(0), Some(1)]
        );
        // Not a whole number of groups: the nearest anchor before.
        assert_eq!(
            pair_respectively(&[20, 40, 60], &[5, 70]),
            pair(&[20, 40, 60], &[5, 70])
        );
    }

    #[test]
    fn one_anchor_serves_all() {
        assert_eq!(pair(&[10, 30, 50], &[5]), vec![Some(0), Some(0), Some(0)]);
        assert_eq!(pair(&[10], &[]), vec![None]);
    }

    #[test]
    fn mismatched_counts_take_the_nearest_before() {
        // "At June 30, 2023, RPO were $867 million, of which $500 million ... ($840 million at December 31, 2022)"
        assert_eq!(pair(&[20, 40, 60], &[5, 70]), vec![Some(0), Some(0), Some(0)]);
        assert_eq!(pair(&[20, 40, 80], &[5, 70]), vec![Some(0), Some(0), Some(1)]);
    }
}
