//! The public surface reads where users look: every owned future's `Future` impl sits in the
//! file that defines it (rustdoc's "source" links and go-to-definition land there, not in a
//! macro), no public item comes out of a macro, and every accessor that returns something
//! carries `#[must_use]` (clippy's `must_use_candidate` cannot see methods of generic types).

use std::fs;
use std::path::{Path, PathBuf};

fn sources() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        for entry in fs::read_dir(dir).expect("src is readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let text = fs::read_to_string(&path).expect("a source file is text");
                out.push((path, text));
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
    assert!(out.len() > 5, "found the sources");
    out
}

#[test]
fn no_macro_generates_items() {
    for (path, text) in sources() {
        assert!(
            !text.contains("macro_rules!"),
            "{} defines a macro",
            path.display()
        );
    }
}

/// One future per operation, written once for both I/O families: every `Future` impl sits in
/// the file that defines the operation it runs (rustdoc's "source" links and go-to-definition
/// land there, not in a macro), one impl per operation, and the public names (`ReadExactOwned`,
/// …) are aliases, not structs of their own.
#[test]
fn every_operation_has_one_future_impl_in_its_own_file() {
    let mut impls = Vec::new();
    for (path, text) in sources() {
        let structs: Vec<String> = text
            .lines()
            .filter_map(|line| line.trim_start().strip_prefix("pub struct "))
            .map(|rest| {
                rest.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect()
            })
            .collect();
        for name in &structs {
            assert!(
                name == "Owned" || !name.ends_with("Owned"),
                "{}: `{name}`: the public names are aliases of the generic futures",
                path.display()
            );
        }
        for line in text.lines() {
            let line = line.trim_start();
            if !(line.starts_with("impl") && line.contains(" Future for ")) {
                continue;
            }
            let target = line.split(" Future for ").nth(1).unwrap_or("");
            let operation = structs
                .iter()
                .find(|name| {
                    target.contains(&format!("{name}<")) || target.contains(&format!("{name},"))
                })
                .unwrap_or_else(|| {
                    panic!("{}: `{line}` runs no operation of its file", path.display())
                });
            impls.push(operation.clone());
        }
    }
    let count = impls.len();
    impls.sort();
    impls.dedup();
    assert_eq!(
        impls.len(),
        count,
        "one Future impl per operation: {impls:?}"
    );
    assert!(count >= 10, "found the operations ({impls:?})");
}

#[test]
fn accessors_that_return_something_are_must_use() {
    let mut checked = 0;
    for (path, text) in sources() {
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let line = line.trim_start();
            let is_accessor = line.starts_with("pub fn ")
                && ["(&self", "(&mut self", "(self"]
                    .iter()
                    .any(|receiver| line.contains(receiver))
                && line.contains("->");
            if !is_accessor {
                continue;
            }
            checked += 1;
            let attributes = lines[..i]
                .iter()
                .rev()
                .map(|l| l.trim_start())
                .take_while(|l| l.starts_with("#[") || l.starts_with("///"));
            let must_use = attributes.clone().any(|l| l.starts_with("#[must_use"));
            assert!(
                must_use,
                "{}:{}: `{line}` lacks #[must_use]",
                path.display(),
                i + 1
            );
        }
    }
    assert!(checked >= 30, "found the accessors ({checked})");
}

/// rustdoc lists on an alias's page every impl whose self type matches the alias, without
/// evaluating trait bounds: an accessor written on `Owned<IO, B, Op, P>` with `Op: Reading`
/// would show on every future's page. So each progress accessor sits in an impl whose self
/// type names its progress type, and `into_parts` in one that names the progress too.
#[test]
fn accessors_sit_on_impls_that_name_their_progress() {
    let mut checked = 0;
    for (path, text) in sources() {
        let mut header = String::new();
        let mut open = false;
        for line in text.lines() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("impl") && !line.starts_with(' ') {
                (header, open) = (trimmed.to_string(), !trimmed.ends_with('{'));
            } else if open {
                header.push_str(trimmed);
                open = !trimmed.ends_with('{');
            }
            let wanted: &[&str] = if trimmed.starts_with("pub fn filled(") {
                &["Filled>", "Appended>"]
            } else if trimmed.starts_with("pub fn written(") {
                &["Written>"]
            } else if trimmed.starts_with("pub fn into_parts(") {
                &[
                    "Filled>",
                    "Written>",
                    "()>",
                    "CopyProgress>",
                    "SpliceProgress>",
                    // The relays' errors: the parts' shape and the side pick the pages.
                    "Copied<CopySide, P>>",
                    "Copied<BidirectionalSide, (P, P)>>",
                    "Both>",
                    "X>",
                    ")>>",
                ]
            } else {
                continue;
            };
            checked += 1;
            assert!(
                !header.contains("Op:") && wanted.iter().any(|w| header.contains(w)),
                "{}: `{trimmed}` sits in `{header}`, which rustdoc shows on other pages",
                path.display()
            );
        }
    }
    assert!(checked >= 8, "found the accessors ({checked})");
}
