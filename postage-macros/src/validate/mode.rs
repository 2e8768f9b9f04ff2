//! The wave-2 forms of a bounded channel: `unbounded` (mpsc, dispatch) and `lagging`
//! (broadcast), in `channel!` as an argument (`mpsc<T, unbounded>`,
//! `broadcast<T, 16, lagging>`) and in the derive as a flag (`#[channel(mpsc, unbounded)]`).
//!
//! A declaration whose mode words hold a mistake is reported once per mistake and then
//! recovers as a standard channel: the standard form has every item the other two have
//! (and `CAPACITY` besides), so the code using the channel gives no second error.

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
    /// The mode the words ask for; [`Mode::Standard`] when one of them was reported.
    pub(super) mode: Mode,
    /// Whether a word was reported: the declaration then recovers as a standard channel.
    pub(super) reported: bool,
    /// `unbounded` was accepted: a capacity given as well is a mistake of its own.
    pub(super) forbids_capacity: bool,
    /// A report (or a misspelt `unbounded`) already said what the capacity should be, so a
    /// missing capacity is not reported again.
    pub(super) excuses_capacity: bool,
}

/// Checks the mode words (`(word, span, misspelt)`, each a known mode; `misspelt` when
/// its spelling was already reported, and then nothing else about it is) of a `kind`
/// channel, reporting each mistake once.
pub(super) fn check_mode(
    kind: Kind,
    form: Form,
    words: &[(Mode, Span, bool)],
    errors: &mut Errors,
) -> CheckedMode {
    let mut checked = CheckedMode {
        mode: Mode::Standard,
        reported: false,
        forbids_capacity: false,
        excuses_capacity: false,
    };
    let name = kind.name();
    let remove = |word: &str| match form {
        Form::Declared => format!("remove `, {word}`"),
        Form::Derived => format!("remove `{word}`"),
    };
    let lagging_given = words.iter().any(|&(word, ..)| word == Mode::Lagging);
    let mut seen: Vec<Mode> = Vec::new();
    for &(wanted, span, misspelt) in words {
        if seen.contains(&wanted) {
            errors.push(
                span,
                format!(
                    "`{}` is given twice; {}",
                    wanted.word(),
                    remove(wanted.word())
                ),
            );
            checked.reported = true;
            continue;
        }
        seen.push(wanted);
        if misspelt {
            // Read as the suggestion: a misspelt `unbounded` stands for the capacity.
            checked.reported = true;
            checked.excuses_capacity |= wanted == Mode::Unbounded && kind.is_bounded();
            continue;
        }
        match (wanted, kind) {
            (Mode::Unbounded, Kind::Mpsc | Kind::Dispatch) => {
                checked.mode = Mode::Unbounded;
                checked.forbids_capacity = true;
            }
            (Mode::Lagging, Kind::Broadcast) => checked.mode = Mode::Lagging,
            (Mode::Unbounded, Kind::Broadcast) => {
                let fix = match (form, lagging_given) {
                    (Form::Declared, true) => {
                        "a lagging broadcast has a capacity too: write `broadcast<T, 16, lagging>`"
                    }
                    (Form::Derived, true) => {
                        "a lagging broadcast has a capacity too: write `capacity = 16, lagging`"
                    }
                    (Form::Declared, false) => {
                        "give it a capacity (`broadcast<T, 16>`), or overwrite the oldest message instead of waiting with `broadcast<T, 16, lagging>`"
                    }
                    (Form::Derived, false) => {
                        "give it a capacity (`capacity = 16`), or overwrite the oldest message instead of waiting with `capacity = 16, lagging`"
                    }
                };
                errors.push(
                    span,
                    format!("a `broadcast` channel cannot be unbounded: one slow receiver would make it grow without limit; {fix}"),
                );
                checked.reported = true;
                checked.excuses_capacity = true;
            }
            (Mode::Unbounded, _) => {
                errors.push(
                    span,
                    format!(
                        "a `{name}` channel has no capacity ({}), so it cannot be unbounded; {}",
                        kind.why_no_capacity(),
                        remove("unbounded")
                    ),
                );
                checked.reported = true;
            }
            (Mode::Lagging, _) => {
                let hint = if matches!(kind, Kind::Mpsc | Kind::Dispatch) {
                    " (for sends that never wait, use `unbounded` in place of the capacity)"
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
                checked.reported = true;
            }
            (Mode::Standard, _) => {}
        }
    }
    if checked.reported {
        checked.mode = Mode::Standard;
    }
    checked
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
