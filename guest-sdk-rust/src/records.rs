//! Walking a packed batch of records (one byte list plus end offsets).

/// The records of one batch, as slices of its bytes.
pub(crate) fn iter<'a>(data: &'a [u8], ends: &'a [u32]) -> impl Iterator<Item = &'a [u8]> + 'a {
    let mut start = 0usize;
    ends.iter().map(move |&end| {
        // The host writes increasing offsets within `data`; clamping keeps
        // a malformed batch from panicking the guest.
        let end = (end as usize).clamp(start, data.len());
        let record = &data[start..end];
        start = end;
        record
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn records_are_cut_at_their_ends() {
        let data = b"aabbbc";
        let records: Vec<&[u8]> = super::iter(data, &[2, 5, 6]).collect();
        assert_eq!(records, [&b"aa"[..], b"bbb", b"c"]);
        assert_eq!(super::iter(data, &[9]).next(), Some(&data[..]));
    }
}
