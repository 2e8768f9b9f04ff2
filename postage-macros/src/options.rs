//! The options of `#[channel(kind, options..)]`, and the suggestion for a misspelt one.

use crate::kind::edit_distance;

/// One option of the derive form.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum OptionKey {
    Capacity,
    Init,
    Name,
    Crate,
    /// A flag: `#[channel(mpsc, unbounded)]`.
    Unbounded,
    /// A flag: `#[channel(broadcast, capacity = 16, lagging)]`.
    Lagging,
}

impl OptionKey {
    const ALL: [OptionKey; 6] = [
        OptionKey::Capacity,
        OptionKey::Init,
        OptionKey::Name,
        OptionKey::Crate,
        OptionKey::Unbounded,
        OptionKey::Lagging,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            OptionKey::Capacity => "capacity",
            OptionKey::Init => "init",
            OptionKey::Name => "name",
            OptionKey::Crate => "crate",
            OptionKey::Unbounded => "unbounded",
            OptionKey::Lagging => "lagging",
        }
    }

    /// A flag is a bare word; the other options are `key = value`.
    pub(crate) fn is_flag(self) -> bool {
        matches!(self, OptionKey::Unbounded | OptionKey::Lagging)
    }

    pub(crate) fn lookup(word: &str) -> Option<OptionKey> {
        OptionKey::ALL.into_iter().find(|key| key.name() == word)
    }

    /// The option a misspelt or abbreviated `word` most likely meant: a close spelling
    /// (`capcity`), an abbreviation or extension (`cap`, `initial`), or a word other
    /// channel crates use for it (`size`, `bound`, `default`).
    pub(crate) fn suggest(word: &str) -> Option<OptionKey> {
        let word = word.to_ascii_lowercase();
        let alias = match word.as_str() {
            "size" | "len" | "length" | "bound" | "buffer" | "limit" => Some(OptionKey::Capacity),
            "value" | "default" | "initial_value" | "start" => Some(OptionKey::Init),
            "unlimited" | "infinite" => Some(OptionKey::Unbounded),
            "lossy" | "overwrite" | "lag" => Some(OptionKey::Lagging),
            _ => None,
        };
        alias.or_else(|| {
            OptionKey::ALL
                .into_iter()
                .filter(|key| {
                    let name = key.name();
                    let affix =
                        word.len() >= 3 && (name.starts_with(&word) || word.starts_with(name));
                    affix || edit_distance(&word, name) <= 2.min(name.len() / 2)
                })
                .min_by_key(|key| edit_distance(&word, key.name()))
        })
    }

    /// Every option, as the messages list them.
    pub(crate) fn listing() -> &'static str {
        "`capacity = ..`, `init = ..`, `name = ..`, `crate = ..`, `unbounded` or `lagging`"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestion_finds_misspellings_abbreviations_and_synonyms() {
        assert_eq!(OptionKey::suggest("capcity"), Some(OptionKey::Capacity));
        assert_eq!(OptionKey::suggest("capacty"), Some(OptionKey::Capacity));
        assert_eq!(OptionKey::suggest("cap"), Some(OptionKey::Capacity));
        assert_eq!(OptionKey::suggest("size"), Some(OptionKey::Capacity));
        assert_eq!(OptionKey::suggest("initial"), Some(OptionKey::Init));
        assert_eq!(OptionKey::suggest("nme"), Some(OptionKey::Name));
        assert_eq!(OptionKey::suggest("krate"), Some(OptionKey::Crate));
        assert_eq!(OptionKey::suggest("unbouned"), Some(OptionKey::Unbounded));
        assert_eq!(OptionKey::suggest("laging"), Some(OptionKey::Lagging));
        assert_eq!(OptionKey::suggest("colour"), None);
        assert_eq!(OptionKey::suggest("ca"), None);
    }
}
