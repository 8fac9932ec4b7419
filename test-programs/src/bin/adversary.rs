//! A hostile guest: tries what the host's policy must refuse, one request
//! per run (test-programs/bpf/adversary.bpf.c has the programs):
//!   load=PROGRAM          load only PROGRAM of adversary.bpf.o
//!   load-xindex=PROGRAM   the same from a copy whose section-name table
//!                         index is moved to SHN_XINDEX (build.rs)
//!   load-ksym             load ksym.bpf.o (a typed __ksym read)
//!   kprobe=PROGRAM        load PROGRAM and attach it to the kernel
//!                         function do_sys_openat2 (attach-kprobe)
//!   fd-keys=MAP:N         load adv_storage, then use host fd N as a key of
//!                         its storage map MAP (adv_task_storage, ...):
//!                         lookup, update, delete, next key, batch lookup
//!   hash-entries=N        load adv_raw_tp with the map adv_bytes (1-byte
//!                         keys and values) grown to N entries
//! Prints one line per attempt: `ok` or `error CODE: MESSAGE`, and exits 0.

use test_programs::objects;
use wasi_bpf::{Error, MapCore, MapFlags, Object, ObjectBuilder};

fn load_only(object: &[u8], program: &str) -> Result<Object, Error> {
    let mut open = ObjectBuilder::default().name("adversary").open_memory(object)?;
    for other in open.program_infos()? {
        open.set_autoload(&other.name, other.name == program)?;
    }
    open.load()
}

fn print<T>(result: Result<T, Error>) {
    match result {
        Ok(_) => println!("ok"),
        Err(e) => println!("error {:?}: {}", e.code(), e.message()),
    }
}

fn fd_keys(map: &str, fd: i32) -> Result<(), Error> {
    let object = load_only(objects::ADVERSARY, "adv_storage")?;
    let map = object.map(map)?;
    let key = fd.to_ne_bytes();
    print(map.lookup(&key, MapFlags::ANY));
    print(map.update(&key, &1u64.to_ne_bytes(), MapFlags::ANY));
    print(map.delete(&key));
    print(map.next_key(None));
    print(map.lookup_batch(256, MapFlags::ANY, MapFlags::ANY).map(|mut entries| entries.next()));
    Ok(())
}

fn hash_entries(entries: u32) -> Result<Object, Error> {
    let mut open = ObjectBuilder::default().name("adversary").open_memory(objects::ADVERSARY)?;
    for other in open.program_infos()? {
        open.set_autoload(&other.name, other.name == "adv_raw_tp")?;
    }
    open.set_max_entries("adv_bytes", entries)?;
    open.load()
}

fn main() {
    let request = std::env::args().nth(1).unwrap_or_default();
    let (what, value) = request.split_once('=').unwrap_or((request.as_str(), ""));
    match what {
        "load" => print(load_only(objects::ADVERSARY, value)),
        "load-xindex" => print(load_only(objects::ADVERSARY_XINDEX, value)),
        "load-ksym" => print(load_only(objects::KSYM, "adv_ksym")),
        "kprobe" => print(
            load_only(objects::ADVERSARY, value)
                .and_then(|object| object.program(value)?.attach_kprobe(false, "do_sys_openat2").map(drop)),
        ),
        "hash-entries" => print(hash_entries(value.parse().expect("a count"))),
        "fd-keys" => {
            let (map, fd) = value.split_once(':').expect("MAP:FD");
            print(fd_keys(map, fd.parse().expect("an fd number")))
        }
        other => panic!("unknown request '{other}'"),
    }
}
