//! Just enough of ELF to find BPF objects inside other files and to read
//! the sections libbpf does not show: headers, section headers, section
//! names. Sections are found as libelf finds them for libbpf, extended
//! numbering included (more than 0xff00 sections, or the names' section
//! past that index), so that a check of a section here sees the bytes
//! libbpf will parse. Every read is bounds-checked and every sum
//! overflow-checked; a malformed file gives `None`, never a panic (this
//! parses whatever bytes a guest carries).
//!
//! Bounded without watching the guest's interrupt: every walk here is
//! linear in the bytes given (a section header table is read only as far
//! as it lies within them).

/// `e_machine` of BPF objects (EM_BPF).
pub const EM_BPF: u16 = 247;

/// The ELF magic, `\x7fELF`.
pub const MAGIC: &[u8; 4] = b"\x7fELF";

/// Size of a 64-bit ELF header, and of one 64-bit section header.
const EHDR_SIZE: usize = 64;
const SHDR_SIZE: usize = 64;
/// `sh_type` of sections that take no room in the file.
const SHT_NOBITS: u32 = 8;
/// `sh_flags` bit of sections holding code (SHF_EXECINSTR): libbpf takes
/// programs and subprograms from these, whatever their names.
const SHF_EXECINSTR: u64 = 4;
/// `e_shstrndx` saying that the index of the section names' section is
/// too big for the field: it is section 0's `sh_link` (SHN_XINDEX).
const SHN_XINDEX: u16 = 0xffff;

/// A 64-bit ELF file (of either byte order) at the start of `data`.
#[derive(Clone, Copy, Debug)]
pub struct Elf<'a> {
    data: &'a [u8],
    big_endian: bool,
}

/// One section header.
#[derive(Clone, Copy, Debug)]
pub struct Section {
    /// Its place in the section header table (what libbpf calls its index).
    pub index: usize,
    pub name: u32,
    pub sh_type: u32,
    pub flags: u64,
    pub offset: u64,
    pub size: u64,
    pub link: u32,
}

impl Section {
    pub fn is_executable(&self) -> bool {
        self.flags & SHF_EXECINSTR != 0
    }
}

impl<'a> Elf<'a> {
    /// The ELF file starting at `data`, if its header is a 64-bit one
    /// (what BPF objects are). `data` may run on past the file's end.
    pub fn new(data: &'a [u8]) -> Option<Elf<'a>> {
        if data.len() < EHDR_SIZE || &data[..4] != MAGIC || data[4] != 2 {
            return None;
        }
        let big_endian = match data[5] {
            1 => false,
            2 => true,
            _ => return None,
        };
        Some(Elf { data, big_endian })
    }

    pub fn is_big_endian(&self) -> bool {
        self.big_endian
    }

    fn u16_at(&self, at: usize) -> Option<u16> {
        let b: [u8; 2] = self.data.get(at..at.checked_add(2)?)?.try_into().ok()?;
        Some(if self.big_endian { u16::from_be_bytes(b) } else { u16::from_le_bytes(b) })
    }

    fn u32_at(&self, at: usize) -> Option<u32> {
        let b: [u8; 4] = self.data.get(at..at.checked_add(4)?)?.try_into().ok()?;
        Some(if self.big_endian { u32::from_be_bytes(b) } else { u32::from_le_bytes(b) })
    }

    fn u64_at(&self, at: usize) -> Option<u64> {
        let b: [u8; 8] = self.data.get(at..at.checked_add(8)?)?.try_into().ok()?;
        Some(if self.big_endian { u64::from_be_bytes(b) } else { u64::from_le_bytes(b) })
    }

    /// `e_machine`: [`EM_BPF`] for BPF objects.
    pub fn machine(&self) -> u16 {
        self.u16_at(18).unwrap_or(0)
    }

    fn shoff(&self) -> u64 {
        self.u64_at(0x28).unwrap_or(0)
    }

    /// The number of section headers: `e_shnum`, or, when that is 0 and
    /// there is a table, section 0's `sh_size` (as libelf reads it).
    fn section_count(&self) -> u64 {
        match self.u16_at(0x3c).unwrap_or(0) {
            0 if self.shoff() != 0 => self.header(0).map_or(0, |s| s.size),
            count => u64::from(count),
        }
    }

    /// The index of the section names' section: `e_shstrndx`, or section
    /// 0's `sh_link` when that says [`SHN_XINDEX`].
    fn names_index(&self) -> Option<usize> {
        match self.u16_at(0x3e)? {
            SHN_XINDEX => usize::try_from(self.header(0)?.link).ok(),
            index => Some(usize::from(index)),
        }
    }

    /// Section header `index`, if it lies within `data`. Entries are
    /// 64-bit section headers whatever `e_shentsize` says: libelf never
    /// reads that field.
    fn header(&self, index: usize) -> Option<Section> {
        let at = usize::try_from(self.shoff()).ok()?.checked_add(index.checked_mul(SHDR_SIZE)?)?;
        self.data.get(at..at.checked_add(SHDR_SIZE)?)?;
        Some(Section {
            index,
            name: self.u32_at(at)?,
            sh_type: self.u32_at(at + 4)?,
            flags: self.u64_at(at + 8)?,
            offset: self.u64_at(at + 0x18)?,
            size: self.u64_at(at + 0x20)?,
            link: self.u32_at(at + 0x28)?,
        })
    }

    /// The file's size as its headers declare it: the end of its section
    /// header table (which compilers put last), or of the last section's
    /// data if that lies further. `None` if the numbers overflow.
    pub fn declared_size(&self) -> Option<u64> {
        let table_size = self.section_count().checked_mul(SHDR_SIZE as u64)?;
        let mut size = self.shoff().checked_add(table_size)?.max(EHDR_SIZE as u64);
        for section in self.sections() {
            if section.sh_type != SHT_NOBITS {
                size = size.max(section.offset.checked_add(section.size)?);
            }
        }
        Some(size)
    }

    /// The section headers, in order, as far as the table lies within
    /// `data`.
    pub fn sections(&self) -> impl Iterator<Item = Section> + '_ {
        let count = usize::try_from(self.section_count()).unwrap_or(usize::MAX);
        (0..count).map_while(move |i| self.header(i))
    }

    /// The bytes of `section`, if they lie within `data`.
    pub fn data_of(&self, section: &Section) -> Option<&'a [u8]> {
        let start = usize::try_from(section.offset).ok()?;
        let end = start.checked_add(usize::try_from(section.size).ok()?)?;
        self.data.get(start..end)
    }

    /// The name of `section` (up to its NUL), if the names' section holds it.
    pub fn name_of(&self, section: &Section) -> Option<&'a [u8]> {
        let names = self.data_of(&self.header(self.names_index()?)?)?;
        let rest = names.get(usize::try_from(section.name).ok()?..)?;
        Some(&rest[..rest.iter().position(|&b| b == 0)?])
    }

    /// Every section named `name`: a crafted file may have several.
    pub fn sections_named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = Section> + 's {
        self.sections().filter(move |s| self.name_of(s) == Some(name.as_bytes()))
    }

    /// The section named `name` (`.text`) that libbpf uses: the last of
    /// that name, as libbpf's section loop keeps the last one it meets.
    /// (The host judges code by what libbpf hands the kernel, and BTF in
    /// every section of its name: only the tests look sections up so.)
    #[cfg(test)]
    pub fn section(&self, name: &str) -> Option<Section> {
        self.sections_named(name).last()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A little-endian BPF object with the sections `sections` (name,
    /// bytes), its section header table last, as clang lays them out.
    pub(crate) fn build(sections: &[(&str, &[u8])]) -> Vec<u8> {
        let mut names = vec![0u8];
        let mut name_offsets = Vec::new();
        for (name, _) in sections.iter().copied().chain([(".shstrtab", &[][..])]) {
            name_offsets.push(names.len() as u32);
            names.extend_from_slice(name.as_bytes());
            names.push(0);
        }
        let mut file = vec![0u8; EHDR_SIZE];
        let mut headers = vec![[0u8; SHDR_SIZE]];
        let bodies = sections.iter().map(|(_, b)| *b).chain([&names[..]]);
        for (i, body) in bodies.enumerate() {
            let mut h = [0u8; SHDR_SIZE];
            h[..4].copy_from_slice(&name_offsets[i].to_le_bytes());
            h[4..8].copy_from_slice(&(if i == sections.len() { 3u32 } else { 1 }).to_le_bytes());
            if i < sections.len() {
                h[8..16].copy_from_slice(&(2 | SHF_EXECINSTR).to_le_bytes()); // SHF_ALLOC | SHF_EXECINSTR
            }
            h[0x18..0x20].copy_from_slice(&(file.len() as u64).to_le_bytes());
            h[0x20..0x28].copy_from_slice(&(body.len() as u64).to_le_bytes());
            headers.push(h);
            file.extend_from_slice(body);
        }
        let shoff = file.len() as u64;
        file[..4].copy_from_slice(MAGIC);
        file[4] = 2;
        file[5] = 1;
        file[6] = 1;
        file[16] = 1; // ET_REL
        file[18..20].copy_from_slice(&EM_BPF.to_le_bytes());
        file[0x28..0x30].copy_from_slice(&shoff.to_le_bytes());
        file[0x34..0x36].copy_from_slice(&(EHDR_SIZE as u16).to_le_bytes());
        file[0x3a..0x3c].copy_from_slice(&(SHDR_SIZE as u16).to_le_bytes());
        file[0x3c..0x3e].copy_from_slice(&(headers.len() as u16).to_le_bytes());
        file[0x3e..0x40].copy_from_slice(&(sections.len() as u16 + 1).to_le_bytes());
        for h in headers {
            file.extend_from_slice(&h);
        }
        file
    }

    #[test]
    fn sizes_and_sections_of_a_built_object() {
        let file = build(&[(".text", &[1; 16]), ("xdp", &[2; 8])]);
        let mut padded = file.clone();
        padded.extend_from_slice(&[0xaa; 100]);
        let elf = Elf::new(&padded).unwrap();
        assert_eq!(elf.machine(), EM_BPF);
        assert_eq!(elf.declared_size(), Some(file.len() as u64));
        let text = elf.section(".text").unwrap();
        assert_eq!(elf.data_of(&text), Some(&[1u8; 16][..]));
        assert!(elf.section("xd").is_none());
    }

    /// `file` (made by [`build`]) rewritten to use extended numbering:
    /// `e_shnum` 0 with the count in section 0's `sh_size`, `e_shstrndx`
    /// [`SHN_XINDEX`] with the index in section 0's `sh_link`.
    pub(crate) fn extended_numbering(mut file: Vec<u8>) -> Vec<u8> {
        let shoff = u64::from_le_bytes(file[0x28..0x30].try_into().unwrap()) as usize;
        let count = u16::from_le_bytes([file[0x3c], file[0x3d]]);
        let names = u16::from_le_bytes([file[0x3e], file[0x3f]]);
        file[0x3c..0x40].copy_from_slice(&[0, 0, 0xff, 0xff]);
        file[shoff + 0x20..shoff + 0x28].copy_from_slice(&u64::from(count).to_le_bytes());
        file[shoff + 0x28..shoff + 0x2c].copy_from_slice(&u32::from(names).to_le_bytes());
        file
    }

    #[test]
    fn extended_numbering_is_read_as_libelf_reads_it() {
        let file = extended_numbering(build(&[(".text", &[1; 16]), ("xdp", &[2; 8])]));
        let elf = Elf::new(&file).unwrap();
        assert_eq!(elf.sections().count(), 4);
        assert_eq!(elf.declared_size(), Some(file.len() as u64));
        let text = elf.section(".text").unwrap();
        assert_eq!((text.index, elf.data_of(&text)), (1, Some(&[1u8; 16][..])));
    }

    /// libelf reads 64-byte entries whatever `e_shentsize` says, and so
    /// libbpf: a check that believed the field would see no section.
    #[test]
    fn the_entry_size_field_is_ignored_as_libelf_ignores_it() {
        let mut file = build(&[(".text", &[1; 16])]);
        for size in [0u16, 40, 0xffff] {
            file[0x3a..0x3c].copy_from_slice(&size.to_le_bytes());
            let elf = Elf::new(&file).unwrap();
            assert_eq!(elf.section(".text").map(|s| s.index), Some(1));
            assert_eq!(elf.declared_size(), Some(file.len() as u64));
        }
    }

    #[test]
    fn every_section_of_a_name_is_found_and_libbpf_takes_the_last() {
        let file = build(&[(".BTF", &[1; 4]), (".text", &[0; 8]), (".BTF", &[2; 4])]);
        let elf = Elf::new(&file).unwrap();
        let indices: Vec<usize> = elf.sections_named(".BTF").map(|s| s.index).collect();
        assert_eq!(indices, [1, 3]);
        assert_eq!(elf.section(".BTF").unwrap().index, 3);
    }

    #[test]
    fn malformed_headers_are_none_not_panics() {
        assert!(Elf::new(b"\x7fELF").is_none());
        let mut file = build(&[(".text", &[1; 16])]);
        file[0x28..0x30].copy_from_slice(&u64::MAX.to_le_bytes());
        let elf = Elf::new(&file).unwrap();
        assert_eq!(elf.declared_size(), None);
        assert!(elf.section(".text").is_none());
        // A section count past the file: the table is read as far as the
        // file goes, and its size overflows no sum.
        let mut file = extended_numbering(build(&[(".text", &[1; 16])]));
        let shoff = file.len() - 3 * SHDR_SIZE;
        file[shoff + 0x20..shoff + 0x28].copy_from_slice(&u64::MAX.to_le_bytes());
        let elf = Elf::new(&file).unwrap();
        assert_eq!(elf.sections().count(), 3);
        assert_eq!(elf.declared_size(), None);
        assert!(elf.section(".text").is_some());
        // The names' index past the table.
        file[shoff + 0x28..shoff + 0x2c].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(Elf::new(&file).unwrap().section(".text").is_none());
    }
}
