//! The wave-2 forms of a bounded channel: `unbounded` (mpsc, dispatch) and `lagging`
//! (broadcast), in `channel!` as an argument (`mpsc<T, unbounded>`,
//! `broadcast<T, 16, lagging>`) and in the derive as a flag (`#[channel(mpsc, unbounded)]`).

use proc_macro2::Span;

use super::{Errors, Form};
use crate::kind::{edit_distance, Kind};

/// How a channel buffers.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Mode {
    /// As the kind always does: bounded with a capacity (mpsc, broadcast, dispatch), or
    /// with no capacity at all (watch, oneshot, barrier).
    Standard,
    /// mpsc and dispatch without a capacity: a send never waits.
    Unbounded,
    /// broadcast overwriting its oldest message instead of waiting.
    Lagging,
}

impl Mode {
    pub(crate) fn word(self) -> &'static str {
        match self {
            Mode::Standard => "",
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

/// The outcome of the mode words of one declaration.
pub(super) struct CheckedMode {
    pub(super) mode: Mode,
    /// A rejected `unbounded` on a broadcast already told the user to give a capacity: a
    /// missing capacity is not reported again.
    pub(super) capacity_reported: bool,
}

/// Checks the mode words (`(word, span)`, each a known mode) of a `kind` channel.
pub(super) fn check_mode(
    kind: Kind,
    form: Form,
    words: &[(Mode, Span)],
    errors: &mut Errors,
) -> CheckedMode {
    let mut checked = CheckedMode {
        mode: Mode::Standard,
        capacity_reported: false,
    };
    let name = kind.name();
    let remove = |word: &str| match form {
        Form::Declared => format!("remove `, {word}`"),
        Form::Derived => format!("remove `{word}`"),
    };
    for &(wanted, span) in words {
        if checked.mode != Mode::Standard {
            let message = if checked.mode == wanted {
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
        match (wanted, kind) {
            (Mode::Unbounded, Kind::Mpsc | Kind::Dispatch) | (Mode::Lagging, Kind::Broadcast) => {
                checked.mode = wanted;
            }
            (Mode::Unbounded, Kind::Broadcast) => {
                let fix = match form {
                    Form::Declared => "give it a capacity (`broadcast<T, 16>`), and add `lagging` (`broadcast<T, 16, lagging>`) to overwrite the oldest message instead of waiting",
                    Form::Derived => "give it a capacity (`capacity = 16`), and add `lagging` to overwrite the oldest message instead of waiting",
                };
                errors.push(
                    span,
                    format!("a `broadcast` channel cannot be unbounded: one slow receiver would make it grow without limit; {fix}"),
                );
                checked.capacity_reported = true;
            }
            (Mode::Unbounded, _) => errors.push(
                span,
                format!(
                    "a `{name}` channel has no capacity ({}), so it cannot be unbounded; {}",
                    kind.why_no_capacity(),
                    remove("unbounded")
                ),
            ),
            (Mode::Lagging, _) => {
                let hint = if matches!(kind, Kind::Mpsc | Kind::Dispatch) {
                    " (for a queue whose sends never wait, use `unbounded`)"
                } else {
                    ""
                };
                errors.push(
                    span,
                    format!(
                        "only a `broadcast` channel can lag (overwrite its oldest message when full), not `{name}`; {}{hint}",
                        remove("lagging")
                    ),
                );
            }
            (Mode::Standard, _) => {}
        }
    }
    checked
}

/// The mode words of `channel!`: known words as modes; an unknown one reported (with a
/// suggestion, then read as it) and dropped.
pub(super) fn read_words(words: &[syn::Ident], errors: &mut Errors) -> Vec<(Mode, Span)> {
    let mut modes = Vec::new();
    for word in words {
        let text = word.to_string();
        match Mode::lookup(&text) {
            Some(mode) => modes.push((mode, word.span())),
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
                    modes.push((mode, word.span()));
                }
            }
        }
    }
    modes
}
