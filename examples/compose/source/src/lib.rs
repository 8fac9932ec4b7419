//! execve-source: the execve BPF program behind the `source` interface.
//! An application component in any language imports it (composed with
//! `wac plug`) and asks for events when it wants them: the application
//! drives, this component only answers.

use std::cell::RefCell;
use std::time::Duration;

use wasi_bpf::{record_as, Link, RingBufferReader};

include!(concat!(env!("OUT_DIR"), "/execve.skel.rs"));

wit_bindgen::generate!({
    path: "../wit",
    world: "wasi-bpf-examples:events/event-source",
});

use exports::wasi_bpf_examples::events::source::Guest;
use wasi_bpf_examples::events::types::Event;

execve::wit_conversions!(execve::types => wasi_bpf_examples::events::types);

/// What stays attached between calls.
struct Tracing {
    reader: RingBufferReader,
    // Dropping them detaches the program and unloads the object.
    _links: Vec<Link>,
    _skel: execve::Skel,
}

thread_local! {
    /// Set by the first call: attached, or why it could not be.
    static TRACING: RefCell<Option<Result<Tracing, String>>> = const { RefCell::new(None) };
}

fn start() -> Result<Tracing, String> {
    let attach = || -> wasi_bpf::Result<Tracing> {
        let skel = execve::open()?.load()?;
        let links = skel.attach()?;
        let reader = RingBufferReader::new(&skel.map_events()?)?;
        Ok(Tracing { reader, _links: links, _skel: skel })
    };
    attach().map_err(|e| format!("execve-source: {e}"))
}

struct Source;

impl Guest for Source {
    fn next_batch(timeout_ms: u32) -> Result<Vec<Event>, String> {
        TRACING.with_borrow_mut(|tracing| {
            let tracing = tracing.get_or_insert_with(start).as_mut().map_err(|e| e.clone())?;
            let batch = tracing.reader.read(Duration::from_millis(timeout_ms.into())).map_err(|e| e.to_string())?;
            Ok(batch.iter().filter_map(|record| record_as::<execve::types::event>(record).ok()).map(to_event).collect())
        })
    }
}

/// The WIT record of a raw event, with only its `argc` arguments (as the
/// collector hands them over).
fn to_event(raw: execve::types::event) -> Event {
    let mut event = Event::from(&raw);
    event.args.truncate(raw.argc as usize);
    event
}

export!(Source);
