//! Prepares the sources the fuzz targets compile from the rest of the repository, so that
//! they follow its changes without copies:
//!
//! - `front.rs`: the generator's front end. `postage-macros` is a proc-macro crate, which
//!   can export nothing but macros, so the target compiles its modules itself: every `mod`
//!   of `postage-macros/src/lib.rs` (except the test-only ones) under one inline module
//!   pointing at that directory, and lib.rs's own `expand_*` functions, which wire
//!   parse → validate → expand.
//! - `model_*.rs`: the proptest models of `tests/tests`, without their inner doc comments and
//!   `mod` declarations (which `include!` cannot take); the `channels` target includes each
//!   in a module of its own and drives it with the fuzzer's bytes.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

const MODELS: [&str; 4] = [
    "model_mpsc",
    "model_dispatch",
    "model_broadcast",
    "model_watch",
];

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let repo = manifest.parent().expect("fuzz/ sits in the repository");
    let out = PathBuf::from(env::var("OUT_DIR").expect("set by cargo"));

    let macros = repo.join("postage-macros/src");
    fs::write(out.join("front.rs"), front(&macros)).expect("write front.rs");

    for model in MODELS {
        let path = repo.join("tests/tests").join(format!("{model}.rs"));
        println!("cargo:rerun-if-changed={}", path.display());
        let source = fs::read_to_string(&path).expect("read a model");
        let kept: Vec<&str> = source
            .lines()
            .filter(|line| !line.starts_with("//!") && declared_module(line).is_none())
            .collect();
        fs::write(out.join(format!("{model}.rs")), kept.join("\n")).expect("write a model");
    }
}

/// The module a `mod name;` line declares.
fn declared_module(line: &str) -> Option<&str> {
    let name = line.trim().strip_prefix("mod ")?.strip_suffix(';')?;
    name.chars()
        .all(|c| c.is_alphanumeric() || c == '_')
        .then_some(name)
}

fn front(macros: &Path) -> String {
    let lib = macros.join("lib.rs");
    println!("cargo:rerun-if-changed={}", macros.display());
    let source = fs::read_to_string(&lib).expect("read postage-macros/src/lib.rs");
    let lines: Vec<&str> = source.lines().collect();

    let mut modules = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let test_only = i > 0 && lines[i - 1].trim() == "#[cfg(test)]";
        if let Some(name) = declared_module(line).filter(|_| !test_only) {
            modules.push(name);
        }
    }

    let mut functions = String::new();
    let mut inside = false;
    for line in &lines {
        if line.starts_with("pub(crate) fn expand_") || line.starts_with("pub fn expand_") {
            inside = true;
        }
        if inside {
            functions.push_str(line);
            functions.push('\n');
            if *line == "}" {
                inside = false;
            }
        }
    }
    assert!(
        functions.contains("fn expand_channel") && functions.contains("fn expand_derive"),
        "postage-macros/src/lib.rs no longer has expand_channel and expand_derive"
    );

    let mut front = format!("#[path = {:?}]\n", macros.display().to_string());
    front.push_str("#[allow(dead_code)]\nmod front {\n");
    for module in &modules {
        front.push_str(&format!("    pub(crate) mod {module};\n"));
    }
    front.push_str("}\n");
    front.push_str(&format!("use front::{{{}}};\n", modules.join(", ")));
    front.push_str("use proc_macro2::TokenStream as TokenStream2;\n");
    front.push_str(&functions);
    front
}
