//! The six channel kinds, and the suggestion for a misspelt one.

/// The six channel kinds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    Mpsc,
    Broadcast,
    Dispatch,
    Watch,
    Oneshot,
    Barrier,
}

impl Kind {
    const ALL: [Kind; 6] = [
        Kind::Mpsc,
        Kind::Broadcast,
        Kind::Dispatch,
        Kind::Watch,
        Kind::Oneshot,
        Kind::Barrier,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Mpsc => "mpsc",
            Kind::Broadcast => "broadcast",
            Kind::Dispatch => "dispatch",
            Kind::Watch => "watch",
            Kind::Oneshot => "oneshot",
            Kind::Barrier => "barrier",
        }
    }

    /// Bounded kinds take a capacity.
    pub(crate) fn is_bounded(self) -> bool {
        matches!(self, Kind::Mpsc | Kind::Broadcast | Kind::Dispatch)
    }

    pub(crate) fn why_no_capacity(self) -> &'static str {
        match self {
            Kind::Watch => "a watch holds only the latest value",
            Kind::Oneshot => "it carries a single value",
            _ => "it carries no data",
        }
    }

    pub(crate) fn lookup(word: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.name() == word)
    }

    /// The kind a misspelt `word` most likely meant.
    pub(crate) fn suggest(word: &str) -> Option<Kind> {
        let lower = word.to_ascii_lowercase();
        Kind::ALL
            .into_iter()
            .map(|kind| (edit_distance(&lower, kind.name()), kind))
            .filter(|&(distance, kind)| distance <= 2.max(kind.name().len() / 3))
            .min_by_key(|&(distance, _)| distance)
            .map(|(_, kind)| kind)
    }
}

pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestion_finds_the_nearest_kind() {
        assert_eq!(Kind::suggest("brodcast"), Some(Kind::Broadcast));
        assert_eq!(Kind::suggest("mspc"), Some(Kind::Mpsc));
        assert_eq!(Kind::suggest("Watch"), Some(Kind::Watch));
        assert_eq!(Kind::suggest("oneshto"), Some(Kind::Oneshot));
        assert_eq!(Kind::suggest("queue"), None);
    }
}
