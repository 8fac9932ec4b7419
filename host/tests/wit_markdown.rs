//! Each world of `wit/` and `wit-0.3/` has its page next to the WIT,
//! `WORLD.md` (`imports.md`, `command.md`), as WASI proposals have: what
//! `wit-bindgen markdown DIR -w WORLD --html-in-md --all-features` writes.
//! The test regenerates every page with the same generator, the
//! wit-bindgen-markdown crate at the version of wit-bindgen-cli, and fails
//! on a page that differs; `WASI_BPF_BLESS=1` (or `make wit-docs`) writes
//! them instead.

use std::fs;
use std::path::{Path, PathBuf};

use clap::{Args, Command, FromArgMatches};
use wit_bindgen_core::wit_parser::Resolve;
use wit_bindgen_core::{Files, WorldGenerator};

/// The package folders, from the workspace root.
const PACKAGES: [&str; 2] = ["wit", "wit-0.3"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn bless() -> bool {
    std::env::var_os("WASI_BPF_BLESS").is_some_and(|v| !v.is_empty())
}

/// The generator with `--html-in-md` (HTML inside a `.md` file, which
/// GitHub renders), as WASI's proposals are generated. The crate keeps
/// that option's field private: only its command-line argument sets it.
fn generator() -> Box<dyn WorldGenerator> {
    let command = wit_bindgen_markdown::Opts::augment_args(Command::new("markdown"));
    let matches = command.try_get_matches_from(["markdown", "--html-in-md"]).unwrap();
    wit_bindgen_markdown::Opts::from_arg_matches(&matches).unwrap().build()
}

/// Every world's page, by file name, as the generator writes them.
fn pages(dir: &str) -> Vec<(String, String)> {
    // `--all-features`: `@unstable` items (of the WASI packages) are on
    // the pages too.
    let mut resolve = Resolve { all_features: true, ..Resolve::default() };
    let (package, _) = resolve.push_path(root().join(dir)).unwrap_or_else(|e| panic!("{dir}: {e:#}"));
    let worlds: Vec<_> = resolve.packages[package].worlds.values().copied().collect();
    let mut pages = Vec::new();
    for world in worlds {
        let mut files = Files::default();
        generator().generate(&mut resolve, world, &mut files).unwrap();
        for (name, contents) in files.iter() {
            pages.push((name.to_string(), String::from_utf8(contents.to_vec()).unwrap()));
        }
    }
    pages
}

#[test]
fn world_pages_are_up_to_date() {
    let mut stale = Vec::new();
    for dir in PACKAGES {
        let pages = pages(dir);
        assert!(!pages.is_empty(), "{dir}: no world");
        for (name, contents) in pages {
            let path = root().join(dir).join(&name);
            if bless() {
                fs::write(&path, contents).unwrap();
            } else if fs::read_to_string(&path).ok().as_deref() != Some(&contents) {
                stale.push(format!("{dir}/{name}"));
            }
        }
    }
    assert!(stale.is_empty(), "stale or missing (the WIT changed?): {stale:?}; regenerate them with `make wit-docs`");
}

/// A page left behind by a world that is gone fails too: every `.md` in
/// a package folder other than its README is a world's page.
#[test]
fn every_page_is_a_worlds() {
    for dir in PACKAGES {
        let names: Vec<String> = pages(dir).into_iter().map(|(name, _)| name).collect();
        for entry in fs::read_dir(root().join(dir)).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if name.ends_with(".md") && name != "README.md" {
                assert!(names.contains(&name), "{dir}/{name}: no world of that name");
            }
        }
    }
}
