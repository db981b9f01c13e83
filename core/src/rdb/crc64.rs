//! CRC-64/Jones as Redis computes it for the RDB trailer (`crc64.c`): reflected, polynomial
//! 0xad93d23594c935a9, initial value 0, no final xor. Pure function over bytes.

/// The reflected form of the Jones polynomial 0xad93d23594c935a9 (bit order reversed), which
/// is what a right-shifting (LSB-first) table implementation uses.
const POLY_REFLECTED: u64 = 0x95ac_9329_ac4b_c9b5;

/// Byte-at-a-time lookup table, built at compile time.
const TABLE: [u64; 256] = build_table();

const fn build_table() -> [u64; 256] {
    let mut table = [0u64; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u64;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ POLY_REFLECTED
            } else {
                crc >> 1
            };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
}

/// Continues a CRC-64 over `data` from a previous value `crc` (0 to start), like Redis's
/// `crc64(crc, s, l)`.
pub fn crc64(mut crc: u64, data: &[u8]) -> u64 {
    for &b in data {
        crc = TABLE[((crc ^ b as u64) & 0xff) as usize] ^ (crc >> 8);
    }
    crc
}

#[cfg(test)]
mod tests {
    use super::crc64;

    #[test]
    fn check_value_matches_redis() {
        // The check value Redis's own crc64 self-test uses.
        assert_eq!(crc64(0, b"123456789"), 0xe9c6_d914_c4b8_d9ca);
    }

    #[test]
    fn incremental_equals_one_shot() {
        let data = b"This is a test of the emergency broadcast system.";
        let (a, b) = data.split_at(17);
        assert_eq!(crc64(crc64(0, a), b), crc64(0, data));
    }
}
