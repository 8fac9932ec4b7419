//! The WASI packages that `wit/` and `wit-0.3/` vendor under `deps/` are
//! the ones their `deps.toml` names, and unchanged since `deps.lock` pinned
//! them.
//!
//! `deps.toml` and `deps.lock` are in wit-deps' formats (wit/README.md,
//! "Dependencies and world pages"): a manifest entry names a WASI
//! release's source archive and the package's folder in it; a lock entry
//! repeats that source and holds the sha256 and sha512 that wit-deps
//! computes over a deterministic tar of the vendored folder's `*.wit`
//! files. wit-deps downloads the archives to write a lock, and `make test`
//! runs offline, so this test computes those digests itself (the same
//! ones: `wit-deps lock --check` accepts the locks). `WASI_BPF_BLESS=1`
//! (or `make wit-lock`) rewrites each `deps.lock` from what is vendored.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256, Sha512};
use wit_parser::UnresolvedPackageGroup;

/// The package folders, from the workspace root.
const PACKAGES: [&str; 2] = ["wit", "wit-0.3"];

/// The source archive of a WASI release, as `deps.toml` names it.
const RELEASE_URL: &str = "https://github.com/WebAssembly/WASI/archive/refs/tags/v";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn bless() -> bool {
    std::env::var_os("WASI_BPF_BLESS").is_some_and(|v| !v.is_empty())
}

/// A manifest entry: where a package comes from.
#[derive(Debug, PartialEq)]
struct Source {
    url: String,
    prefix: String,
}

fn string(table: &toml::Table, key: &str, at: &str) -> String {
    match table.get(key) {
        Some(toml::Value::String(s)) => s.clone(),
        other => panic!("{at}: `{key}` should be a string, is {other:?}"),
    }
}

/// A table's keys, sorted (whatever order toml keeps them in).
fn keys(table: &toml::Table) -> Vec<&str> {
    let mut keys: Vec<&str> = table.keys().map(String::as_str).collect();
    keys.sort();
    keys
}

fn read_toml(path: &Path) -> toml::Table {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.parse().unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `deps.toml`: every entry a table with `url` and `prefix` only (no
/// `path` entries, no digests of the archive: GitHub does not promise
/// its archives stay byte for byte the same).
fn manifest(dir: &str) -> BTreeMap<String, Source> {
    read_toml(&root().join(dir).join("deps.toml"))
        .into_iter()
        .map(|(id, entry)| {
            let at = format!("{dir}/deps.toml: {id}");
            let toml::Value::Table(entry) = entry else { panic!("{at}: should be a table") };
            assert_eq!(keys(&entry), ["prefix", "url"], "{at}: keys");
            let source = Source { url: string(&entry, "url", &at), prefix: string(&entry, "prefix", &at) };
            (id, source)
        })
        .collect()
}

/// sha256 and sha512, lowercase hex.
type Digests = (String, String);

/// `deps.lock`: a source and digests for each package.
fn lock(dir: &str) -> BTreeMap<String, (Source, Digests)> {
    read_toml(&root().join(dir).join("deps.lock"))
        .into_iter()
        .map(|(id, entry)| {
            let at = format!("{dir}/deps.lock: {id}");
            let toml::Value::Table(entry) = entry else { panic!("{at}: should be a table") };
            assert_eq!(keys(&entry), ["prefix", "sha256", "sha512", "url"], "{at}: keys");
            let source = Source { url: string(&entry, "url", &at), prefix: string(&entry, "prefix", &at) };
            let digests = (string(&entry, "sha256", &at), string(&entry, "sha512", &at));
            (id, (source, digests))
        })
        .collect()
}

/// Writes `deps.lock` as wit-deps does: entries in name order, fields in
/// its order.
fn write_lock(dir: &str, entries: &BTreeMap<String, (Source, Digests)>) {
    let text: Vec<String> = entries
        .iter()
        .map(|(id, (source, (sha256, sha512)))| {
            format!(
                "[{id}]\nurl = \"{}\"\nprefix = \"{}\"\nsha256 = \"{sha256}\"\nsha512 = \"{sha512}\"\n",
                source.url, source.prefix
            )
        })
        .collect();
    fs::write(root().join(dir).join("deps.lock"), text.join("\n")).unwrap();
}

/// Feeds both hashes.
struct Hashes(Sha256, Sha512);

impl Hashes {
    fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
        self.1.update(bytes);
    }
}

/// An octal tar header field: zero-padded digits, then a NUL.
fn octal(field: &mut [u8], value: u64) {
    let digits = format!("{value:0width$o}", width = field.len() - 1);
    assert_eq!(digits.len(), field.len() - 1, "{value} does not fit a tar header field");
    field[..digits.len()].copy_from_slice(digits.as_bytes());
}

/// The digests wit-deps locks for a vendored folder: of the tar it writes
/// with async-tar's deterministic mode, each `*.wit` file (by name, links
/// followed) as `wit/NAME` in a GNU header with mtime, uid and gid 0 and
/// mode 0644 (0755 if the owner may execute it), then the two zero blocks
/// that end a tar.
fn digests(folder: &Path) -> Digests {
    let mut names: Vec<String> = fs::read_dir(folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| Path::new(name).extension().is_some_and(|ext| ext.eq_ignore_ascii_case("wit")))
        .filter(|name| !folder.join(name).is_dir())
        .collect();
    names.sort();
    let mut hashes = Hashes(Sha256::new(), Sha512::new());
    for name in names {
        let path = folder.join(&name);
        let contents = fs::read(&path).unwrap();
        let executable = fs::metadata(&path).unwrap().permissions().mode() & 0o100 != 0;
        let mut header = [0u8; 512];
        let tar_name = format!("wit/{name}");
        assert!(tar_name.len() < 100, "{tar_name}: too long for a plain tar header");
        header[..tar_name.len()].copy_from_slice(tar_name.as_bytes());
        octal(&mut header[100..108], if executable { 0o755 } else { 0o644 });
        octal(&mut header[108..116], 0); // uid
        octal(&mut header[116..124], 0); // gid
        octal(&mut header[124..136], contents.len() as u64);
        octal(&mut header[136..148], 0); // mtime
        header[156] = b'0'; // a regular file
        header[257..265].copy_from_slice(b"ustar  \0"); // GNU magic and version
        octal(&mut header[329..337], 0); // device major
        octal(&mut header[337..345], 0); // device minor

        // The checksum counts its own field as spaces.
        header[148..156].fill(b' ');
        let sum: u64 = header.iter().map(|&b| u64::from(b)).sum();
        header[148..156].fill(0);
        octal(&mut header[148..156], sum);
        hashes.update(&header);
        hashes.update(&contents);
        hashes.update(&vec![0; contents.len().next_multiple_of(512) - contents.len()]);
    }
    hashes.update(&[0; 1024]);
    let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
    (hex(&hashes.0.finalize()), hex(&hashes.1.finalize()))
}

/// The package a vendored folder declares: `wasi:NAME@VERSION`.
fn declared(folder: &Path) -> String {
    let group = UnresolvedPackageGroup::parse_dir(folder).unwrap_or_else(|e| panic!("{}: {e:#}", folder.display()));
    group.main.name.to_string()
}

#[test]
fn vendored_wasi_packages_are_the_locked_releases() {
    let mut stale = Vec::new();
    for dir in PACKAGES {
        let manifest = manifest(dir);
        let mut computed = BTreeMap::new();
        for (id, source) in manifest {
            // The archive and the folder name one release and one package,
            // and the vendored files declare that package at that version.
            let at = format!("{dir}/deps.toml: {id}");
            let version = source
                .url
                .strip_prefix(RELEASE_URL)
                .and_then(|rest| rest.strip_suffix(".tar.gz"))
                .unwrap_or_else(|| panic!("{at}: {} is not a WASI release archive", source.url));
            assert_eq!(source.prefix, format!("WASI-{version}/proposals/{id}"), "{at}: prefix");
            let folder = root().join(dir).join("deps").join(&id);
            assert_eq!(declared(&folder), format!("wasi:{id}@{version}"), "{dir}/deps/{id}: package");
            let digests = digests(&folder);
            computed.insert(id, (source, digests));
        }
        if bless() {
            write_lock(dir, &computed);
            continue;
        }
        let locked = lock(dir);
        if locked != computed {
            let ids = |map: &BTreeMap<String, _>| map.keys().cloned().collect::<Vec<_>>();
            assert_eq!(ids(&locked), ids(&computed), "{dir}/deps.lock: packages");
            for (id, (source, digests)) in &computed {
                let (locked_source, locked_digests) = &locked[id];
                assert_eq!(locked_source, source, "{dir}/deps.lock: {id}: source");
                if locked_digests != digests {
                    stale.push(format!("{dir}/deps/{id}"));
                }
            }
        }
    }
    assert!(
        stale.is_empty(),
        "vendored WASI packages differ from what deps.lock pins: {stale:?}. deps/ holds releases unchanged: \
         undo the edit or, after vendoring another release (wit/README.md, \"Dependencies and world pages\"), \
         run `make wit-lock`"
    );
}

/// `deps/` holds only what `deps.toml` names, each a folder: every
/// package stands alone (the WASI 0.3 flavour imports no WASI 0.2
/// package, not even through a link to `wit/`).
#[test]
fn deps_hold_only_what_the_manifests_name() {
    for dir in PACKAGES {
        let ids = manifest(dir);
        for entry in fs::read_dir(root().join(dir).join("deps")).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().into_string().unwrap();
            let at = format!("{dir}/deps/{name}");
            assert!(ids.contains_key(&name), "{at}: not named in {dir}/deps.toml");
            assert!(entry.file_type().unwrap().is_dir(), "{at}: should be a folder, not a link");
        }
    }
}
