//! Queue, stack and bloom filter (push / pop / peek / contains) with
//! values the kernel pushed on getpgid calls of thread `tid` and values the
//! guest pushes; and a frozen map the guest can no longer write while the
//! kernel still does.

use std::time::Duration;

use test_programs::{arg, objects, ready, wait_until, Check};
use wasi_bpf::{ErrorCode, MapCore, MapFlags, ObjectBuilder};

fn u32s(values: &[u32]) -> Vec<Option<Vec<u8>>> {
    values.iter().map(|v| Some(v.to_ne_bytes().to_vec())).collect()
}

fn main() -> std::process::ExitCode {
    let mut c = Check::default();
    let mut open = ObjectBuilder::default().name("value_maps").open_memory(objects::VALUE_MAPS).expect("open");
    open.set_global("target_tid", &arg::<u32>("tid")).unwrap();
    let object = open.load().expect("load");
    let _link = object.attach_all().expect("attach");
    let queue = object.map("queue").unwrap();
    let stack = object.map("stack").unwrap();
    let bloom = object.map("bloom").unwrap();
    let frozen = object.map("frozen_counts").unwrap();

    // Before any push: empty, and a bloom filter holds nothing (no false
    // positive is possible then).
    c.eq(queue.pop().unwrap(), None, "an empty queue pops nothing");
    c.eq(stack.peek().unwrap(), None, "an empty stack peeks nothing");
    c.eq(bloom.contains(&7u32.to_ne_bytes()).unwrap(), false, "an empty bloom filter holds nothing");
    c.must(frozen.freeze(), "freeze");
    c.err(frozen.update(&0u32.to_ne_bytes(), &1u64.to_ne_bytes(), MapFlags::ANY), ErrorCode::PermissionDenied, "the guest cannot write a frozen map");

    ready();
    // The driver makes three getpgid calls: the kernel pushes 1, 2, 3.
    let counts = frozen.typed::<u32, u64>().unwrap();
    wait_until(Duration::from_secs(10), || counts.get(&0).unwrap() == Some(3));
    c.eq(counts.get(&0).unwrap(), Some(3), "the kernel still writes the frozen map");
    c.eq(queue.peek().unwrap(), u32s(&[1]).remove(0), "peek shows the oldest of a queue");
    c.eq((0..4).map(|_| queue.pop().unwrap()).collect::<Vec<_>>(), [u32s(&[1, 2, 3]), vec![None]].concat(), "a queue pops first in, first out");
    c.eq((0..4).map(|_| stack.pop().unwrap()).collect::<Vec<_>>(), [u32s(&[3, 2, 1]), vec![None]].concat(), "a stack pops last in, first out");
    for n in 1u32..=3 {
        c.eq(bloom.contains(&n.to_ne_bytes()).unwrap(), true, &format!("the bloom filter holds {n}"));
    }

    // The guest's own pushes: a full queue refuses, or drops its oldest.
    for n in 10u32..18 {
        c.must(queue.push(&n.to_ne_bytes(), false), "push up to the queue's 8 entries");
    }
    match queue.push(&99u32.to_ne_bytes(), false) {
        Err(e) => c.eq((e.code(), e.errno()), (ErrorCode::Full, Some(7)), "a full queue refuses a push: full, E2BIG"),
        Ok(()) => c.ok(false, "a full queue refuses a push"),
    }
    c.must(queue.push(&18u32.to_ne_bytes(), true), "a full queue takes a push that replaces its oldest");
    c.eq(queue.pop().unwrap(), u32s(&[11]).remove(0), "10 was dropped for 18");
    c.must(bloom.push(&42u32.to_ne_bytes(), false), "push to the bloom filter");
    c.eq(bloom.contains(&42u32.to_ne_bytes()).unwrap(), true, "the bloom filter holds what the guest pushed");
    c.err(queue.push(&[1, 2], false), ErrorCode::InvalidArgument, "a value of the wrong size");

    // libbpf-rs's shapes of the same calls: an empty key.
    c.must(queue.update(&[], &20u32.to_ne_bytes(), MapFlags::EXIST), "update(&[]) pushes, dropping the oldest");
    c.eq(queue.lookup(&[], MapFlags::ANY).unwrap(), u32s(&[12]).remove(0), "lookup(&[]) peeks at the oldest");
    c.eq(queue.lookup_and_delete(&[]).unwrap(), u32s(&[12]).remove(0), "lookup_and_delete(&[]) pops it");
    c.must(queue.update(&[], &21u32.to_ne_bytes(), MapFlags::ANY), "update(&[]) fills the queue");
    c.err(queue.update(&[], &22u32.to_ne_bytes(), MapFlags::ANY), ErrorCode::Full, "update(&[]) on a full queue");
    c.must(stack.update(&[], &7u32.to_ne_bytes(), MapFlags::ANY), "update(&[]) on a stack pushes");
    c.eq(stack.lookup_and_delete(&[]).unwrap(), u32s(&[7]).remove(0), "lookup_and_delete(&[]) pops a stack");
    c.must(bloom.update(&[], &43u32.to_ne_bytes(), MapFlags::ANY), "update(&[]) adds to a bloom filter");
    c.eq(bloom.lookup_bloom_filter(&43u32.to_ne_bytes()).unwrap(), true, "lookup_bloom_filter finds it");
    c.err(frozen.pop(), ErrorCode::InvalidArgument, "pop on an array");

    // What the kernel says of them: the test compares ids and the tag with
    // bpftool's, and the run count with the calls it made.
    if let Some(info) = c.must(object.program("wbt_value_maps").unwrap().kernel_info(), "program kernel-info") {
        let tag: String = info.tag.iter().map(|b| format!("{b:02x}")).collect();
        println!("info program id={} tag={tag} runs={}", info.id, info.run_count);
        c.ok(info.verified_instructions > 0, "the verifier went through some instructions");
    }
    // A queue is created without BTF: the kernel takes none for it.
    for (map, key, value) in [(&frozen, Some("__u32"), Some("__u64")), (&queue, None, None)] {
        if let Some(info) = c.must(map.kernel_info(), "map kernel-info") {
            println!("info map id={}", info.id);
            c.eq((info.key_type.as_deref(), info.value_type.as_deref()), (key, value), "BTF names of key and value");
        }
    }
    c.finish()
}
