//! Software x87 80-bit `long double`, for HINCRBYFLOAT (and INCRBYFLOAT): Redis parses with
//! `strtold`, adds in `long double` and prints with `%.17Lf` (trailing zeros trimmed), so a
//! 64-bit `f64` would differ in the last digits (`10000000000 + 0.1` prints
//! `10000000000.09999999962747097`). Here every step is exact big-integer arithmetic followed
//! by one correctly rounded step, which is what the x87 unit and glibc do:
//! - [`LongDouble::parse`]: `strtold` (decimal and hex forms, `inf`), round to nearest even;
//!   overflow, and underflow to zero, are errors as in Redis's `string2ld`;
//! - [`LongDouble::add`]: IEEE addition rounded to 64 significant bits;
//! - [`LongDouble::to_human`]: `%.17Lf` rounded half-even, zeros trimmed, `-0` as `0`.
//!
//! Format: 64-bit significand with explicit integer bit, exponents down to 2^-16445
//! (subnormals included), largest finite value just under 2^16384.

use std::cmp::Ordering;

/// Least significant bit position of subnormals (2^-16445).
const MIN_LSB: i64 = -16445;
/// Largest exponent of the top significand bit of a finite value.
const MAX_TOP: i64 = 16383;
/// Redis refuses longer strings (`MAX_LONG_DOUBLE_CHARS`).
const MAX_CHARS: usize = 5 * 1024;

/// An 80-bit extended float: `±mant × 2^exp`, or an infinity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LongDouble {
    /// A finite value (`mant` = 0 is a signed zero).
    Finite {
        /// Sign.
        neg: bool,
        /// Significand.
        mant: u64,
        /// Exponent of the significand's least significant bit.
        exp: i64,
    },
    /// An infinity.
    Inf {
        /// Sign.
        neg: bool,
    },
}

/// Unsigned big integer, little-endian 32-bit limbs, no trailing zero limbs.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Big(Vec<u32>);

impl Big {
    fn from_u128(mut v: u128) -> Big {
        let mut l = Vec::new();
        while v > 0 {
            l.push(v as u32);
            v >>= 32;
        }
        Big(l)
    }
    fn is_zero(&self) -> bool {
        self.0.is_empty()
    }
    fn trim(mut self) -> Big {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
        self
    }
    fn bits(&self) -> i64 {
        match self.0.last() {
            None => 0,
            Some(&top) => (self.0.len() as i64) * 32 - i64::from(top.leading_zeros()),
        }
    }
    fn bit(&self, i: i64) -> bool {
        if i < 0 {
            return false;
        }
        let (w, b) = ((i / 32) as usize, i % 32);
        self.0.get(w).is_some_and(|x| (x >> b) & 1 == 1)
    }
    /// Whether any bit below position `i` is set.
    fn any_below(&self, i: i64) -> bool {
        if i <= 0 {
            return false;
        }
        let (w, b) = ((i / 32) as usize, i % 32);
        self.0.iter().take(w).any(|&x| x != 0)
            || (b > 0 && self.0.get(w).is_some_and(|&x| x & ((1u32 << b) - 1) != 0))
    }
    fn mul_small_add(&mut self, m: u32, a: u32) {
        let mut carry = u64::from(a);
        for x in &mut self.0 {
            let v = u64::from(*x) * u64::from(m) + carry;
            *x = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }
    fn shl(&self, n: i64) -> Big {
        if self.is_zero() || n <= 0 {
            return self.clone();
        }
        let (w, b) = ((n / 32) as usize, n % 32);
        let mut out = vec![0u32; w];
        let mut carry = 0u32;
        for &x in &self.0 {
            out.push((x << b) | carry);
            carry = if b == 0 { 0 } else { x >> (32 - b) };
        }
        out.push(carry);
        Big(out).trim()
    }
    /// The bits from position `n` up, as a u128 (callers ensure they fit).
    fn shr_u128(&self, n: i64) -> u128 {
        let mut v = 0u128;
        for i in (n.max(0)..self.bits()).rev() {
            v = (v << 1) | u128::from(self.bit(i));
        }
        v
    }
    fn cmp(&self, o: &Big) -> Ordering {
        self.0
            .len()
            .cmp(&o.0.len())
            .then_with(|| self.0.iter().rev().cmp(o.0.iter().rev()))
    }
    fn add(&self, o: &Big) -> Big {
        let mut out = Vec::with_capacity(self.0.len().max(o.0.len()) + 1);
        let mut carry = 0u64;
        for i in 0..self.0.len().max(o.0.len()) {
            let v = u64::from(*self.0.get(i).unwrap_or(&0))
                + u64::from(*o.0.get(i).unwrap_or(&0))
                + carry;
            out.push(v as u32);
            carry = v >> 32;
        }
        out.push(carry as u32);
        Big(out).trim()
    }
    /// `self - o`, requires `self >= o`.
    fn sub(&self, o: &Big) -> Big {
        let mut out = Vec::with_capacity(self.0.len());
        let mut borrow = 0i64;
        for i in 0..self.0.len() {
            let mut v = i64::from(self.0[i]) - i64::from(*o.0.get(i).unwrap_or(&0)) - borrow;
            borrow = 0;
            if v < 0 {
                v += 1 << 32;
                borrow = 1;
            }
            out.push(v as u32);
        }
        Big(out).trim()
    }
    fn pow10(n: u32) -> Big {
        let mut b = Big(vec![1]);
        for _ in 0..n {
            b.mul_small_add(10, 0);
        }
        b
    }
    /// Quotient and whether the remainder is non-zero (binary long division).
    fn div(&self, d: &Big) -> (Big, bool) {
        let mut r = self.clone();
        let top = self.bits() - d.bits();
        let mut q = vec![0u32; (top.max(0) / 32 + 1) as usize];
        for i in (0..=top.max(0)).rev() {
            let s = d.shl(i);
            if r.cmp(&s) != Ordering::Less {
                r = r.sub(&s);
                q[(i / 32) as usize] |= 1 << (i % 32);
            }
        }
        (Big(q).trim(), !r.is_zero())
    }
    fn to_decimal(&self) -> String {
        let mut limbs = self.0.clone();
        let mut parts = Vec::new();
        while !limbs.is_empty() {
            let mut rem = 0u64;
            for x in limbs.iter_mut().rev() {
                let v = (rem << 32) | u64::from(*x);
                *x = (v / 1_000_000_000) as u32;
                rem = v % 1_000_000_000;
            }
            while limbs.last() == Some(&0) {
                limbs.pop();
            }
            parts.push(rem as u32);
        }
        let mut s = parts.pop().map_or("0".to_string(), |p| p.to_string());
        for p in parts.iter().rev() {
            s.push_str(&format!("{p:09}"));
        }
        s
    }
}

/// Rounds `(n + sticky·ε) × 2^e2` to the format (nearest, ties to even).
fn round(neg: bool, n: &Big, e2: i64, sticky: bool) -> LongDouble {
    let len = n.bits();
    if len == 0 {
        return LongDouble::Finite {
            neg,
            mant: 0,
            exp: 0,
        };
    }
    let top = e2 + len - 1;
    let lsb = (top - 63).max(MIN_LSB);
    let shift = lsb - e2;
    let (mut mant, mut exp) = if shift <= 0 {
        (n.shr_u128(0) << (-shift) as u32, lsb)
    } else {
        let mut m = n.shr_u128(shift);
        let half = n.bit(shift - 1);
        let lower = sticky || n.any_below(shift - 1);
        if half && (lower || m & 1 == 1) {
            m += 1;
        }
        (m, lsb)
    };
    if mant >> 64 != 0 {
        mant >>= 1;
        exp += 1;
    }
    if mant != 0 && exp + 63 - i64::from((mant as u64).leading_zeros()) > MAX_TOP {
        return LongDouble::Inf { neg };
    }
    LongDouble::Finite {
        neg,
        mant: mant as u64,
        exp,
    }
}

impl LongDouble {
    /// Parses like Redis's `string2ld`: `strtold` syntax, the whole string, no leading space,
    /// no NaN, no overflow, no underflow to zero. Infinities are accepted (Redis checks them
    /// after).
    pub fn parse(s: &[u8]) -> Option<LongDouble> {
        if s.is_empty() || s.len() > MAX_CHARS {
            return None;
        }
        let (neg, rest) = match s[0] {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        let lower = rest.to_ascii_lowercase();
        if lower == b"inf" || lower == b"infinity" {
            return Some(LongDouble::Inf { neg });
        }
        if lower.starts_with(b"0x") {
            return parse_hex(neg, &lower[2..]);
        }
        // Decimal: digits [. digits] [e [+-] digits]
        let mut i = 0;
        let mut d = Big(Vec::new());
        let mut e10: i64 = 0;
        let mut ndigits = 0i64;
        let mut any = false;
        while i < lower.len() && lower[i].is_ascii_digit() {
            push_digit(&mut d, lower[i], &mut ndigits, &mut e10, false);
            any = true;
            i += 1;
        }
        if i < lower.len() && lower[i] == b'.' {
            i += 1;
            while i < lower.len() && lower[i].is_ascii_digit() {
                push_digit(&mut d, lower[i], &mut ndigits, &mut e10, true);
                any = true;
                i += 1;
            }
        }
        if !any {
            return None;
        }
        if i < lower.len() && lower[i] == b'e' {
            let mut j = i + 1;
            let eneg = match lower.get(j) {
                Some(b'-') => {
                    j += 1;
                    true
                }
                Some(b'+') => {
                    j += 1;
                    false
                }
                _ => false,
            };
            let start = j;
            let mut ev: i64 = 0;
            while j < lower.len() && lower[j].is_ascii_digit() {
                ev = (ev * 10 + i64::from(lower[j] - b'0')).min(1_000_000);
                j += 1;
            }
            // strtold leaves a bare "e" unconsumed, which Redis then refuses as trailing.
            if j == start {
                return None;
            }
            e10 += if eneg { -ev } else { ev };
            i = j;
        }
        if i != lower.len() {
            return None;
        }
        if d.is_zero() {
            return Some(LongDouble::Finite {
                neg,
                mant: 0,
                exp: 0,
            });
        }
        // Magnitude is about 10^(ndigits + e10): reject far out of range before big math.
        let mag = ndigits + e10;
        if mag > 4940 {
            return None;
        }
        if mag < -4960 {
            return None;
        }
        let v = if e10 >= 0 {
            let mut n = d;
            for _ in 0..e10 {
                n.mul_small_add(10, 0);
            }
            round(neg, &n, 0, false)
        } else {
            let den = Big::pow10(e10.unsigned_abs() as u32);
            let s = (den.bits() + 66 - d.bits()).max(0);
            let (q, rem) = d.shl(s).div(&den);
            round(neg, &q, -s, rem)
        };
        match v {
            LongDouble::Inf { .. } => None,
            LongDouble::Finite { mant: 0, .. } => None,
            v => Some(v),
        }
    }

    /// Whether this is an infinity.
    pub fn is_infinite(&self) -> bool {
        matches!(self, LongDouble::Inf { .. })
    }

    /// `self + o` rounded; `None` for NaN (`inf + -inf`).
    pub fn add(self, o: LongDouble) -> Option<LongDouble> {
        use LongDouble::*;
        match (self, o) {
            (Inf { neg: a }, Inf { neg: b }) if a != b => None,
            (Inf { neg }, _) | (_, Inf { neg }) => Some(Inf { neg }),
            (
                Finite {
                    neg: na,
                    mant: ma,
                    exp: ea,
                },
                Finite {
                    neg: nb,
                    mant: mb,
                    exp: eb,
                },
            ) => {
                if ma == 0 && mb == 0 {
                    return Some(Finite {
                        neg: na && nb,
                        mant: 0,
                        exp: 0,
                    });
                }
                if ma == 0 {
                    return Some(o);
                }
                if mb == 0 {
                    return Some(self);
                }
                let e = ea.min(eb);
                let a = Big::from_u128(u128::from(ma)).shl(ea - e);
                let b = Big::from_u128(u128::from(mb)).shl(eb - e);
                if na == nb {
                    return Some(round(na, &a.add(&b), e, false));
                }
                Some(match a.cmp(&b) {
                    Ordering::Equal => Finite {
                        neg: false,
                        mant: 0,
                        exp: 0,
                    },
                    Ordering::Greater => round(na, &a.sub(&b), e, false),
                    Ordering::Less => round(nb, &b.sub(&a), e, false),
                })
            }
        }
    }

    /// `%.17Lf` with trailing zeros (and a trailing point) removed, `-0` printed as `0`:
    /// Redis's `ld2string(..., LD_STR_HUMAN)`. Infinities print as `inf` / `-inf`.
    pub fn to_human(self) -> String {
        let (neg, mant, exp) = match self {
            LongDouble::Inf { neg } => return if neg { "-inf" } else { "inf" }.to_string(),
            LongDouble::Finite { neg, mant, exp } => (neg, mant, exp),
        };
        let m = Big::from_u128(u128::from(mant));
        let scaled = if exp >= 0 {
            let mut n = m.shl(exp);
            for _ in 0..17 {
                n.mul_small_add(10, 0);
            }
            n
        } else {
            let mut n = m;
            for _ in 0..17 {
                n.mul_small_add(10, 0);
            }
            let sh = -exp;
            let q = n.shr_big(sh);
            let half = n.bit(sh - 1);
            let lower = n.any_below(sh - 1);
            if half && (lower || q.bit(0)) {
                q.add(&Big(vec![1]))
            } else {
                q
            }
        };
        let mut digits = scaled.to_decimal();
        while digits.len() < 18 {
            digits.insert(0, '0');
        }
        let (int, frac) = digits.split_at(digits.len() - 17);
        let frac = frac.trim_end_matches('0');
        let mut out = String::new();
        let zero = int == "0" && frac.is_empty();
        if neg && !zero {
            out.push('-');
        }
        out.push_str(int);
        if !frac.is_empty() {
            out.push('.');
            out.push_str(frac);
        }
        out
    }
}

impl Big {
    /// `self >> n` as a big integer.
    fn shr_big(&self, n: i64) -> Big {
        if n <= 0 {
            return self.clone();
        }
        let (w, b) = ((n / 32) as usize, n % 32);
        if w >= self.0.len() {
            return Big(Vec::new());
        }
        let src = &self.0[w..];
        let mut out = Vec::with_capacity(src.len());
        for i in 0..src.len() {
            let lo = src[i] >> b;
            let hi = if b == 0 {
                0
            } else {
                src.get(i + 1).map_or(0, |&x| x << (32 - b))
            };
            out.push(lo | hi);
        }
        Big(out).trim()
    }
}

/// Appends a decimal digit; leading zeros are not counted as significant.
fn push_digit(d: &mut Big, c: u8, ndigits: &mut i64, e10: &mut i64, fraction: bool) {
    d.mul_small_add(10, u32::from(c - b'0'));
    if !d.is_zero() {
        *ndigits += 1;
    }
    if fraction {
        *e10 -= 1;
    }
}

/// `strtold`'s hex form after `0x`: hex digits [. hex digits] [p [+-] digits].
fn parse_hex(neg: bool, s: &[u8]) -> Option<LongDouble> {
    let hex = |c: u8| (c as char).to_digit(16);
    let mut i = 0;
    let mut n = Big(Vec::new());
    let mut e2: i64 = 0;
    let mut any = false;
    while i < s.len() {
        let Some(v) = hex(s[i]) else { break };
        n.mul_small_add(16, v);
        any = true;
        i += 1;
    }
    if i < s.len() && s[i] == b'.' {
        i += 1;
        while i < s.len() {
            let Some(v) = hex(s[i]) else { break };
            n.mul_small_add(16, v);
            e2 -= 4;
            any = true;
            i += 1;
        }
    }
    if !any {
        return None;
    }
    if i < s.len() && s[i] == b'p' {
        let mut j = i + 1;
        let pneg = match s.get(j) {
            Some(b'-') => {
                j += 1;
                true
            }
            Some(b'+') => {
                j += 1;
                false
            }
            _ => false,
        };
        let start = j;
        let mut ev: i64 = 0;
        while j < s.len() && s[j].is_ascii_digit() {
            ev = (ev * 10 + i64::from(s[j] - b'0')).min(1_000_000);
            j += 1;
        }
        if j == start {
            return None;
        }
        e2 += if pneg { -ev } else { ev };
        i = j;
    }
    if i != s.len() {
        return None;
    }
    if n.is_zero() {
        return Some(LongDouble::Finite {
            neg,
            mant: 0,
            exp: 0,
        });
    }
    match round(neg, &n, e2, false) {
        LongDouble::Inf { .. } | LongDouble::Finite { mant: 0, .. } => None,
        v => Some(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn incr(a: &str, b: &str) -> String {
        let x = LongDouble::parse(a.as_bytes()).expect("valid test input");
        let y = LongDouble::parse(b.as_bytes()).expect("valid test input");
        x.add(y).expect("not NaN").to_human()
    }

    /// Expected values are redis-server 7.0's HINCRBYFLOAT replies.
    #[test]
    fn matches_redis() {
        assert_eq!(incr("10000000000", "0.1"), "10000000000.09999999962747097");
        assert_eq!(incr("1", "-0.000003814697265625"), "0.99999618530273438");
        assert_eq!(incr("0", "-1e-30"), "0");
        assert_eq!(incr("-0", "-0"), "0");
        assert_eq!(incr("0", "3.0000000000000000000000001"), "3");
        assert_eq!(
            incr("0", "123456789012345678901234567890"),
            "123456789012345678899921813504"
        );
        assert_eq!(incr("16", "+.5"), "16.5");
        assert_eq!(incr("0", "0x10"), "16");
        assert_eq!(incr("1.5", "5."), "6.5");
        assert_eq!(incr("0", "1e-4950"), "0");
        assert!(incr("0", "1e400").starts_with("10000000000000000000281880683947586514586"));
        assert!(LongDouble::parse(b"1e5000").is_none());
        assert!(LongDouble::parse(b"1e-5000").is_none());
        assert!(LongDouble::parse(b" 1").is_none());
        assert!(LongDouble::parse(b"1 ").is_none());
        assert!(LongDouble::parse(b"nan").is_none());
        assert!(LongDouble::parse(b"1e").is_none());
        assert!(LongDouble::parse(b"").is_none());
        assert!(LongDouble::parse(b".").is_none());
        let big = LongDouble::parse(b"1e4932").expect("in range");
        assert!(big.add(big).expect("not NaN").is_infinite());
    }
}
