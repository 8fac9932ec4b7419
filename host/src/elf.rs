//! Just enough of ELF to find BPF objects inside other files and to read
//! the sections libbpf does not show: headers, section headers, section
//! names. Every read is bounds-checked; a malformed file gives `None`, never
//! a panic (this parses whatever bytes a guest carries).

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

/// A 64-bit ELF file (of either byte order) at the start of `data`.
#[derive(Clone, Copy, Debug)]
pub struct Elf<'a> {
    data: &'a [u8],
    big_endian: bool,
}

/// One section header.
#[derive(Clone, Copy, Debug)]
pub struct Section {
    pub name: u32,
    pub sh_type: u32,
    pub flags: u64,
    pub offset: u64,
    pub size: u64,
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

    fn shentsize(&self) -> u16 {
        self.u16_at(0x3a).unwrap_or(0)
    }

    fn shnum(&self) -> u16 {
        self.u16_at(0x3c).unwrap_or(0)
    }

    fn shstrndx(&self) -> u16 {
        self.u16_at(0x3e).unwrap_or(0)
    }

    /// The file's size as its headers declare it: the end of its section
    /// header table (which compilers put last), or of the last section's
    /// data if that lies further. `None` if the numbers overflow.
    pub fn declared_size(&self) -> Option<u64> {
        let table_end = self.shoff().checked_add(u64::from(self.shnum()) * u64::from(self.shentsize()))?;
        let mut size = table_end.max(EHDR_SIZE as u64);
        for section in self.sections() {
            if section.sh_type != SHT_NOBITS {
                size = size.max(section.offset.checked_add(section.size)?);
            }
        }
        Some(size)
    }

    /// The section headers that lie within `data` (none if the table does
    /// not, or if its entries are not 64-bit section headers).
    pub fn sections(&self) -> impl Iterator<Item = Section> + '_ {
        let shoff = usize::try_from(self.shoff()).unwrap_or(usize::MAX);
        let count = if self.shentsize() as usize == SHDR_SIZE { self.shnum() as usize } else { 0 };
        (0..count).map_while(move |i| {
            let at = shoff.checked_add(i * SHDR_SIZE)?;
            self.data.get(at..at.checked_add(SHDR_SIZE)?)?;
            Some(Section {
                name: self.u32_at(at)?,
                sh_type: self.u32_at(at + 4)?,
                flags: self.u64_at(at + 8)?,
                offset: self.u64_at(at + 0x18)?,
                size: self.u64_at(at + 0x20)?,
            })
        })
    }

    /// The bytes of `section`, if they lie within `data`.
    pub fn data_of(&self, section: &Section) -> Option<&'a [u8]> {
        let start = usize::try_from(section.offset).ok()?;
        let end = start.checked_add(usize::try_from(section.size).ok()?)?;
        self.data.get(start..end)
    }

    /// The section named `name` (`.text`), if any.
    pub fn section(&self, name: &str) -> Option<Section> {
        let names = self.sections().nth(self.shstrndx() as usize)?;
        let names = self.data_of(&names)?;
        self.sections().find(|s| {
            let Some(rest) = names.get(s.name as usize..) else { return false };
            let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
            &rest[..end] == name.as_bytes()
        })
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

    #[test]
    fn malformed_headers_are_none_not_panics() {
        assert!(Elf::new(b"\x7fELF").is_none());
        let mut file = build(&[(".text", &[1; 16])]);
        file[0x28..0x30].copy_from_slice(&u64::MAX.to_le_bytes());
        let elf = Elf::new(&file).unwrap();
        assert_eq!(elf.declared_size(), None);
        assert!(elf.section(".text").is_none());
    }
}
