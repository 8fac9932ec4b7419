//! `wasi:bpf/types`: errors reach the guest as the WIT `error` record.

use super::bindings::wasi::bpf::types::{self, Error};
use crate::error::HostError;
use crate::view::BpfCtxView;

impl types::Host for BpfCtxView<'_> {
    fn convert_error(&mut self, err: HostError) -> wasmtime::Result<Error> {
        match err {
            HostError::Guest(err) => Ok(err.into()),
            HostError::Trap(trap) => Err(trap),
        }
    }
}
