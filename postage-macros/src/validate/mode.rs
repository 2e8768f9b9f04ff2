//! The wave-2 forms of a bounded channel: `unbounded` (mpsc, dispatch) and `lagging`
//! (broadcast), in `channel!` as an argument (`mpsc<T, unbounded>`,
//! `broadcast<T, 16, lagging>`) and in the derive as a flag (`#[channel(mpsc, unbounded)]`).

use proc_macro2::Span;

use super::{Errors, Form};
use crate::kind::{edit_distance, Kind};

/// A wave-2 form of a bounded channel, as written. Neither is available in this version
/// of postage: each is reported as such and the declaration recovers as a standard one.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Mode {
    /// mpsc and dispatch without a capacity: a send would never wait.
    Unbounded,
    /// broadcast overwriting its oldest message instead of waiting.
    Lagging,
}

impl Mode {
    pub(crate) fn word(self) -> &'static str {
        match self {
            Mode::Unbounded => "unbounded",
            Mode::Lagging => "lagging",
        }
    }

    fn lookup(word: &str) -> Option<Mode> {
        match word {
            "unbounded" => Some(Mode::Unbounded),
            "lagging" => Some(Mode::Lagging),
            _ => None,
        }
    }

    /// The mode a misspelt `word` most likely meant.
    pub(crate) fn suggest(word: &str) -> Option<Mode> {
        [Mode::Unbounded, Mode::Lagging]
            .into_iter()
            .find(|mode| edit_distance(&word.to_ascii_lowercase(), mode.word()) <= 2)
    }
}

/// Checks the mode words (`(word, span, misspelt)`, each a known mode; `misspelt` when
/// its spelling was already reported, and then its unavailability is not) of a `kind`
/// channel, and reports each. True when a word was reported in place of the capacity
/// (`unbounded`), so a missing capacity is not reported again.
pub(super) fn check_mode(
    kind: Kind,
    form: Form,
    words: &[(Mode, Span, bool)],
    errors: &mut Errors,
) -> bool {
    let mut seen: Option<Mode> = None;
    let mut capacity_reported = false;
    let name = kind.name();
    let remove = |word: &str| match form {
        Form::Declared => format!("remove `, {word}`"),
        Form::Derived => format!("remove `{word}`"),
    };
    for &(wanted, span, misspelt) in words {
        if let Some(seen) = seen {
            let message = if seen == wanted {
                format!(
                    "`{}` is given twice; {}",
                    wanted.word(),
                    remove(wanted.word())
                )
            } else {
                format!(
                    "a channel is either `unbounded` or `lagging`, not both; {}",
                    remove(wanted.word())
                )
            };
            errors.push(span, message);
            continue;
        }
        seen = Some(wanted);
        match (wanted, kind) {
            (Mode::Unbounded, Kind::Mpsc | Kind::Dispatch) if misspelt => capacity_reported = true,
            (Mode::Lagging, Kind::Broadcast) if misspelt => {}
            (Mode::Unbounded, Kind::Mpsc | Kind::Dispatch) => {
                let example = match form {
                    Form::Declared => format!("`{name}<T, 1024>`"),
                    Form::Derived => format!("`#[channel({name}, capacity = 1024)]`"),
                };
                errors.push(
                    span,
                    format!("unbounded mpsc/dispatch channels are not available in this version of postage; declare a capacity, e.g. {example}"),
                );
                capacity_reported = true;
            }
            (Mode::Lagging, Kind::Broadcast) => errors.push(
                span,
                format!(
                    "a lagging broadcast is not available in this version of postage; a broadcast is lossless: {}",
                    remove("lagging")
                ),
            ),
            (Mode::Unbounded, Kind::Broadcast) => {
                let fix = match form {
                    Form::Declared => "give it a capacity (`broadcast<T, 16>`)",
                    Form::Derived => "give it a capacity (`capacity = 16`)",
                };
                errors.push(
                    span,
                    format!("a `broadcast` channel cannot be unbounded: one slow receiver would make it grow without limit; {fix}"),
                );
                capacity_reported = true;
            }
            (Mode::Unbounded, _) => errors.push(
                span,
                format!(
                    "a `{name}` channel has no capacity ({}), so it cannot be unbounded; {}",
                    kind.why_no_capacity(),
                    remove("unbounded")
                ),
            ),
            (Mode::Lagging, _) => errors.push(
                span,
                format!(
                    "only a `broadcast` channel can lag (overwrite its oldest message when full), not `{name}`; {}",
                    remove("lagging")
                ),
            ),
        }
    }
    capacity_reported
}

/// The mode words of `channel!`: known words as modes; an unknown one reported (with a
/// suggestion, then read as it) and dropped.
pub(super) fn read_words(words: &[syn::Ident], errors: &mut Errors) -> Vec<(Mode, Span, bool)> {
    let mut modes = Vec::new();
    for word in words {
        let text = word.to_string();
        match Mode::lookup(&text) {
            Some(mode) => modes.push((mode, word.span(), false)),
            None => {
                let suggestion = Mode::suggest(&text);
                let hint = suggestion
                    .map(|mode| format!(" (did you mean `{}`?)", mode.word()))
                    .unwrap_or_default();
                errors.push(
                    word.span(),
                    format!("unknown argument `{text}`; after the capacity only `lagging` (broadcast) may follow{hint}"),
                );
                if let Some(mode) = suggestion {
                    modes.push((mode, word.span(), true));
                }
            }
        }
    }
    modes
}
