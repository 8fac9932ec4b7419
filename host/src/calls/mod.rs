//! The calls both flavours share, as ordinary methods of [`BpfCtxView`]
//! over the domain types: what a call does with the guest's limits, policy,
//! interrupt and resource table. `p2` and `p3` each turn WIT arguments into
//! domain values, call one of these (or a domain method on a handle), and
//! turn the answer back; neither knows the other.
//!
//! [`BpfCtxView`]: crate::view::BpfCtxView

mod buffers;
mod iter;
mod object;
mod pins;
mod shared_maps;
mod symbols;
mod tc;
