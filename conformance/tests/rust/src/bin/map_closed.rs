//! Once its object is dropped, every call on a map handle returns
//! `closed`, whatever the map type and with well-formed arguments.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "maps", objects::MAPS);
    let hash = maps_map(&mut c, &object, "hash");
    let percpu = maps_map(&mut c, &object, "percpu_hash");
    let locked = maps_map(&mut c, &object, "locked");
    let queue = maps_map(&mut c, &object, "queue");
    let bloom = maps_map(&mut c, &object, "bloom");
    let key = u32_bytes(1);
    let value = u64_bytes(1);
    c.must(hash.update(&key, &value, UpdateMode::Any), "update before the drop");
    c.must(queue.push(&u32_bytes(1), false), "push before the drop");
    drop(object);

    let cpus = bpf_map::possible_cpus();
    let percpu_values: Vec<Vec<u8>> = (0..cpus).map(|_| u32_bytes(1)).collect();
    let calls: Vec<(&str, Result<(), Error>)> = vec![
        ("info", hash.info().map(drop)),
        ("lookup", hash.lookup(&key).map(drop)),
        ("update", hash.update(&key, &value, UpdateMode::Any)),
        ("lookup-locked", locked.lookup_locked(&key).map(drop)),
        ("update-locked", locked.update_locked(&key, &[0; 16], UpdateMode::Any)),
        ("delete", hash.delete(&key).map(drop)),
        ("lookup-and-delete", hash.lookup_and_delete(&key).map(drop)),
        ("next-key", hash.next_key(None).map(drop)),
        ("keys", hash.keys(None, 8).map(drop)),
        ("lookup-percpu", percpu.lookup_percpu(&key).map(drop)),
        ("update-percpu", percpu.update_percpu(&key, &percpu_values, UpdateMode::Any)),
        ("lookup-batch", hash.lookup_batch(None, 8).map(drop)),
        ("update-batch", hash.update_batch(&key, &value, UpdateMode::Any).map(drop)),
        ("delete-batch", hash.delete_batch(&key).map(drop)),
        ("push", queue.push(&u32_bytes(2), false)),
        ("pop", queue.pop().map(drop)),
        ("peek", queue.peek().map(drop)),
        ("contains", bloom.contains(&value).map(drop)),
        ("freeze", hash.freeze()),
        ("kernel-info", hash.kernel_info().map(drop)),
    ];
    for (name, result) in calls {
        c.err(result, ErrorCode::Closed, &format!("{name} after the object is dropped"));
    }
    println!("every map call: closed");
    c.finish()
}

conformance::case_main!(main);
