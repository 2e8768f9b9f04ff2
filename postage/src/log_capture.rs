//! A `log::Log` for unit tests that keeps every record, so a test can assert exactly what
//! was logged.
//!
//! Tests run in parallel and the logger is global, so each test logs under its own label and
//! reads back only the records whose message starts with it.

use std::sync::{Mutex, Once};

struct Capture {
    lines: Mutex<Vec<String>>,
}

static CAPTURE: Capture = Capture {
    lines: Mutex::new(Vec::new()),
};

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        let line = format!("{} {} {}", record.level(), record.target(), record.args());
        self.lines.lock().unwrap().push(line);
    }

    fn flush(&self) {}
}

/// Installs the capturing logger (once per test binary) with every level enabled.
pub(crate) fn install() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        log::set_logger(&CAPTURE).expect("no other logger is installed in unit tests");
        log::set_max_level(log::LevelFilter::Trace);
    });
}

/// Every captured record whose message starts with `label`, as `"LEVEL target message"`.
pub(crate) fn lines_labelled(label: &str) -> Vec<String> {
    CAPTURE
        .lines
        .lock()
        .unwrap()
        .iter()
        .filter(|line| {
            let message = line.splitn(3, ' ').nth(2).unwrap_or_default();
            message.starts_with(label)
        })
        .cloned()
        .collect()
}
