//! The C skeleton of one BPF object (`NAME.skel.h`, libbpf's shape for
//! the C SDK): the object's bytes and `struct NAME_bpf` with its programs,
//! maps, links and global variables by their real names, plus
//! `NAME_bpf__open`, `__load`, `__attach`, `__destroy`.
//!
//! Like bpftool's skeleton, it declares none of the object's own types: the
//! program's header (`NAME.h`, shared with the BPF side) does, and both
//! must compile side by side. A data section's struct writes integers,
//! enums and pointers as fixed-width integers of their BPF size (wasm32's
//! `long` and pointers are 4 bytes), anonymous structs and unions inline,
//! and names a named struct or union (or a typedef of one) as the program
//! knows it, asserting its size on wasm32. Mirrors of the object's types
//! and their WIT conversions are `c_types`' header (`NAME.types.h`).

use std::fmt::Write as _;
use std::path::Path;

use crate::btf::{Btf, BtfError, Kind, TypeId};
use crate::c_types::declare_prim;
use crate::layout::{Body, Layouts, Prim, Slot, TypeRef};
use crate::object::Global;
use crate::object_types::read;

/// The member name of a data section in the skeleton (libbpf's rule:
/// `.rodata` is `rodata`, `.data.counters` is `data_counters`).
fn section_member(section: &str) -> String {
    section.trim_start_matches('.').replace(['.', '-'], "_")
}

/// A data section's member name in the skeleton and its globals, each
/// with its C declaration and its size on the BPF side.
type Section<'o> = (String, Vec<(&'o Global, String, u32)>);

/// Declarations of a data section's members, as bpftool writes them but
/// for wasm32.
struct Members<'a, 'b> {
    btf: &'a Btf,
    layouts: &'a Layouts<'b>,
    /// The program's types named so far: (id, C type), each once.
    named: std::cell::RefCell<Vec<(TypeId, String)>>,
}

impl Members<'_, '_> {
    /// The declaration of `name` with type `ty`; `depth` is the nesting of
    /// inline anonymous types (for their indentation).
    fn declare(&self, ty: &TypeRef, name: &str, depth: usize) -> String {
        match ty {
            TypeRef::Prim(p) => declare_prim(*p, name),
            TypeRef::Array(elem, len) => self.declare(elem, &format!("{name}[{len}]"), depth),
            TypeRef::Named(id) => {
                let Some(c) = self.layouts.composites.iter().find(|c| c.id == *id) else {
                    return declare_prim(Prim::Bytes(self.btf.size_of(*id).unwrap_or(0)), name);
                };
                let tag = match c.body {
                    // Enums are carried in an integer of the BPF size,
                    // which a C enum type does not promise.
                    Body::Enum { signed, .. } => return declare_prim(Prim::enum_repr(c.size, signed), name),
                    Body::Union { .. } => "union",
                    Body::Struct { .. } => "struct",
                };
                let btf_name = self.btf.get(*id).map_or("", |t| t.name.as_str());
                let c_type = if !btf_name.is_empty() {
                    Some(format!("{tag} {btf_name}"))
                } else {
                    self.layouts.typedef_name(*id).map(str::to_string)
                };
                if let Some(c_type) = c_type {
                    let mut named = self.named.borrow_mut();
                    if !named.iter().any(|(n, _)| n == id) {
                        named.push((*id, c_type.clone()));
                    }
                    return format!("{c_type} {name}");
                }
                self.inline(c, tag, name, depth)
            }
        }
    }

    /// An anonymous struct or union written out where it is used, with the
    /// layout's padding (as bpftool writes anonymous types inline).
    fn inline(&self, c: &crate::layout::Composite, tag: &str, name: &str, depth: usize) -> String {
        let tabs = "\t".repeat(depth + 2);
        let mut fields = String::new();
        let attr = match &c.body {
            Body::Struct { packed, slots } => {
                for slot in slots {
                    match slot {
                        Slot::Field { name, ty, .. } => writeln!(fields, "{tabs}{};", self.declare(ty, name, depth + 1)).unwrap(),
                        Slot::Pad { offset, len } => writeln!(fields, "{tabs}uint8_t _pad_{offset}[{len}];").unwrap(),
                        Slot::Bitfields { offset, len, names, .. } => {
                            writeln!(fields, "{tabs}uint8_t _bitfields_{offset}[{len}]; /* {} */", names.join(", ")).unwrap()
                        }
                    }
                }
                if *packed { " __attribute__((packed))" } else { "" }
            }
            Body::Union { members } => {
                for (member, ty, _) in members {
                    writeln!(fields, "{tabs}{};", self.declare(ty, member, depth + 1)).unwrap();
                }
                writeln!(fields, "{tabs}uint8_t _raw[{}];", c.size).unwrap();
                " __attribute__((packed))"
            }
            Body::Enum { .. } => unreachable!("enums are integers"),
        };
        let close = "\t".repeat(depth + 1);
        format!("{tag}{attr} {{\n{fields}{close}}} {name}")
    }
}

/// `_Static_assert`s that the program's definition of `c_type` (BTF type
/// `id`) lays out every named member as the BPF side does on wasm32:
/// offset and size, through nested structs and unions (bitfields and
/// flexible arrays aside, which C cannot measure).
fn member_asserts(out: &mut String, btf: &Btf, id: TypeId, c_type: &str, path: &str, base: u32, depth: u32) {
    let Some(Kind::Struct { members, .. } | Kind::Union { members, .. }) = btf.get(btf.resolve(id)).map(|t| &t.kind) else { return };
    if depth > crate::btf::MAX_DEPTH {
        return;
    }
    for m in members {
        let narrow_int = matches!(btf.get(btf.resolve(m.ty)).map(|t| &t.kind),
            Some(Kind::Int { size, bits, .. }) if *bits != 0 && u64::from(*bits) < u64::from(*size) * 8);
        if m.bitfield_size != 0 || m.bit_offset % 8 != 0 || narrow_int {
            continue;
        }
        let offset = base + m.bit_offset / 8;
        // An anonymous member's fields are the parent's.
        let member_path = if m.name.is_empty() { path.to_string() } else if path.is_empty() { m.name.clone() } else { format!("{path}.{}", m.name) };
        if !m.name.is_empty() {
            let Ok(size) = btf.size_of(m.ty) else { continue };
            if size == 0 {
                continue;
            }
            writeln!(
                out,
                "_Static_assert(offsetof({c_type}, {member_path}) == {offset} && sizeof((({c_type} *)0)->{member_path}) == {size}, \"{c_type}.{member_path}: its layout on wasm32 differs from the BPF side\");"
            )
            .unwrap();
        }
        member_asserts(out, btf, m.ty, c_type, &member_path, offset, depth + 1);
    }
}

/// `bpf_object__{get,set}_global` of every global of `sections` between
/// the skeleton's copy and the object, running `on_error` on a failure.
fn global_calls(sections: &[Section<'_>], direction: &str, on_error: &str) -> String {
    let mut out = String::new();
    for (member, globals) in sections {
        for (g, _, _) in globals {
            writeln!(
                out,
                "\tif (bpf_object__{direction}_global(skel->obj, \"{0}\", &skel->{member}->{0}, sizeof(skel->{member}->{0})))\n\t\t{on_error};",
                g.name
            )
            .unwrap();
        }
    }
    out
}

/// Generates `NAME.skel.h` for the object at `object_path` (embedded as a
/// byte array). It declares no type of the object (see the module's
/// documentation).
pub fn c_skeleton(name: &str, object_path: &Path) -> Result<String, BtfError> {
    let elf = std::fs::read(object_path).map_err(|e| BtfError(format!("{}: {e}", object_path.display())))?;
    let object = read(object_path)?;
    let mut layouts = Layouts::new(&object.btf);
    let mut global_types = Vec::new();
    for global in &object.globals {
        global_types.push((global, layouts.add(global.ty, &global.name)?, object.btf.size_of(global.ty)?));
    }
    let skel = format!("{name}_bpf");
    let guard = format!("{}_SKEL_H", name.to_uppercase());
    let members = Members { btf: &object.btf, layouts: &layouts, named: Default::default() };

    // Data sections in order of first appearance, each with its globals.
    let mut sections: Vec<Section> = Vec::new();
    for (global, ty, size) in &global_types {
        let member = section_member(&global.section);
        let decl = members.declare(ty, &global.name, 0);
        match sections.iter_mut().find(|(m, _)| *m == member) {
            Some((_, globals)) => globals.push((global, decl, *size)),
            None => sections.push((member, vec![(global, decl, *size)])),
        }
    }

    let mut out = String::new();
    writeln!(
        out,
        "/* Generated by wasi-bpf-gen from {}: do not edit. */\n\
         #ifndef {guard}\n#define {guard}\n\n\
         #include <errno.h>\n#include <stddef.h>\n#include <stdint.h>\n#include <stdlib.h>\n\n\
         #include <bpf/libbpf.h>\n",
        object_path.display()
    )
    .unwrap();

    let named = members.named.borrow();
    if !named.is_empty() {
        let list: Vec<&str> = named.iter().map(|(_, c)| c.as_str()).collect();
        writeln!(
            out,
            "/* The program's own types of its globals ({}): as with bpftool's skeletons, their\n * definitions ({name}.h, or {name}.types.h) come before this file. */",
            list.join(", ")
        )
        .unwrap();
        for (id, c_type) in named.iter() {
            writeln!(out, "_Static_assert(sizeof({c_type}) == {}, \"{c_type}: its size on wasm32 differs from the BPF side\");", object.btf.size_of(*id)?).unwrap();
            member_asserts(&mut out, &object.btf, *id, c_type, "", 0, 0);
        }
        writeln!(out).unwrap();
    }

    for (member, globals) in &sections {
        writeln!(out, "/* The globals of section {}: read from the object by {skel}__open, written to it by {skel}__load. */", globals[0].0.section).unwrap();
        writeln!(out, "struct {skel}__{member} {{").unwrap();
        for (_, decl, _) in globals {
            writeln!(out, "\t{decl};").unwrap();
        }
        writeln!(out, "}};").unwrap();
        // A named type is the program's (its header's, as with bpftool):
        // its size on wasm32 must be the BPF side's.
        for (g, _, size) in globals {
            writeln!(
                out,
                "_Static_assert(sizeof(((struct {skel}__{member} *)0)->{0}) == {size}, \"{skel}__{member}.{0}: its type's size on wasm32 differs from the BPF side\");",
                g.name
            )
            .unwrap();
        }
        writeln!(out).unwrap();
    }

    writeln!(out, "struct {skel} {{\n\tstruct bpf_object *obj;").unwrap();
    let group = |out: &mut String, what: &str, ty: &str, names: &[&str]| {
        if names.is_empty() {
            return;
        }
        writeln!(out, "\tstruct {{").unwrap();
        for n in names {
            writeln!(out, "\t\tstruct {ty} *{n};").unwrap();
        }
        writeln!(out, "\t}} {what};").unwrap();
    };
    let maps: Vec<&str> = object.maps.iter().map(|m| m.name.as_str()).collect();
    let progs: Vec<&str> = object.programs.iter().map(|p| p.name.as_str()).collect();
    group(&mut out, "maps", "bpf_map", &maps);
    group(&mut out, "progs", "bpf_program", &progs);
    group(&mut out, "links", "bpf_link", &progs);
    for (member, _) in &sections {
        writeln!(out, "\tstruct {skel}__{member} *{member};").unwrap();
    }
    for (member, _) in &sections {
        writeln!(out, "\tstruct {skel}__{member} _{member}_storage;").unwrap();
    }
    writeln!(out, "}};\n").unwrap();

    // The object's bytes.
    writeln!(out, "static const unsigned char {skel}__elf_bytes[{}] __attribute__((aligned(8))) = {{", elf.len()).unwrap();
    for chunk in elf.chunks(16) {
        let line: Vec<String> = chunk.iter().map(|b| format!("0x{b:02x}")).collect();
        writeln!(out, "\t{},", line.join(", ")).unwrap();
    }
    writeln!(out, "}};\n").unwrap();

    // destroy
    writeln!(out, "/* Detaches every link, closes the object and frees the skeleton (NULL is accepted). */").unwrap();
    writeln!(out, "static inline void {skel}__destroy(struct {skel} *skel)\n{{\n\tif (!skel)\n\t\treturn;").unwrap();
    for p in &progs {
        writeln!(out, "\tbpf_link__destroy(skel->links.{p});").unwrap();
    }
    writeln!(out, "\tbpf_object__close(skel->obj);\n\tfree(skel);\n}}\n").unwrap();

    // open
    writeln!(out, "/* Opens the object: programs, maps and globals can be set until {skel}__load. NULL (errno set) on failure. */").unwrap();
    writeln!(
        out,
        "static inline struct {skel} *{skel}__open_opts(const struct bpf_object_open_opts *opts)\n{{\n\
         \tLIBBPF_OPTS(bpf_object_open_opts, defaults, .object_name = \"{name}\");\n\
         \tstruct {skel} *skel = calloc(1, sizeof(*skel));\n\
         \tif (!skel)\n\t\treturn NULL;\n\
         \tskel->obj = bpf_object__open_mem({skel}__elf_bytes, sizeof({skel}__elf_bytes), opts ? opts : &defaults);\n\
         \tif (!skel->obj)\n\t\tgoto fail;"
    )
    .unwrap();
    for m in &maps {
        writeln!(out, "\tif (!(skel->maps.{m} = bpf_object__find_map_by_name(skel->obj, \"{m}\")))\n\t\tgoto fail;").unwrap();
    }
    for p in &progs {
        writeln!(out, "\tif (!(skel->progs.{p} = bpf_object__find_program_by_name(skel->obj, \"{p}\")))\n\t\tgoto fail;").unwrap();
    }
    for (member, _) in &sections {
        writeln!(out, "\tskel->{member} = &skel->_{member}_storage;").unwrap();
    }
    out.push_str(&global_calls(&sections, "get", "goto fail"));
    writeln!(
        out,
        "\treturn skel;\nfail:;\n\tint err = errno;\n\t{skel}__destroy(skel);\n\terrno = err;\n\treturn NULL;\n}}\n\n\
         static inline struct {skel} *{skel}__open(void)\n{{\n\treturn {skel}__open_opts(NULL);\n}}\n"
    )
    .unwrap();

    // load
    let writable: Vec<_> = sections.iter().filter(|(m, _)| !m.starts_with("rodata")).cloned().collect();
    writeln!(
        out,
        "/* Writes the globals to the object and loads it into the kernel; from then on the .data and .bss\n * globals are live (libbpf_wasm_live_global). 0 or a negative errno. */"
    )
    .unwrap();
    writeln!(out, "static inline int {skel}__load(struct {skel} *skel)\n{{").unwrap();
    out.push_str(&global_calls(&sections, "set", "return -errno"));
    writeln!(out, "\tint err = bpf_object__load(skel->obj);\n\tif (err)\n\t\treturn err;").unwrap();
    for (member, globals) in &writable {
        for (g, _, _) in globals {
            writeln!(
                out,
                "\tif (libbpf_wasm_live_global(skel->obj, \"{0}\", &skel->{member}->{0}, sizeof(skel->{member}->{0})))\n\t\treturn -errno;",
                g.name
            )
            .unwrap();
        }
    }
    writeln!(out, "\treturn 0;\n}}\n").unwrap();
    writeln!(
        out,
        "static inline struct {skel} *{skel}__open_and_load(void)\n{{\n\tstruct {skel} *skel = {skel}__open();\n\
         \tif (skel && {skel}__load(skel)) {{\n\t\tint err = errno;\n\t\t{skel}__destroy(skel);\n\t\terrno = err;\n\t\treturn NULL;\n\t}}\n\treturn skel;\n}}\n"
    )
    .unwrap();

    // attach / detach
    writeln!(out, "/* Attaches every loaded program whose section names its attach point and whose autoattach is on (as libbpf's skeletons do; the SDK knows the sections); 0 or a negative errno. */").unwrap();
    writeln!(out, "static inline int {skel}__attach(struct {skel} *skel)\n{{").unwrap();
    if progs.is_empty() {
        writeln!(out, "\t(void)skel;").unwrap();
    }
    for p in &progs {
        writeln!(
            out,
            "\tif (!skel->links.{p} && libbpf_wasm_program_autoattaches(skel->progs.{p}) &&\n\t    !(skel->links.{p} = bpf_program__attach(skel->progs.{p})))\n\t\treturn -errno;"
        )
        .unwrap();
    }
    writeln!(out, "\treturn 0;\n}}\n").unwrap();
    writeln!(out, "static inline void {skel}__detach(struct {skel} *skel)\n{{").unwrap();
    for p in &progs {
        writeln!(out, "\tbpf_link__destroy(skel->links.{p});\n\tskel->links.{p} = NULL;").unwrap();
    }
    writeln!(out, "}}\n").unwrap();

    // Live values of the writable globals, between two waits.
    writeln!(
        out,
        "/* Reads the current values of the .data and .bss globals from the loaded object now (each wait of the\n * SDK does too); 0 or a negative errno. */"
    )
    .unwrap();
    writeln!(out, "static inline int {skel}__read_globals(struct {skel} *skel)\n{{").unwrap();
    out.push_str(&global_calls(&writable, "get", "return -errno"));
    if writable.is_empty() {
        writeln!(out, "\t(void)skel;").unwrap();
    }
    writeln!(out, "\treturn 0;\n}}\n\n#endif").unwrap();
    Ok(out)
}
