//! `lookup-and-delete-batch` reads a hash map's entries page by page,
//! deleting each as it reads it: the pages hold exactly what the map held,
//! and the map is empty after. An array, whose entries cannot be deleted,
//! is refused.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "maps", objects::MAPS);
    let hash = c.need(object.map("hash"), "map hash");
    let info = c.need(hash.info(), "info");
    for key in 1..=5u32 {
        let mut value = vec![0u8; info.value_size as usize];
        value[..8].copy_from_slice(&u64::from(key * 100).to_ne_bytes());
        c.need(hash.update(&u32_bytes(key), &value, UpdateMode::Any), "update");
    }
    let mut entries = Vec::new();
    let mut cursor = None;
    for _ in 0..8 {
        // Room for all: the kernel refuses a page a hash bucket does not fit.
        let page = c.need(map_batch::lookup_and_delete_batch(&hash, cursor.as_deref(), 5), "lookup-and-delete-batch");
        let values = page.values.chunks(info.value_size as usize).map(|v| u64s(&v[..8])[0]);
        entries.extend(u32s(&page.keys).into_iter().zip(values));
        cursor = page.next;
        if cursor.is_none() {
            break;
        }
    }
    entries.sort();
    println!("read and deleted: {entries:?}");
    println!("next key after: {:?}", c.need(hash.next_key(None), "next-key"));
    let array = c.need(object.map("array"), "map array");
    let refused = map_batch::lookup_and_delete_batch(&array, None, 4);
    println!("array: {}", outcome(&refused));
    c.err(refused, ErrorCode::Unsupported, "lookup-and-delete-batch of an array");
    c.finish()
}

conformance::case_main!(main);
