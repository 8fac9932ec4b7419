//! Hostile rewrites of plain.bpf.o's BTF (a module of build.rs; see
//! docs/bad-inputs.md): BTF that libbpf alone follows for ever (a typedef
//! or const naming itself, as the type of the map in `.maps`, also where
//! only extended ELF numbering, a section header size of 0 or a second
//! `.BTF` section shows it), BTF
//! that runs deep (a chain of 1 000 pointers), and BTF libbpf refuses by
//! itself (a member's type out of range, a struct of 65 535 members that
//! are not there, a `.BTF` section cut in half), and a `.BTF.ext` whose
//! sections libbpf looks up among 5 000 ELF sections one by one (25
//! million string compares; time grows with the square of the count).
//!
//! plain.bpf.o's BTF has a map `plain_counts` (a VAR in DATASEC `.maps`)
//! whose key is a `__u32` (a TYPEDEF): the rewrites find both by name.
//! It is a little-endian object straight from clang, so this reads it
//! without the checks a parser of hostile files needs.

const KIND_PTR: u32 = 2;
const KIND_STRUCT: u32 = 4;
const KIND_TYPEDEF: u32 = 8;
const KIND_CONST: u32 = 10;
const KIND_VAR: u32 = 14;
const KIND_DATASEC: u32 = 15;
const SHN_XINDEX: u16 = 0xffff;
/// Offsets in a BTF header, an ELF header and a section header.
const BTF_TYPE_LEN: usize = 12;
const BTF_STR_OFF: usize = 16;
const E_SHOFF: usize = 0x28;
const E_SHENTSIZE: usize = 0x3a;
const E_SHNUM: usize = 0x3c;
const E_SHSTRNDX: usize = 0x3e;
const SH_OFFSET: usize = 0x18;
const SH_SIZE: usize = 0x20;
const SH_LINK: usize = 0x28;
const SHDR_SIZE: usize = 64;
/// Size of one ELF64 symbol.
const SYM_SIZE: usize = 24;

/// Every rewrite of `plain` (plain.bpf.o): (file stem, bytes).
pub fn variants(plain: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let looped = typedef_loop(plain, KIND_TYPEDEF);
    vec![
        ("hostile_typedef_loop", looped.clone()),
        ("hostile_const_loop", typedef_loop(plain, KIND_CONST)),
        ("hostile_typedef_loop_xindex", names_index_in_section_0(looped.clone())),
        ("hostile_typedef_loop_shnum0", count_in_section_0(looped.clone())),
        ("hostile_typedef_loop_shentsize0", entry_size_0(looped.clone())),
        ("hostile_typedef_loop_second_btf", with_second_btf(plain, &looped)),
        ("hostile_ptr_chain", ptr_chain(plain, 1000)),
        ("hostile_member_out_of_range", member_out_of_range(plain)),
        ("hostile_huge_vlen", huge_vlen(plain)),
        ("hostile_truncated_btf", truncated_btf(plain)),
        ("hostile_btf_ext_lookups", btf_ext_lookups(plain, 5000)),
    ]
}

fn u16_at(data: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([data[at], data[at + 1]])
}

fn u32_at(data: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(data[at..at + 4].try_into().unwrap())
}

fn u64_at(data: &[u8], at: usize) -> usize {
    u64::from_le_bytes(data[at..at + 8].try_into().unwrap()) as usize
}

fn put_u32(data: &mut [u8], at: usize, value: u32) {
    data[at..at + 4].copy_from_slice(&value.to_le_bytes());
}

fn put_u64(data: &mut [u8], at: usize, value: usize) {
    data[at..at + 8].copy_from_slice(&(value as u64).to_le_bytes());
}

/// Where section header `index` starts.
fn header(elf: &[u8], index: usize) -> usize {
    u64_at(elf, E_SHOFF) + index * SHDR_SIZE
}

/// The index of the section named `name`.
fn section(elf: &[u8], name: &str) -> usize {
    let names = header(elf, usize::from(u16_at(elf, E_SHSTRNDX)));
    let names = u64_at(elf, names + SH_OFFSET);
    (0..usize::from(u16_at(elf, E_SHNUM)))
        .find(|&i| {
            let at = names + u32_at(elf, header(elf, i)) as usize;
            elf[at..].split(|&b| b == 0).next() == Some(name.as_bytes())
        })
        .unwrap_or_else(|| panic!("plain.bpf.o has no section {name}"))
}

/// Where `.BTF`'s bytes are in the file: (start, length).
fn btf_bytes(elf: &[u8]) -> (usize, usize) {
    let h = header(elf, section(elf, ".BTF"));
    (u64_at(elf, h + SH_OFFSET), u64_at(elf, h + SH_SIZE))
}

/// One type of plain.bpf.o's BTF: where it starts in the file, its id,
/// kind and name.
struct Type {
    at: usize,
    id: u32,
    kind: u32,
    name: Vec<u8>,
}

/// Every type of `elf`'s `.BTF`, in order.
fn types(elf: &[u8]) -> Vec<Type> {
    let (btf, _) = btf_bytes(elf);
    let header_len = u32_at(elf, btf + 4) as usize;
    let strings = btf + header_len + u32_at(elf, btf + BTF_STR_OFF) as usize;
    let mut at = btf + header_len + u32_at(elf, btf + 8) as usize;
    let end = at + u32_at(elf, btf + BTF_TYPE_LEN) as usize;
    let mut types = Vec::new();
    while at < end {
        let info = u32_at(elf, at + 4);
        let name = elf[strings + u32_at(elf, at) as usize..].split(|&b| b == 0).next().unwrap().to_vec();
        let (kind, vlen) = (info >> 24, (info & 0xffff) as usize);
        types.push(Type { at, id: types.len() as u32 + 1, kind, name });
        // What follows the common 12 bytes, by kind: int, var and
        // decl_tag 4 bytes; array 12; enum and func_proto 8 per vlen;
        // struct, union, datasec and enum64 12 per vlen.
        at += 12 + match kind {
            1 | 14 | 17 => 4,
            3 => 12,
            6 | 13 => 8 * vlen,
            4 | 5 | 15 | 19 => 12 * vlen,
            _ => 0,
        };
    }
    types
}

/// The type of `kind` named `name`: (where it starts in the file, id).
fn find_type(elf: &[u8], kind: u32, name: &str) -> (usize, u32) {
    let found = types(elf).into_iter().find(|t| t.kind == kind && t.name == name.as_bytes());
    let found = found.unwrap_or_else(|| panic!("plain.bpf.o's BTF has no {name}"));
    (found.at, found.id)
}

/// The typedef `__u32` rewritten as `kind` naming itself, and made the
/// type of the map `plain_counts`.
fn typedef_loop(plain: &[u8], kind: u32) -> Vec<u8> {
    let mut elf = plain.to_vec();
    let (typedef, id) = find_type(&elf, KIND_TYPEDEF, "__u32");
    let (var, _) = find_type(&elf, KIND_VAR, "plain_counts");
    if kind == KIND_CONST {
        // Modifiers have no name.
        put_u32(&mut elf, typedef, 0);
    }
    put_u32(&mut elf, typedef + 4, kind << 24);
    put_u32(&mut elf, typedef + 8, id);
    put_u32(&mut elf, var + 8, id);
    elf
}

/// `e_shstrndx` SHN_XINDEX, the names' index in section 0's `sh_link`.
fn names_index_in_section_0(mut elf: Vec<u8>) -> Vec<u8> {
    let index = u16_at(&elf, E_SHSTRNDX);
    let section_0 = header(&elf, 0);
    put_u32(&mut elf, section_0 + SH_LINK, u32::from(index));
    elf[E_SHSTRNDX..E_SHSTRNDX + 2].copy_from_slice(&SHN_XINDEX.to_le_bytes());
    elf
}

/// `e_shnum` 0, the section count in section 0's `sh_size`.
fn count_in_section_0(mut elf: Vec<u8>) -> Vec<u8> {
    let count = usize::from(u16_at(&elf, E_SHNUM));
    let section_0 = header(&elf, 0);
    put_u64(&mut elf, section_0 + SH_SIZE, count);
    elf[E_SHNUM..E_SHNUM + 2].copy_from_slice(&[0, 0]);
    elf
}

/// `e_shentsize` 0: libelf reads 64-byte entries whatever it says.
fn entry_size_0(mut elf: Vec<u8>) -> Vec<u8> {
    elf[E_SHENTSIZE..E_SHENTSIZE + 2].copy_from_slice(&[0, 0]);
    elf
}

/// Appends `data` (8-byte aligned) and returns where it starts.
fn append(elf: &mut Vec<u8>, data: &[u8]) -> usize {
    elf.resize(elf.len().next_multiple_of(8), 0);
    let at = elf.len();
    elf.extend_from_slice(data);
    at
}

/// `plain`, its `.BTF` kept, with a second `.BTF` section (the last,
/// which libbpf takes) holding `looped`'s.
fn with_second_btf(plain: &[u8], looped: &[u8]) -> Vec<u8> {
    let mut elf = plain.to_vec();
    let (start, len) = btf_bytes(looped);
    let data = append(&mut elf, &looped[start..start + len]);
    let btf_header = header(&elf, section(&elf, ".BTF"));
    let mut second = elf[btf_header..btf_header + SHDR_SIZE].to_vec();
    put_u64(&mut second, SH_OFFSET, data);
    // The section header table, moved to the end with one entry more.
    let count = usize::from(u16_at(&elf, E_SHNUM));
    let mut table = elf[header(&elf, 0)..header(&elf, count)].to_vec();
    table.extend_from_slice(&second);
    let table_at = append(&mut elf, &table);
    put_u64(&mut elf, E_SHOFF, table_at);
    elf[E_SHNUM..E_SHNUM + 2].copy_from_slice(&(count as u16 + 1).to_le_bytes());
    elf
}

/// `plain` whose `.BTF` ends with `depth` pointers, each to the one
/// before, the first to `__u32`.
fn ptr_chain(plain: &[u8], depth: u32) -> Vec<u8> {
    let (_, first_target) = find_type(plain, KIND_TYPEDEF, "__u32");
    let last_id = types(plain).len() as u32;
    let chain: Vec<u32> = (0..depth)
        .flat_map(|i| [0, KIND_PTR << 24, if i == 0 { first_target } else { last_id + i }])
        .collect();
    with_types(plain, &chain)
}

/// `plain` whose `.BTF` ends with the types `words` (u32s), the section
/// moved to the end of the file, grown.
fn with_types(plain: &[u8], words: &[u32]) -> Vec<u8> {
    let mut elf = plain.to_vec();
    let (start, len) = btf_bytes(&elf);
    let btf = &elf[start..start + len];
    let header_len = u32_at(btf, 4) as usize;
    let types_end = header_len + u32_at(btf, 8) as usize + u32_at(btf, BTF_TYPE_LEN) as usize;
    let added: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    let mut grown = btf[..types_end].to_vec();
    grown.extend_from_slice(&added);
    grown.extend_from_slice(&btf[types_end..]);
    put_u32(&mut grown, BTF_TYPE_LEN, u32_at(btf, BTF_TYPE_LEN) + added.len() as u32);
    put_u32(&mut grown, BTF_STR_OFF, u32_at(btf, BTF_STR_OFF) + added.len() as u32);
    let at = append(&mut elf, &grown);
    let h = header(&elf, section(&elf, ".BTF"));
    put_u64(&mut elf, h + SH_OFFSET, at);
    put_u64(&mut elf, h + SH_SIZE, grown.len());
    elf
}

/// `plain` made slow for libbpf to open, though its BTF passes every
/// check: a second DATASEC `license` of 65 535 entries, each the variable
/// `LICENSE`, and a symbol table whose `LICENSE` comes after `symbols`
/// empty ones (the first `LICENSE` loses its name). libbpf looks each
/// entry's symbol up among them all: 65 535 × `symbols` steps. Made by
/// the guests at run time (bad_inputs `slow-open`), not embedded, so that
/// inspect of them stays quick.
pub fn slow_to_open(plain: &[u8], symbols: usize) -> Vec<u8> {
    let (license_sec, _) = find_type(plain, KIND_DATASEC, "license");
    let (_, license_var) = find_type(plain, KIND_VAR, "LICENSE");
    let entries = u32::from(u16::MAX);
    let mut datasec = vec![u32_at(plain, license_sec), KIND_DATASEC << 24 | entries, 13];
    datasec.extend((0..entries).flat_map(|_| [license_var, 0, 13]));
    let mut elf = with_types(plain, &datasec);
    let symtab = header(&elf, section(&elf, ".symtab"));
    let (start, size) = (u64_at(&elf, symtab + SH_OFFSET), u64_at(&elf, symtab + SH_SIZE));
    let strtab = u64_at(&elf, header(&elf, u32_at(&elf, symtab + SH_LINK) as usize) + SH_OFFSET);
    let license = (start..start + size).step_by(SYM_SIZE).find(|&sym| {
        let name = strtab + u32_at(&elf, sym) as usize;
        elf[name..].split(|&b| b == 0).next() == Some(b"LICENSE".as_slice())
    });
    let license = license.expect("plain.bpf.o has a symbol LICENSE");
    let mut table = elf[start..start + size].to_vec();
    table.resize(size + symbols * SYM_SIZE, 0);
    table.extend_from_slice(&elf[license..license + SYM_SIZE]);
    put_u32(&mut table, license - start, 0);
    let at = append(&mut elf, &table);
    put_u64(&mut elf, symtab + SH_OFFSET, at);
    put_u64(&mut elf, symtab + SH_SIZE, table.len());
    elf
}

/// The map's struct with its `key` member's type out of range.
fn member_out_of_range(plain: &[u8]) -> Vec<u8> {
    let mut elf = plain.to_vec();
    let def = map_struct(&elf);
    // Members: (name, type, offset), 12 bytes each; `key` is the third.
    put_u32(&mut elf, def + 12 + 2 * 12 + 4, 0x00ff_fff0);
    elf
}

/// The map's struct claiming 65 535 members.
fn huge_vlen(plain: &[u8]) -> Vec<u8> {
    let mut elf = plain.to_vec();
    let def = map_struct(&elf);
    put_u32(&mut elf, def + 4, KIND_STRUCT << 24 | 0xffff);
    elf
}

/// Where the map's struct (the type of the VAR `plain_counts`) starts.
fn map_struct(elf: &[u8]) -> usize {
    let (var, _) = find_type(elf, KIND_VAR, "plain_counts");
    let id = u32_at(elf, var + 8);
    types(elf).into_iter().find(|t| t.id == id && t.kind == KIND_STRUCT).expect("plain_counts is a struct").at
}

/// `plain` with `count` more (empty, unnamed) sections and a `.BTF.ext`
/// of `count` func_info sections, each naming an ELF section that is not
/// there: well-formed, and libbpf looks each name up among all the ELF
/// sections (count² string compares) while it opens the object.
fn btf_ext_lookups(plain: &[u8], count: usize) -> Vec<u8> {
    let mut elf = plain.to_vec();
    // A name from .BTF's strings that no section has: the map's.
    let (var, _) = find_type(&elf, KIND_VAR, "plain_counts");
    let name_off = u32_at(&elf, var);
    // Header: magic, version 1, flags 0, hdr_len 32, func_info (off 0,
    // len), line_info (0, 0), core_relo (0, 0); then the record size (8)
    // and per section: name, one record (instruction 0, type 0).
    let func_info_len = 4 + count * 16;
    let mut ext: Vec<u8> = [0xeb9f_u32 | 1 << 16, 32, 0, func_info_len as u32, 0, 0, 0, 0, 8]
        .iter()
        .flat_map(|w| w.to_le_bytes())
        .collect();
    for _ in 0..count {
        ext.extend([name_off, 1, 0, 0].iter().flat_map(|w| w.to_le_bytes()));
    }
    let ext_at = append(&mut elf, &ext);
    let ext_header = header(&elf, section(&elf, ".BTF.ext"));
    put_u64(&mut elf, ext_header + SH_OFFSET, ext_at);
    put_u64(&mut elf, ext_header + SH_SIZE, ext.len());
    // The section header table, moved to the end with `count` empty
    // PROGBITS sections more (name 0: the empty name).
    let sections = usize::from(u16_at(&elf, E_SHNUM));
    let mut table = elf[header(&elf, 0)..header(&elf, sections)].to_vec();
    let mut empty = [0u8; SHDR_SIZE];
    empty[4] = 1;
    for _ in 0..count {
        table.extend_from_slice(&empty);
    }
    let table_at = append(&mut elf, &table);
    put_u64(&mut elf, E_SHOFF, table_at);
    let total = sections + count;
    if total < 0xff00 {
        elf[E_SHNUM..E_SHNUM + 2].copy_from_slice(&(total as u16).to_le_bytes());
    } else {
        elf[E_SHNUM..E_SHNUM + 2].copy_from_slice(&[0, 0]);
        let section_0 = header(&elf, 0);
        put_u64(&mut elf, section_0 + SH_SIZE, total);
    }
    elf
}

/// `.BTF`'s section header saying half its size.
fn truncated_btf(plain: &[u8]) -> Vec<u8> {
    let mut elf = plain.to_vec();
    let (_, len) = btf_bytes(&elf);
    let h = header(&elf, section(&elf, ".BTF"));
    put_u64(&mut elf, h + SH_SIZE, len / 2);
    elf
}
