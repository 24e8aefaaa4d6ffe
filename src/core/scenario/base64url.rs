//! base64url without padding (RFC 4648 §5) for links: the `base64` crate's `URL_SAFE_NO_PAD`,
//! written out. The crate's general-purpose engine (unrolled decoding, tables, its errors) was
//! about 5 KB gzip of the wasm bundle; this decodes byte by byte, failing on the same input
//! with the same message (`DecodeError`'s text), which the link error quotes.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

fn value(b: u8) -> Option<u32> {
    ALPHABET.iter().position(|a| *a == b).map(|v| v as u32)
}

/// Decodes, or says why not in the words of the `base64` crate.
pub fn decode(input: &[u8]) -> Result<Vec<u8>, String> {
    let invalid = |offset: usize, byte: u8| format!("Invalid symbol {byte}, offset {offset}.");
    let len = input.len();
    // The crate's order of checks: a lone last symbol first, then the complete groups of four
    // but the last, then the last group (where `=` is refused, there being no padding).
    if len % 4 == 1 && input[len - 1] != b'=' && value(input[len - 1]).is_none() {
        return Err(invalid(len - 1, input[len - 1]));
    }
    let quads = len.saturating_sub(len % 4).saturating_sub(if len.is_multiple_of(4) { 4 } else { 0 });
    let mut out = Vec::with_capacity(len / 4 * 3 + 2);
    for (i, group) in input[..quads].chunks(4).enumerate() {
        let mut n = 0;
        for (j, b) in group.iter().enumerate() {
            n = n << 6 | value(*b).ok_or_else(|| invalid(4 * i + j, *b))?;
        }
        out.extend_from_slice(&n.to_be_bytes()[1..]);
    }
    let (mut morsels, mut n, mut padding, mut first_padding, mut last) = (0, 0u32, 0, 0, 0);
    for (i, &b) in input[quads..].iter().enumerate() {
        if b == b'=' {
            if i < 2 {
                return Err(invalid(quads + i, b));
            }
            if padding == 0 {
                first_padding = i;
            }
            padding += 1;
            continue;
        }
        if padding > 0 {
            return Err(invalid(quads + first_padding, b'='));
        }
        last = b;
        n |= value(b).ok_or_else(|| invalid(quads + i, b))? << (26 - 6 * morsels);
        morsels += 1;
    }
    if len > 0 && morsels < 2 {
        return Err(format!("Invalid input length: {}", quads + morsels));
    }
    if padding > 0 {
        return Err("Invalid padding".into());
    }
    let bytes = morsels * 6 / 8;
    if n & (!0u32 >> (bytes * 8)) != 0 {
        return Err(format!("Invalid last symbol {last}, offset {}.", quads + morsels - 1));
    }
    out.extend_from_slice(&n.to_be_bytes()[..bytes]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use base64::Engine;

    const CRATE: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

    #[test]
    fn encodes_and_decodes_like_the_base64_crate() {
        let mut random = crate::core::stream::Seeded::new(0x9e37_79b9_7f4a_7c15_u64);
        let mut next = || random.next_u64();
        for _ in 0..20_000 {
            let bytes: Vec<u8> = (0..next() % 40).map(|_| next() as u8).collect();
            let text = super::encode(&bytes);
            assert_eq!(text, CRATE.encode(&bytes));
            assert_eq!(super::decode(text.as_bytes()), Ok(bytes));
        }
        // Odd input: symbols of the alphabet with `=`, `+`, `/`, spaces, other bytes, at every
        // length up to 13, and valid text with a symbol changed.
        let symbols = b"AQgw_-9z=+/ \x00\xff.Zr";
        for _ in 0..200_000 {
            let mut input: Vec<u8> = (0..next() % 14).map(|_| symbols[(next() % 17) as usize]).collect();
            if next() % 3 == 0 {
                input = CRATE.encode((0..next() % 9).map(|_| next() as u8).collect::<Vec<u8>>()).into_bytes();
                if let Some(last) = input.last_mut() {
                    *last = symbols[(next() % 17) as usize];
                }
            }
            let theirs = CRATE.decode(&input).map_err(|e| e.to_string());
            assert_eq!(super::decode(&input), theirs, "{:?}", String::from_utf8_lossy(&input));
        }
    }
}
