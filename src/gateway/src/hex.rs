//! Lower-case hex, the one way the gateway writes bytes as text (hashes, MACs, random ids):
//! two digits a byte, written in one pass into one allocation.

const DIGITS: &[u8; 16] = b"0123456789abcdef";

/// `bytes` as lower-case hex.
pub fn lower(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

/// `bytes` as lower-case hex into a fixed buffer, without allocating (`out` is twice as long
/// as `bytes`; a constant-time compare reads it).
pub fn lower_into(bytes: &[u8], out: &mut [u8]) {
    for (i, b) in bytes.iter().enumerate() {
        out[2 * i] = DIGITS[usize::from(b >> 4)];
        out[2 * i + 1] = DIGITS[usize::from(b & 15)];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_is_two_lower_case_digits_in_order() {
        let all: Vec<u8> = (0..=255).collect();
        let written = lower(&all);
        let expected: String = all.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(written, expected);
        let mut buf = [0u8; 6];
        lower_into(&[0x0a, 0xbc, 0xff], &mut buf);
        assert_eq!(&buf, b"0abcff");
    }
}
