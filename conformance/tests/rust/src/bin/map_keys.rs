//! `keys` returns up to `max-count` packed keys following `after`, page by
//! page, and an empty list once the iteration is complete; the pages hold
//! every key exactly once.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "maps", objects::MAPS);
    let hash = maps_map(&mut c, &object, "hash");
    for key in 100..120u32 {
        c.must(hash.update(&u32_bytes(key), &u64_bytes(key.into()), UpdateMode::Any), "update");
    }

    let mut pages = Vec::new();
    let mut all = Vec::new();
    let mut after: Option<Vec<u8>> = None;
    loop {
        let page = c.need(hash.keys(after.as_deref(), 6), "keys");
        c.eq(page.len() % 4, 0, "a page is whole 4-byte keys");
        pages.push(page.len() / 4);
        if page.is_empty() || pages.len() > 10 {
            break;
        }
        all.extend(u32s(&page));
        after = Some(page[page.len() - 4..].to_vec());
    }
    println!("page sizes: {pages:?}");
    all.sort();
    c.eq(all, (100..120).collect(), "every key exactly once");

    let array = maps_map(&mut c, &object, "array");
    let tail = c.need(array.keys(Some(&u32_bytes(12)), 100), "keys of the array after 12");
    println!("array after 12: {:?}", u32s(&tail));
    c.finish()
}

conformance::case_main!(main);
