//! The BTF of a guest's BPF object, checked before libbpf parses it.
//!
//! libbpf checks that BTF is well formed (its header's bounds, each type's
//! size by kind, type ids and string offsets in range) but not that its
//! references end: `skip_mods_and_typedefs`, which it runs over every
//! BTF-defined map while opening an object, follows typedefs and
//! modifiers without a bound, so a typedef or const that names itself
//! makes `open` spin for ever, deaf to the guest's deadline and to Ctrl-C;
//! `btf__align_of` (kconfig externs) recurses through struct members, so
//! a struct that holds itself overflows the stack. C never makes either:
//! a type reaches itself only through a member or parameter (and a
//! pointer). So before libbpf sees the bytes, every section libbpf would
//! take as BTF (every `.BTF`: libbpf keeps the last of several) must have
//!
//! - a header, type section and string section within the section, and
//!   each type within the type section (what this walk needs to read it);
//! - every referenced type id in range, at most [`MAX_TYPES`] types;
//! - no cycle of references other than through a struct or union member
//!   or a function parameter, and no chain of such references longer
//!   than [`MAX_CHAIN`] (libbpf's own MAX_RESOLVE_DEPTH, which its
//!   bounded walks give up at), so that each of libbpf's unbounded walks
//!   ends within a few steps;
//! - no struct or union that holds itself (through members, arrays,
//!   typedefs and modifiers; not through a pointer), nor one that holds
//!   more than [`MAX_LAID_OUT`] types laid out, which `btf__align_of`
//!   would visit one by one.
//!
//! What libbpf checks safely (string offsets, a FUNC naming a FUNC_PROTO,
//! kinds it does not know) is left to it. libbpf's parse of `.BTF.ext`
//! is linear, every record bounds-checked, but it then looks the name of
//! each of its sections (one per function, line or CO-RE section of
//! code) up among all the ELF sections: the two counts multiplied may not
//! pass [`MAX_EXT_LOOKUPS`] (20 000 of each took 4.5 s).
//!
//! Bounded without watching the guest's interrupt: the walks are
//! iterative (no recursion on the guest's data) and linear in the
//! sections' size. libbpf's open is then bounded too, though not
//! linearly: other loops of it nest over what an object holds (each map
//! relocation among the maps, each data section variable among the
//! symbols), so the bindings run it where the guest's interrupt reaches
//! it ([`crate::interrupt::Interrupt::run`]).

use crate::elf::Elf;
use crate::error::{BpfError, BpfResult};

/// The most types a BTF section may have: the kernel's BTF_MAX_TYPE.
pub const MAX_TYPES: usize = 0xfffff;
/// The longest chain of references (pointers, typedefs, modifiers, tags,
/// variables, arrays, functions to their prototype, data sections to
/// their variables) that does not pass through a member or parameter.
pub const MAX_CHAIN: u32 = 32;
/// The most types one struct or union may hold, counted as
/// `btf__align_of` visits them (a type held twice counts twice).
pub const MAX_LAID_OUT: u64 = 1 << 20;
/// The most name lookups libbpf's open may make for `.BTF.ext` (its
/// sections times the ELF sections): a few tenths of a second. An object
/// of 4 000 sections of code stays below.
pub const MAX_EXT_LOOKUPS: u64 = 1 << 24;

const MAGIC: u16 = 0xeb9f;
const HEADER_SIZE: usize = 24;
/// Size of a type's common part (name, info, size or type).
const TYPE_SIZE: usize = 12;

/// BTF kinds (`BTF_KIND_*`), by number.
const KINDS: [&str; 20] = [
    "void", "int", "ptr", "array", "struct", "union", "enum", "fwd", "typedef", "volatile", "const", "restrict",
    "func", "func_proto", "var", "datasec", "float", "decl_tag", "type_tag", "enum64",
];
const INT: u8 = 1;
const PTR: u8 = 2;
const ARRAY: u8 = 3;
const STRUCT: u8 = 4;
const UNION: u8 = 5;
const ENUM: u8 = 6;
const FWD: u8 = 7;
const TYPEDEF: u8 = 8;
const VOLATILE: u8 = 9;
const CONST: u8 = 10;
const RESTRICT: u8 = 11;
const FUNC: u8 = 12;
const FUNC_PROTO: u8 = 13;
const VAR: u8 = 14;
const DATASEC: u8 = 15;
const FLOAT: u8 = 16;
const DECL_TAG: u8 = 17;
const TYPE_TAG: u8 = 18;
const ENUM64: u8 = 19;

/// Checks every `.BTF` section of the BPF object `elf`. A file that is
/// no 64-bit ELF passes: libbpf refuses it before reading any BTF.
pub fn check_object(elf: &[u8]) -> BpfResult<()> {
    let Some(file) = Elf::new(elf) else { return Ok(()) };
    for section in file.sections_named(".BTF") {
        let at = format!("section .BTF (index {})", section.index);
        let data = file
            .data_of(&section)
            .ok_or_else(|| BpfError::invalid_argument(format!("{at}: its data lies outside the file")))?;
        check(data).map_err(|what| BpfError::invalid_argument(format!("{at}: {what}")))?;
    }
    let elf_sections = file.sections().count() as u64;
    for section in file.sections_named(".BTF.ext") {
        let count = file.data_of(&section).map_or(0, ext_sections);
        if count.saturating_mul(elf_sections) > MAX_EXT_LOOKUPS {
            return Err(BpfError::invalid_argument(format!(
                "section .BTF.ext (index {}): libbpf would look its {count} sections up among the \
                 {elf_sections} ELF sections, more than {MAX_EXT_LOOKUPS} lookups",
                section.index
            )));
        }
    }
    Ok(())
}

/// How many sections the func_info, line_info and core_relo parts of a
/// `.BTF.ext` hold, counted as libbpf walks them (a part that does not
/// fit is counted as far as it goes: libbpf then ignores `.BTF.ext`).
fn ext_sections(data: &[u8]) -> u64 {
    let big_endian = match data.get(..2) {
        Some(m) if u16::from_le_bytes([m[0], m[1]]) == MAGIC => false,
        Some(m) if u16::from_be_bytes([m[0], m[1]]) == MAGIC => true,
        _ => return 0,
    };
    let word = |bytes: &[u8], at: usize| read_u32(bytes, at, big_endian).map(|w| w as usize);
    let Some(header_len) = word(data, 4) else { return 0 };
    // The header has the core_relo part's offset and length from 32 bytes on.
    let parts = if header_len >= 32 { 3 } else { 2 };
    let mut count = 0;
    for part in 0..parts {
        let (Some(offset), Some(len)) = (word(data, 8 + 8 * part), word(data, 12 + 8 * part)) else { break };
        let start = header_len.saturating_add(offset);
        let Some(info) = data.get(start..start.saturating_add(len)) else { continue };
        // A record size, then per section its name, its record count and
        // the records.
        let Some(record_size) = word(info, 0).filter(|&size| size > 0) else { continue };
        let mut at = 4;
        while let Some(records) = word(info, at + 4) {
            count += 1;
            match records.checked_mul(record_size).and_then(|size| size.checked_add(at + 8)) {
                Some(next) => at = next,
                None => break,
            }
        }
    }
    count
}

/// Checks one BTF section's bytes: an error says what is wrong, naming
/// the type.
pub fn check(data: &[u8]) -> Result<(), String> {
    let mut btf = Btf::parse(data)?;
    btf.check_references()?;
    btf.walk(Btf::chain, |btf, id, next| {
        let depth = next.iter().map(|&n| btf.depth[n as usize] + 1).max().unwrap_or(0);
        if depth > MAX_CHAIN {
            return Err(format!("{} starts a chain of more than {MAX_CHAIN} references", btf.describe(id)));
        }
        btf.depth[id as usize] = depth;
        Ok(())
    })
    .map_err(|stop| stop.explain(&btf, "refers back to itself other than through a member or parameter"))?;
    btf.walk(Btf::holds, |btf, id, next| {
        let laid_out = next.iter().fold(1u64, |sum, &n| sum.saturating_add(btf.laid_out[n as usize]));
        if laid_out > MAX_LAID_OUT {
            return Err(format!("{} holds more than {MAX_LAID_OUT} types laid out", btf.describe(id)));
        }
        btf.laid_out[id as usize] = laid_out;
        Ok(())
    })
    .map_err(|stop| stop.explain(&btf, "holds itself other than through a pointer"))?;
    Ok(())
}

/// One type: its kind, its `type` field, and where its kind's records
/// (members, parameters, ...) start in the type section.
#[derive(Clone, Copy)]
struct Type {
    kind: u8,
    vlen: u16,
    refers_to: u32,
    extra: usize,
}

/// A parsed BTF section, with what the walks keep per type (index = id;
/// id 0 is `void`).
struct Btf<'a> {
    types_data: &'a [u8],
    big_endian: bool,
    types: Vec<Type>,
    depth: Vec<u32>,
    laid_out: Vec<u64>,
}

/// Why a walk stopped: a cycle (the ids on it, in order) or a finisher's
/// error.
enum Stop {
    Cycle(Vec<u32>),
    Failed(String),
}

impl Stop {
    fn explain(self, btf: &Btf<'_>, cycle: &str) -> String {
        match self {
            Stop::Failed(why) => why,
            Stop::Cycle(ids) => {
                // A long cycle is named by its first ids.
                let mut path: Vec<String> = ids.iter().take(8).map(u32::to_string).collect();
                if ids.len() > 8 {
                    path.push("...".into());
                }
                path.push(ids[0].to_string());
                format!("{} {cycle} (types {})", btf.describe(ids[0]), path.join(" -> "))
            }
        }
    }
}

impl<'a> Btf<'a> {
    fn parse(data: &'a [u8]) -> Result<Self, String> {
        let big_endian = match data.get(..2) {
            Some(m) if u16::from_le_bytes([m[0], m[1]]) == MAGIC => false,
            Some(m) if u16::from_be_bytes([m[0], m[1]]) == MAGIC => true,
            _ => return Err("no BTF header (magic 0xeb9f)".into()),
        };
        let field = |at: usize| read_u32(data, at, big_endian).ok_or("the BTF header is cut short");
        let header_len = field(4)? as usize;
        let (type_off, type_len, str_off, str_len) = (field(8)?, field(12)?, field(16)?, field(20)?);
        if header_len < HEADER_SIZE || header_len > data.len() {
            return Err(format!("header length {header_len} is not within 24..={}", data.len()));
        }
        let body = &data[header_len..];
        let types_end = u64::from(type_off) + u64::from(type_len);
        let strings_end = u64::from(str_off) + u64::from(str_len);
        if types_end > u64::from(str_off) || strings_end > body.len() as u64 || type_off % 4 != 0 {
            return Err(format!(
                "types at {type_off}+{type_len} and strings at {str_off}+{str_len} do not fit its {} bytes in order",
                body.len()
            ));
        }
        let types_data = &body[type_off as usize..types_end as usize];
        let mut btf = Btf { types_data, big_endian, types: vec![], depth: vec![], laid_out: vec![] };
        btf.types.push(Type { kind: 0, vlen: 0, refers_to: 0, extra: 0 });
        let mut at = 0;
        while at < types_data.len() {
            let id = btf.types.len();
            if id > MAX_TYPES {
                return Err(format!("more than {MAX_TYPES} types"));
            }
            let info = btf.u32(at + 4).ok_or_else(|| format!("type {id} is cut short"))?;
            let refers_to = btf.u32(at + 8).ok_or_else(|| format!("type {id} is cut short"))?;
            let (kind, vlen) = ((info >> 24 & 0x1f) as u8, info as u16);
            let size = extra_size(kind, vlen).ok_or_else(|| format!("type {id} is of unknown kind {kind}"))?;
            let extra = at + TYPE_SIZE;
            if extra + size > types_data.len() {
                let name = KINDS[kind as usize];
                return Err(format!("type {id} ({name}, vlen {vlen}) runs past the end of the type section"));
            }
            btf.types.push(Type { kind, vlen, refers_to, extra });
            at = extra + size;
        }
        btf.depth = vec![0; btf.types.len()];
        btf.laid_out = vec![1; btf.types.len()];
        Ok(btf)
    }

    fn u32(&self, at: usize) -> Option<u32> {
        read_u32(self.types_data, at, self.big_endian)
    }

    /// `type 7 (typedef)`.
    fn describe(&self, id: u32) -> String {
        format!("type {id} ({})", KINDS[self.types[id as usize].kind as usize])
    }

    /// Every type a type names, whatever the edge.
    fn check_references(&self) -> Result<(), String> {
        let last = self.types.len() as u32 - 1;
        let mut next = Vec::new();
        for id in 1..=last {
            next.clear();
            self.chain(id, &mut next);
            self.members(id, &mut next);
            if let Some(bad) = next.iter().find(|&&n| n > last) {
                return Err(format!("{} refers to type {bad}, past the last type {last}", self.describe(id)));
            }
        }
        Ok(())
    }

    /// The types `id` names other than through a member or parameter.
    fn chain(&self, id: u32, next: &mut Vec<u32>) {
        let t = self.types[id as usize];
        match t.kind {
            ARRAY => next.extend([self.field(t, 0), self.field(t, 4)]),
            DATASEC => next.extend((0..t.vlen as usize).map(|i| self.field(t, i * 12))),
            // A prototype's `type` is its return type.
            PTR | TYPEDEF | VOLATILE | CONST | RESTRICT | FUNC | FUNC_PROTO | VAR | DECL_TAG | TYPE_TAG => {
                next.push(t.refers_to)
            }
            _ => {}
        }
    }

    /// The types of `id`'s members or parameters.
    fn members(&self, id: u32, next: &mut Vec<u32>) {
        let t = self.types[id as usize];
        match t.kind {
            STRUCT | UNION => next.extend((0..t.vlen as usize).map(|i| self.field(t, i * 12 + 4))),
            FUNC_PROTO => next.extend((0..t.vlen as usize).map(|i| self.field(t, i * 8 + 4))),
            _ => {}
        }
    }

    /// What `btf__align_of` visits from `id`: a struct's or union's
    /// members, an array's elements, what a typedef or modifier names.
    fn holds(&self, id: u32, next: &mut Vec<u32>) {
        let t = self.types[id as usize];
        match t.kind {
            STRUCT | UNION => self.members(id, next),
            ARRAY => next.push(self.field(t, 0)),
            TYPEDEF | VOLATILE | CONST | RESTRICT | TYPE_TAG => next.push(t.refers_to),
            _ => {}
        }
    }

    /// The u32 at `offset` in `t`'s records (parsed: within the section).
    fn field(&self, t: Type, offset: usize) -> u32 {
        self.u32(t.extra + offset).unwrap_or(0)
    }

    /// Visits every type along `edges` depth first, without recursion,
    /// calling `finish` on each once all it leads to are finished; stops
    /// at the first cycle. Linear in the types and edges.
    fn walk(
        &mut self,
        edges: fn(&Self, u32, &mut Vec<u32>),
        mut finish: impl FnMut(&mut Self, u32, &[u32]) -> Result<(), String>,
    ) -> Result<(), Stop> {
        const NEW: u8 = 0;
        const OPEN: u8 = 1;
        const DONE: u8 = 2;
        let mut state = vec![NEW; self.types.len()];
        state[0] = DONE;
        // The open types (id, where their successors start in `next`,
        // the next successor to visit); `next` stacks their successors.
        let mut open: Vec<(u32, usize, usize)> = Vec::new();
        let mut next: Vec<u32> = Vec::new();
        for root in 1..self.types.len() as u32 {
            if state[root as usize] != NEW {
                continue;
            }
            state[root as usize] = OPEN;
            edges(self, root, &mut next);
            open.push((root, 0, 0));
            while let Some(top) = open.last_mut() {
                let (id, start, visit) = *top;
                if visit < next.len() {
                    top.2 += 1;
                    let child = next[visit];
                    match state[child as usize] {
                        NEW => {
                            state[child as usize] = OPEN;
                            let child_start = next.len();
                            edges(self, child, &mut next);
                            open.push((child, child_start, child_start));
                        }
                        OPEN => {
                            let from = open.iter().position(|&(open_id, ..)| open_id == child).unwrap_or(0);
                            return Err(Stop::Cycle(open[from..].iter().map(|&(open_id, ..)| open_id).collect()));
                        }
                        _ => {}
                    }
                } else {
                    finish(self, id, &next[start..]).map_err(Stop::Failed)?;
                    state[id as usize] = DONE;
                    next.truncate(start);
                    open.pop();
                }
            }
        }
        Ok(())
    }
}

/// The size of the records following a type of `kind` with `vlen`, or
/// `None` for a kind libbpf does not know.
fn extra_size(kind: u8, vlen: u16) -> Option<usize> {
    let vlen = usize::from(vlen);
    Some(match kind {
        PTR | FWD | TYPEDEF | VOLATILE | CONST | RESTRICT | FUNC | FLOAT | TYPE_TAG => 0,
        INT | VAR | DECL_TAG => 4,
        ARRAY => 12,
        ENUM | FUNC_PROTO => vlen * 8,
        STRUCT | UNION | DATASEC | ENUM64 => vlen * 12,
        _ => return None,
    })
}

fn read_u32(data: &[u8], at: usize, big_endian: bool) -> Option<u32> {
    let b: [u8; 4] = data.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(if big_endian { u32::from_be_bytes(b) } else { u32::from_le_bytes(b) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(kind: u8, vlen: u16) -> u32 {
        u32::from(kind) << 24 | u32::from(vlen)
    }

    /// Little-endian BTF of `types` (ids from 1), each given as its u32
    /// words after the name: info, size or type, then its records. The
    /// string section is one empty name.
    fn btf(types: &[Vec<u32>]) -> Vec<u8> {
        let words: Vec<u32> = types.iter().flat_map(|t| std::iter::once(0).chain(t.iter().copied())).collect();
        let type_len = words.len() as u32 * 4;
        let mut data = Vec::new();
        for word in [u32::from(MAGIC) | 1 << 16, 24, 0, type_len, type_len, 1] {
            data.extend_from_slice(&word.to_le_bytes());
        }
        data.extend(words.iter().flat_map(|w| w.to_le_bytes()));
        data.push(0);
        data
    }

    fn int() -> Vec<u32> {
        vec![info(INT, 0), 4, 32]
    }

    fn refers(kind: u8, to: u32) -> Vec<u32> {
        vec![info(kind, 0), to]
    }

    /// A struct or union of members of `types` (names 0, offsets 0).
    fn members(kind: u8, types: &[u32]) -> Vec<u32> {
        let mut t = vec![info(kind, types.len() as u16), 8];
        t.extend(types.iter().flat_map(|&ty| [0, ty, 0]));
        t
    }

    fn error(types: &[Vec<u32>]) -> String {
        check(&btf(types)).unwrap_err()
    }

    #[test]
    fn what_c_makes_passes() {
        // 1 int, 2 struct list { int; struct list *next; }, 3 ptr -> 2,
        // 4 typedef -> 2, 5 const -> 4, 6 proto (ret int, param 3),
        // 7 func -> 6, 8 array of 5 indexed by 1, 9 var -> 8,
        // 10 datasec holding 9, 11 union of 2 and 8.
        let types = [
            int(),
            members(STRUCT, &[1, 3]),
            refers(PTR, 2),
            refers(TYPEDEF, 2),
            refers(CONST, 4),
            vec![info(FUNC_PROTO, 1), 1, 0, 3],
            refers(FUNC, 6),
            vec![info(ARRAY, 0), 0, 5, 1, 4],
            vec![info(VAR, 0), 8, 1],
            vec![info(DATASEC, 1), 64, 9, 0, 64],
            members(UNION, &[2, 8]),
        ];
        assert_eq!(check(&btf(&types)), Ok(()));
    }

    #[test]
    fn a_typedef_or_const_naming_itself_is_refused() {
        let e = error(&[int(), refers(TYPEDEF, 2)]);
        assert_eq!(e, "type 2 (typedef) refers back to itself other than through a member or parameter (types 2 -> 2)");
        let e = error(&[refers(CONST, 2), refers(VOLATILE, 1)]);
        assert!(e.starts_with("type 1 (const) refers back to itself") && e.ends_with("(types 1 -> 2 -> 1)"), "{e}");
        let e = error(&[refers(PTR, 1)]);
        assert!(e.starts_with("type 1 (ptr) refers back to itself"), "{e}");
        let e = error(&[vec![info(ARRAY, 0), 0, 1, 1, 4]]);
        assert!(e.starts_with("type 1 (array) refers back to itself"), "{e}");
    }

    #[test]
    fn a_long_loop_is_found_without_recursion() {
        let mut types: Vec<Vec<u32>> = (2..=500_000).map(|next| refers(TYPEDEF, next)).collect();
        types.push(refers(CONST, 1));
        let e = error(&types);
        assert!(e.starts_with("type 1 (typedef) refers back to itself"), "{e}");
        assert!(e.ends_with("(types 1 -> 2 -> 3 -> 4 -> 5 -> 6 -> 7 -> 8 -> ... -> 1)"), "{e}");
    }

    #[test]
    fn chains_are_capped_at_32_references() {
        let chain =
            |len: u32| -> Vec<Vec<u32>> { std::iter::once(int()).chain((1..=len).map(|i| refers(PTR, i))).collect() };
        assert_eq!(check(&btf(&chain(MAX_CHAIN))), Ok(()));
        let e = error(&chain(MAX_CHAIN + 1));
        assert_eq!(e, "type 34 (ptr) starts a chain of more than 32 references");
        assert!(error(&chain(1000)).ends_with("starts a chain of more than 32 references"));
    }

    #[test]
    fn a_struct_holding_itself_or_too_much_is_refused() {
        let e = error(&[members(STRUCT, &[2]), vec![info(ARRAY, 0), 0, 1, 3, 4], int()]);
        assert!(e.starts_with("type 1 (struct) holds itself other than through a pointer (types 1 -> 2 -> 1)"), "{e}");
        // 2 000 ints in a struct, held 1 000 times by another.
        let wide = members(STRUCT, &[1; 2000]);
        let e = error(&[int(), wide, members(STRUCT, &[2; 1000])]);
        assert_eq!(e, "type 3 (struct) holds more than 1048576 types laid out");
    }

    #[test]
    fn references_out_of_range_are_refused() {
        let e = error(&[int(), members(STRUCT, &[1, 99])]);
        assert_eq!(e, "type 2 (struct) refers to type 99, past the last type 2");
        let e = error(&[vec![info(FUNC_PROTO, 1), 0, 0, 7]]);
        assert_eq!(e, "type 1 (func_proto) refers to type 7, past the last type 1");
    }

    #[test]
    fn sizes_and_bounds_are_checked() {
        assert_eq!(
            error(&[vec![info(STRUCT, u16::MAX), 8]]),
            "type 1 (struct, vlen 65535) runs past the end of the type section"
        );
        assert_eq!(error(&[vec![info(25, 0), 0]]), "type 1 is of unknown kind 25");
        let good = btf(&[int()]);
        for cut in [0, 1, 10, 23] {
            assert!(check(&good[..cut]).is_err(), "cut at {cut}");
        }
        // The type section running past the data.
        let mut long = good.clone();
        long[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(check(&long).unwrap_err().contains("do not fit"));
        // A type cut short inside the type section.
        let mut short = btf(&[int()]);
        short[12..16].copy_from_slice(&8u32.to_le_bytes());
        assert_eq!(check(&short).unwrap_err(), "type 1 is cut short");
    }

    #[test]
    fn more_types_than_the_kernel_takes_are_refused() {
        let types: Vec<Vec<u32>> = (0..=MAX_TYPES as u32).map(|_| refers(PTR, 0)).collect();
        assert_eq!(error(&types), format!("more than {MAX_TYPES} types"));
    }

    #[test]
    fn big_endian_btf_is_read_as_such() {
        let little = btf(&[int(), refers(TYPEDEF, 2)]);
        let big: Vec<u8> = little[..little.len() - 1]
            .chunks(4)
            .enumerate()
            .flat_map(|(i, w)| {
                // The magic (2 bytes) and version and flags (1 each).
                let w: [u8; 4] = w.try_into().unwrap();
                if i == 0 {
                    [w[1], w[0], w[2], w[3]]
                } else {
                    [w[3], w[2], w[1], w[0]]
                }
            })
            .chain([0])
            .collect();
        assert!(check(&big).unwrap_err().starts_with("type 2 (typedef) refers back to itself"));
    }

    #[test]
    fn every_btf_section_is_checked_wherever_libelf_finds_it() {
        use crate::elf::tests::{build, extended_numbering};
        let good = btf(&[int()]);
        let looped = btf(&[int(), refers(TYPEDEF, 2)]);
        assert_eq!(check_object(&build(&[(".text", &[0; 8]), (".BTF", &good)])), Ok(()));
        for file in [
            build(&[(".BTF", &looped)]),
            extended_numbering(build(&[(".BTF", &looped)])),
            build(&[(".BTF", &good), (".text", &[0; 8]), (".BTF", &looped)]),
            build(&[(".BTF", &looped), (".BTF", &good)]),
        ] {
            let e = check_object(&file).unwrap_err();
            assert_eq!(e.code, crate::error::ErrorCode::InvalidArgument);
            assert!(e.message.contains("section .BTF (index ") && e.message.contains("type 2 (typedef)"), "{e}");
        }
        // A section whose data lies past the file.
        let mut file = build(&[(".BTF", &good)]);
        let header = file.len() - 2 * 64;
        file[header + 0x20..header + 0x28].copy_from_slice(&u64::MAX.to_le_bytes());
        assert_eq!(check_object(&file).unwrap_err().message, "section .BTF (index 1): its data lies outside the file");
        // Not a 64-bit ELF file: for libbpf to refuse.
        assert_eq!(check_object(b"garbage"), Ok(()));
    }

    /// A `.BTF.ext` of `count` func_info sections of one record each.
    fn btf_ext(count: usize) -> Vec<u8> {
        let func_info_len = 4 + count as u32 * 16;
        let header = [u32::from(MAGIC) | 1 << 16, 32, 0, func_info_len, 0, 0, 0, 0, 8];
        let sections = (0..count).flat_map(|_| [1, 1, 0, 0]);
        header.into_iter().chain(sections).flat_map(u32::to_le_bytes).collect()
    }

    #[test]
    fn btf_ext_lookups_are_capped() {
        use crate::elf::tests::build;
        let good = btf(&[int()]);
        let ext = btf_ext(4096);
        let mut sections: Vec<(&str, &[u8])> = vec![(".BTF", &good), (".BTF.ext", &ext)];
        assert_eq!(ext_sections(&ext), 4096);
        assert_eq!(check_object(&build(&sections)), Ok(()));
        sections.extend(std::iter::repeat_n(("s", &[][..]), 4094));
        let e = check_object(&build(&sections)).unwrap_err();
        assert_eq!(
            e.message,
            "section .BTF.ext (index 2): libbpf would look its 4096 sections up among the 4098 ELF sections, \
             more than 16777216 lookups"
        );
        // Cut or malformed: counted as far as it goes, without a panic.
        for cut in 0..64 {
            assert!(ext_sections(&ext[..cut]) <= 4096);
        }
        let mut huge = ext.clone();
        huge[40..44].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(ext_sections(&huge), 1);
    }

    #[test]
    fn a_real_object_passes() {
        assert_eq!(check_object(include_bytes!("../tests/data/subprogram.bpf.o")), Ok(()));
    }
}
