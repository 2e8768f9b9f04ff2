//! Every atomic, `Arc`, lock and `UnsafeCell` of the channel code must come from
//! `postage::sync`, the facade that swaps in loom's versions under `--cfg postage_loom`; a
//! stray `std::sync` (or `std::cell::UnsafeCell`) would hide its interleavings from the loom
//! models.
//!
//! Exceptions: `sync.rs` itself, `blocking.rs` (its thread-parking waker is not channel
//! state, and loom's `Arc` cannot build a `Waker`), `test_util.rs`, and test-only code
//! (`#[cfg(test)]` modules and the files they declare), which never runs under loom.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

const EXEMPT_FILES: [&str; 3] = ["sync.rs", "blocking.rs", "test_util.rs"];

fn source_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../postage/src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read the postage sources") {
        let path = entry.expect("read a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

fn is_test_cfg(attribute: &str) -> bool {
    let compact: String = attribute.split_whitespace().collect();
    compact.starts_with("#[cfg(")
        && (compact.contains("(test") || compact.contains(",test"))
        && !compact.contains("not(test")
}

fn is_mod_item(line: &str) -> Option<&str> {
    let rest = line
        .strip_prefix("pub(crate) ")
        .or_else(|| line.strip_prefix("pub "))
        .unwrap_or(line);
    rest.strip_prefix("mod ")
}

fn braces(line: &str) -> i32 {
    line.chars()
        .map(|c| match c {
            '{' => 1,
            '}' => -1,
            _ => 0,
        })
        .sum()
}

fn is_stray_sync(statement: &str) -> bool {
    let compact: String = statement.split_whitespace().collect();
    let grouped = ["std::{", "core::{", "alloc::{"]
        .iter()
        .any(|root| compact.contains(root))
        && ["{sync::", ",sync::", "{sync,", ",sync,", "{sync}", ",sync}"]
            .iter()
            .any(|segment| compact.contains(segment));
    let std_unsafe_cell = compact.contains("UnsafeCell")
        && compact.contains("cell::")
        && (compact.contains("std::") || compact.contains("core::"));
    grouped
        || std_unsafe_cell
        || ["std::sync", "core::sync", "alloc::sync"]
            .iter()
            .any(|path| compact.contains(path))
}

/// What one file tells: its stray `std::sync` uses (line number, text) and the test-only
/// modules it declares (`#[cfg(test)] mod name;`).
#[derive(Default)]
struct Scan {
    stray: Vec<(usize, String)>,
    test_modules: Vec<String>,
}

fn scan(source: &str) -> Scan {
    let mut scan = Scan::default();
    let mut test_attribute = false;
    let mut skipping: Option<i32> = None;
    let mut statement = String::new();
    let mut statement_line = 0;
    for (index, raw) in source.lines().enumerate() {
        let line = raw.split("//").next().unwrap_or("").trim();
        if let Some(depth) = skipping.as_mut() {
            *depth += braces(line);
            if *depth <= 0 {
                skipping = None;
            }
            continue;
        }
        if line.is_empty() {
            continue;
        }
        if line.starts_with("#[") {
            test_attribute |= is_test_cfg(line);
            continue;
        }
        if std::mem::take(&mut test_attribute) {
            if let Some(name) = is_mod_item(line) {
                if let Some(name) = name.strip_suffix(';') {
                    scan.test_modules.push(name.trim().to_owned());
                } else {
                    let depth = braces(line);
                    skipping = (depth > 0).then_some(depth);
                }
            }
            // Any other test-only item: at most one line of it is skipped, which is
            // conservative (its body is still scanned).
            continue;
        }
        if statement.is_empty() {
            statement_line = index + 1;
        }
        statement.push_str(line);
        statement.push(' ');
        let in_use = statement.trim_start().starts_with("use ")
            || statement.trim_start().starts_with("pub use ")
            || statement.trim_start().starts_with("pub(crate) use ");
        if in_use && !line.ends_with(';') {
            continue;
        }
        if is_stray_sync(&statement) {
            scan.stray
                .push((statement_line, statement.trim().to_owned()));
        }
        statement.clear();
    }
    scan
}

/// The file (`name.rs` or `name/mod.rs`) of module `name` declared in `parent`.
fn module_files(parent: &Path, name: &str) -> [PathBuf; 2] {
    let stem = parent.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let dir = parent.parent().expect("a source file has a directory");
    let dir = if stem == "lib" || stem == "mod" {
        dir.to_path_buf()
    } else {
        dir.join(stem)
    };
    [
        dir.join(format!("{name}.rs")),
        dir.join(name).join("mod.rs"),
    ]
}

#[test]
fn channel_code_uses_no_std_sync_outside_the_facade() {
    let root = source_dir();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let scans: Vec<(PathBuf, Scan)> = files
        .into_iter()
        .map(|path| {
            let source = fs::read_to_string(&path).expect("read a source file");
            let scan = scan(&source);
            (path, scan)
        })
        .collect();
    let test_only: HashSet<PathBuf> = scans
        .iter()
        .flat_map(|(path, scan)| {
            scan.test_modules
                .iter()
                .flat_map(|name| module_files(path, name))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut stray = Vec::new();
    for (path, scan) in &scans {
        let exempt = EXEMPT_FILES.iter().any(|name| path == &root.join(name))
            || test_only
                .iter()
                .any(|test| path.starts_with(test.with_extension("")) || path == test);
        if exempt {
            continue;
        }
        for (line, text) in &scan.stray {
            let shown = path.strip_prefix(&root).unwrap_or(path).display();
            stray.push(format!("postage/src/{shown}:{line}: {text}"));
        }
    }
    assert!(
        stray.is_empty(),
        "use `crate::sync` instead of `std::sync` / `std::cell::UnsafeCell` so loom sees it:\n{}",
        stray.join("\n")
    );
}

#[test]
fn scanner_finds_plain_and_grouped_std_sync_and_unsafe_cell_imports() {
    let source = "use std::fmt;\nuse std::sync::Arc;\nuse std::{\n    fmt,\n    sync::atomic::AtomicUsize,\n};\nfn f() { let _ = std::sync::Mutex::new(1); }\nuse std::cell::{Cell, UnsafeCell};\nuse std::cell::UnsafeCell;\nuse std::cell::Cell;\n";
    let lines: Vec<usize> = scan(source).stray.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, [2, 3, 7, 8, 9]);
}

#[test]
fn scanner_skips_comments_and_test_only_modules() {
    let source = "//! Not `std::sync`.\n#[cfg(test)]\nmod tests {\n    use std::sync::Arc;\n}\n#[cfg(all(test, feature = \"x\"))]\nmod helpers;\nuse crate::sync::Arc;\n";
    let scan = scan(source);
    assert!(scan.stray.is_empty());
    assert_eq!(scan.test_modules, ["helpers"]);
}
