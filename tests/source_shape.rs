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

#[test]
fn every_future_has_its_future_impl_in_its_own_file() {
    let mut futures = 0;
    for (path, text) in sources() {
        for line in text.lines() {
            let Some(rest) = line.trim_start().strip_prefix("pub struct ") else {
                continue;
            };
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.ends_with("Owned") {
                continue;
            }
            futures += 1;
            assert!(
                text.contains(&format!("Future for {name}<")),
                "{name}'s Future impl is not in {}",
                path.display()
            );
        }
    }
    assert!(futures >= 6, "found the futures ({futures})");
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
