//! Software emulation of C's x87 `long double` for INCRBYFLOAT, bit for bit.
//!
//! Redis parses both operands with `strtold`, adds them in 80-bit extended precision (64-bit
//! significand, 15-bit exponent) and prints the sum with `"%.17Lf"`, trailing zeros trimmed.
//! Doing this in `f64` gives visibly different answers (`10.5 + 0.1` would print
//! `10.59999999999999964`), and Rust has no `f80`, so the three steps are done here exactly:
//! correctly rounded decimal/hex parsing, correctly rounded addition, and exact decimal printing,
//! all through a small big-integer type. Round-to-nearest-even everywhere, like the FPU's
//! default mode and glibc. Denormals (down to 2^-16445) and the exponent range (up to 2^16383)
//! are those of x86-64's `long double`, so `INCRBYFLOAT k 1e400` works as in Redis.
//!
//! Pure arithmetic: no I/O, no platform floats, identical results on native and wasm.

use std::cmp::Ordering;

/// The largest binary exponent of a finite value's top bit.
const MAX_EXP: i64 = 16383;
/// The weight of the lowest significand bit of the smallest denormal: 2^-16445.
const MIN_LSB: i64 = -16445;
/// Longest string `string2ld` accepts (its buffer is `MAX_LONG_DOUBLE_CHARS` = 5k bytes).
const MAX_CHARS: usize = 5 * 1024;

/// A finite extended-precision value: `(-1)^neg * mant * 2^exp` (`mant == 0` is zero).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LongDouble {
    neg: bool,
    mant: u64,
    exp: i64,
}

/// A parsed operand: finite, or an infinity (which makes any sum invalid in INCRBYFLOAT).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parsed {
    /// A finite value.
    Finite(LongDouble),
    /// `inf`, `-infinity`, ...
    Infinite,
}

impl LongDouble {
    /// Parses like Redis's `string2ld`: `strtold` over the whole length, no leading space,
    /// nothing left over, no NaN, no overflow, no underflow to zero. A NUL byte anywhere makes
    /// the value invalid (redis-server 7.0.15 refuses `"\x00"`, `"1\x002"`: the end pointer
    /// must reach the full length).
    pub fn parse(s: &[u8]) -> Option<Parsed> {
        if s.is_empty() || s.len() >= MAX_CHARS || s.contains(&0) {
            return None;
        }
        let (neg, body) = match s[0] {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        let lower = body.to_ascii_lowercase();
        if lower == b"inf" || lower == b"infinity" {
            return Some(Parsed::Infinite);
        }
        let v = if lower.starts_with(b"0x") {
            parse_hex(&lower[2..], neg)?
        } else {
            parse_dec(body, neg, &X87)?.ok()
        };
        v.map(Parsed::Finite)
    }

    /// Zero.
    pub const ZERO: LongDouble = LongDouble {
        neg: false,
        mant: 0,
        exp: 0,
    };

    /// The correctly rounded sum, or `None` if it overflows to an infinity.
    pub fn checked_add(self, other: LongDouble) -> Option<LongDouble> {
        if self.mant == 0 {
            return Some(if other.mant == 0 {
                // -0 + -0 = -0, every other zero sum is +0.
                LongDouble {
                    neg: self.neg && other.neg,
                    ..LongDouble::ZERO
                }
            } else {
                other
            });
        }
        if other.mant == 0 {
            return Some(self);
        }
        let (mut hi, mut lo) = (self, other);
        if hi.top_exp() < lo.top_exp() {
            std::mem::swap(&mut hi, &mut lo);
        }
        // An operand far below the other's last bit only decides rounding: replace it by a
        // tiny value of the same sign (the classic sticky bit), keeping the numbers small.
        let mut lo_big = Big::from_u64(lo.mant);
        let mut lo_exp = lo.exp;
        if hi.exp - lo.top_exp() > 200 {
            lo_big = Big::from_u64(1);
            lo_exp = hi.exp - 200;
        }
        let base = hi.exp.min(lo_exp);
        let a = Big::from_u64(hi.mant).shl((hi.exp - base) as u64);
        let b = lo_big.shl((lo_exp - base) as u64);
        let (neg, sum) = if hi.neg == lo.neg {
            (hi.neg, a.add(&b))
        } else {
            match a.cmp(&b) {
                Ordering::Equal => return Some(LongDouble::ZERO),
                Ordering::Greater => (hi.neg, a.sub(&b)),
                Ordering::Less => (lo.neg, b.sub(&a)),
            }
        };
        round(neg, &sum, base, false, &X87)
    }

    /// Exponent of the top significand bit.
    fn top_exp(self) -> i64 {
        self.exp + 63 - i64::from(self.mant.leading_zeros())
    }

    /// Formats like Redis's `ld2string(..., LD_STR_HUMAN)`: `"%.17Lf"`, trailing zeros and a
    /// trailing point trimmed, `-0` shown as `0`.
    pub fn to_human_string(self) -> String {
        let digits = scaled(self.mant, self.exp, 17).to_decimal();
        let mut out = with_point(self.neg, &digits, 17);
        let t = out.trim_end_matches('0').trim_end_matches('.').len();
        out.truncate(t);
        if out == "-0" {
            out.remove(0);
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Exact printing of `f64`s, as glibc's printf: the engine's only float-to-text path (`%.Nf`,
// `%.Ng`), in place of `core::fmt`'s float code (~20 KB of wasm: Grisu and Dragon, shortest and
// exact), on the big integers above. Not a hot path: scores and distances, not GET/SET.

/// `s.parse::<f64>()`. On wasm32 it is [`parse_f64_exact`], which leaves `core`'s float parser
/// (~13 KB of the playground's wasm with its tables) out of the build; natively it is `core`'s
/// parser itself, which is faster (measured natively: typical scores take 2-8 ns there and
/// 14-28 ns here, and 17-digit values ~630 ns here). The two agree bit for bit (tested below), so
/// the result is the same on every target, as with [`crate::sort`].
#[inline]
pub fn parse_f64(s: &str) -> Option<f64> {
    #[cfg(target_arch = "wasm32")]
    return parse_f64_exact(s);
    #[cfg(not(target_arch = "wasm32"))]
    return s.parse().ok();
}

/// `s.parse::<f64>()` (same syntax: sign, `inf` / `infinity` / `nan` in any case, digits with
/// an optional point and exponent; same correctly rounded result, ties to even; overflow to
/// an infinity, underflow to zero), without `core`'s float parser: the decimal parser
/// above, rounding to 53 bits. Public so native tests check it against `core`'s.
pub fn parse_f64_exact(s: &str) -> Option<f64> {
    let s = s.as_bytes();
    let (neg, body) = match s.first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let magnitude = if body.eq_ignore_ascii_case(b"inf") || body.eq_ignore_ascii_case(b"infinity") {
        f64::INFINITY
    } else if body.eq_ignore_ascii_case(b"nan") {
        f64::NAN
    } else {
        match parse_dec(body, false, &F64)? {
            Ok(v) if v.mant == 0 => 0.0,
            // A 53-bit significand: normal (top bit 52) or denormal (`exp` -1074).
            Ok(v) if v.mant >> 52 == 0 => f64::from_bits(v.mant),
            Ok(v) => f64::from_bits(((v.exp + 1075) as u64) << 52 | (v.mant & ((1 << 52) - 1))),
            Err(OutOfRange::Overflow) => f64::INFINITY,
            Err(OutOfRange::Underflow) => 0.0,
        }
    };
    Some(if neg { -magnitude } else { magnitude })
}

/// `d` as `(mant, exp)` with `|d| = mant * 2^exp` (finite `d`).
fn f64_parts(d: f64) -> (u64, i64) {
    let bits = d.to_bits();
    let e = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1 << 52) - 1);
    if e == 0 {
        (frac, -1074)
    } else {
        (frac | 1 << 52, e - 1075)
    }
}

/// C's `printf("%.<decimals>f", d)`: exact, ties to even. `nan`, `inf`, `-inf` for the
/// non-finite values, as C prints them.
pub fn format_fixed(d: f64, decimals: usize) -> String {
    if !d.is_finite() {
        return non_finite(d).to_string();
    }
    let (mant, exp) = f64_parts(d);
    let digits = scaled(mant, exp, decimals as i64).to_decimal();
    with_point(d.is_sign_negative(), &digits, decimals)
}

/// C's `printf("%.<prec>g", d)` (`prec` 0 counts as 1), as glibc prints it: exact, ties to
/// even, trailing zeros removed, `e+XX` when the exponent is below -4 or at least `prec`.
pub fn format_g(d: f64, prec: usize) -> String {
    if !d.is_finite() {
        return non_finite(d).to_string();
    }
    if d == 0.0 {
        return if d.is_sign_negative() { "-0" } else { "0" }.to_string();
    }
    let prec = prec.max(1);
    let (mant, exp) = f64_parts(d);
    // The decimal exponent `x` of the leading digit after rounding: estimated from the top
    // bit's position (floor(top * log10 2), maybe one low), then corrected by the digit count.
    let top = exp + 63 - i64::from(mant.leading_zeros());
    let mut x = (top * 78_913).div_euclid(1 << 18);
    let digits = loop {
        let digits = scaled(mant, exp, prec as i64 - 1 - x).to_decimal();
        match digits.len().cmp(&prec) {
            Ordering::Greater => x += 1,
            Ordering::Less => x -= 1,
            Ordering::Equal => break digits,
        }
    };
    let mut out = String::with_capacity(prec + 8);
    if d < 0.0 {
        out.push('-');
    }
    if x < -4 || x >= prec as i64 {
        let (first, rest) = digits.split_at(1);
        out.push_str(first);
        push_fraction(&mut out, rest);
        out.push('e');
        out.push(if x < 0 { '-' } else { '+' });
        let x = x.unsigned_abs();
        if x < 10 {
            out.push('0');
        }
        out.push_str(&x.to_string());
    } else if x >= 0 {
        let (int, frac) = digits.split_at(x as usize + 1);
        out.push_str(int);
        push_fraction(&mut out, frac);
    } else {
        out.push('0');
        let mut frac = "0".repeat((-x - 1) as usize);
        frac.push_str(&digits);
        push_fraction(&mut out, &frac);
    }
    out
}

/// Appends `.frac` without its trailing zeros (nothing if that leaves it empty).
fn push_fraction(out: &mut String, frac: &str) {
    let frac = frac.trim_end_matches('0');
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
}

/// How C's printf shows a non-finite double.
fn non_finite(d: f64) -> &'static str {
    if d.is_nan() {
        "nan"
    } else if d > 0.0 {
        "inf"
    } else {
        "-inf"
    }
}

/// `round(mant * 2^exp * 10^k)`, ties to even (the FPU's and glibc's rounding).
fn scaled(mant: u64, exp: i64, k: i64) -> Big {
    let mut num = Big::from_u64(mant);
    if k > 0 {
        num.mul_pow10(k as u64);
    }
    if exp > 0 {
        num = num.shl(exp as u64);
    }
    let shift = if exp < 0 { exp.unsigned_abs() } else { 0 };
    let (mut q, half, lower) = if k >= 0 {
        // Divide by 2^shift.
        if shift == 0 {
            return num;
        }
        let q = num.shr(shift);
        (q, num.bit(shift - 1), num.any_below(shift - 1))
    } else {
        // Divide by 10^-k * 2^shift, one quotient bit more than needed for the rounding.
        let mut den = Big::from_u64(1);
        den.mul_pow10(k.unsigned_abs());
        let (q2, sticky) = num.shl(1).div_rem_nonzero(&den.shl(shift));
        (q2.shr(1), q2.bit(0), sticky)
    };
    if half && (lower || q.bit(0)) {
        q.add_small(1);
    }
    q
}

/// `digits` (an integer, the value times 10^decimals) with the point put back: at least one
/// integer digit, exactly `decimals` fraction digits, `-` first if `neg`.
fn with_point(neg: bool, digits: &str, decimals: usize) -> String {
    let mut out = String::with_capacity(digits.len() + decimals + 3);
    if neg {
        out.push('-');
    }
    if digits.len() <= decimals {
        out.push('0');
        out.push('.');
        for _ in digits.len()..decimals {
            out.push('0');
        }
        out.push_str(digits);
    } else {
        let (int, frac) = digits.split_at(digits.len() - decimals);
        out.push_str(int);
        if decimals > 0 {
            out.push('.');
            out.push_str(frac);
        }
    }
    out
}

/// Rounds `n * 2^e2` (plus a nonzero amount below its last bit if `sticky`) to the nearest
/// extended value; `None` on overflow.
fn round(neg: bool, n: &Big, e2: i64, sticky: bool, f: &Format) -> Option<LongDouble> {
    let len = n.bitlen() as i64;
    if len == 0 {
        return Some(LongDouble {
            neg,
            ..LongDouble::ZERO
        });
    }
    let top = len - 1 + e2;
    let mut lsb = (top - (f.bits - 1)).max(f.min_lsb);
    let shift = lsb - e2;
    let mut mant = if shift <= 0 {
        n.shl((-shift) as u64).to_u64()
    } else {
        let shift = shift as u64;
        let q = n.shr(shift);
        let half = n.bit(shift - 1);
        let lower = sticky || n.any_below(shift - 1);
        let mut m = u128::from(q.to_u64());
        if half && (lower || m & 1 == 1) {
            m += 1;
            if m >> f.bits != 0 {
                // Rounded up to the next power of two.
                m >>= 1;
                lsb += 1;
            }
        }
        m as u64
    };
    if mant == 0 {
        lsb = 0;
        mant = 0;
    }
    finish(neg, mant, lsb, f)
}

fn finish(neg: bool, mant: u64, exp: i64, f: &Format) -> Option<LongDouble> {
    let v = LongDouble { neg, mant, exp };
    if mant != 0 && v.top_exp() > f.max_exp {
        return None;
    }
    Some(v)
}

/// A binary floating-point format values are rounded to: the significand's width, the weight
/// of the smallest denormal's bit, the largest exponent of a finite value's top bit, and the
/// decimal magnitudes (`digits + exponent`) beyond which a decimal surely overflows or
/// rounds to zero.
struct Format {
    bits: i64,
    min_lsb: i64,
    max_exp: i64,
    max_mag: i64,
    min_mag: i64,
}

/// x86's 80-bit `long double`.
const X87: Format = Format {
    bits: 64,
    min_lsb: MIN_LSB,
    max_exp: MAX_EXP,
    max_mag: 4934,
    min_mag: -4952,
};

/// IEEE 754 binary64 (`f64`).
const F64: Format = Format {
    bits: 53,
    min_lsb: -1074,
    max_exp: 1023,
    max_mag: 311,
    min_mag: -330,
};

/// Why a decimal has no finite nonzero value in a [`Format`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OutOfRange {
    /// Too large: an infinity.
    Overflow,
    /// Nonzero but rounds to zero.
    Underflow,
}

/// Decimal `strtold` syntax (also Rust's float syntax): digits, optional point and fraction,
/// optional exponent, rounded to `f`. `Some(Err(_))` = overflow or underflow (rejected by
/// Redis); `None` = not a number.
fn parse_dec(s: &[u8], neg: bool, f: &Format) -> Option<Result<LongDouble, OutOfRange>> {
    let mut i = 0;
    let mut digits: Vec<u8> = Vec::new();
    let mut point_shift: i64 = 0;
    let mut seen_digit = false;
    while i < s.len() && s[i].is_ascii_digit() {
        digits.push(s[i] - b'0');
        seen_digit = true;
        i += 1;
    }
    if i < s.len() && s[i] == b'.' {
        i += 1;
        while i < s.len() && s[i].is_ascii_digit() {
            digits.push(s[i] - b'0');
            point_shift -= 1;
            seen_digit = true;
            i += 1;
        }
    }
    if !seen_digit {
        return None;
    }
    let mut exp10: i64 = 0;
    if i < s.len() && (s[i] == b'e' || s[i] == b'E') {
        i += 1;
        let eneg = match s.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let start = i;
        while i < s.len() && s[i].is_ascii_digit() {
            // Saturate: anything this large is an overflow or underflow anyway.
            exp10 = (exp10 * 10 + i64::from(s[i] - b'0')).min(1 << 40);
            i += 1;
        }
        if i == start {
            return None;
        }
        if eneg {
            exp10 = -exp10;
        }
    }
    if i != s.len() {
        return None;
    }
    // Strip leading zeros; an all-zero significand is an exact zero (no ERANGE).
    let first = digits.iter().position(|&d| d != 0);
    let Some(first) = first else {
        return Some(Ok(LongDouble {
            neg,
            ..LongDouble::ZERO
        }));
    };
    let digits = &digits[first..];
    let e = exp10 + point_shift;
    if f.bits == 53 && digits.len() <= 15 && (-22..=22).contains(&e) {
        // Clinger's fast path for doubles: the digits and 10^|e| are exact doubles, so one
        // correctly rounded multiplication or division is the correctly rounded value.
        let m = digits.iter().fold(0u64, |m, &d| m * 10 + u64::from(d)) as f64;
        let p = (0..e.abs()).fold(1.0f64, |p, _| p * 10.0);
        let (mant, exp) = f64_parts(if e < 0 { m / p } else { m * p });
        return Some(Ok(LongDouble { neg, mant, exp }));
    }
    // The value is in [10^(nd+e-1), 10^(nd+e)): decide range errors before any big numbers.
    let mag = digits.len() as i64 + e;
    if mag > f.max_mag {
        return Some(Err(OutOfRange::Overflow));
    }
    if mag < f.min_mag {
        return Some(Err(OutOfRange::Underflow));
    }
    let mut d = Big::default();
    for chunk in digits.chunks(9) {
        let mut v = 0u32;
        let mut m = 1u32;
        for &c in chunk {
            v = v * 10 + u32::from(c);
            m *= 10;
        }
        d.mul_small(m);
        d.add_small(v);
    }
    let v = if e >= 0 {
        round(neg, &d.mul(&Big::pow10(e as u64)), 0, false, f)
    } else {
        let p = Big::pow10((-e) as u64);
        // Scale so the quotient has at least 66 significant bits.
        let s = (p.bitlen() as i64 - d.bitlen() as i64 + 66).max(0) as u64;
        let (q, rem_nonzero) = d.shl(s).div_rem_nonzero(&p);
        round(neg, &q, -(s as i64), rem_nonzero, f)
    };
    Some(match v {
        None => Err(OutOfRange::Overflow),
        Some(v) if v.mant == 0 => Err(OutOfRange::Underflow),
        Some(v) => Ok(v),
    })
}

/// Hexadecimal `strtold` syntax after `0x`: hex digits, optional point, optional `p` exponent.
fn parse_hex(s: &[u8], neg: bool) -> Option<Option<LongDouble>> {
    let mut i = 0;
    let mut n = Big::default();
    let mut e2: i64 = 0;
    let mut seen = false;
    let hex = |b: u8| (b as char).to_digit(16);
    while let Some(v) = s.get(i).and_then(|&b| hex(b)) {
        if n.bitlen() < 20_000 {
            n.mul_small(16);
            n.add_small(v);
        } else {
            e2 += 4;
        }
        seen = true;
        i += 1;
    }
    if s.get(i) == Some(&b'.') {
        i += 1;
        while let Some(v) = s.get(i).and_then(|&b| hex(b)) {
            if n.bitlen() < 20_000 {
                n.mul_small(16);
                n.add_small(v);
                e2 -= 4;
            }
            seen = true;
            i += 1;
        }
    }
    if !seen {
        return None;
    }
    if s.get(i) == Some(&b'p') {
        i += 1;
        let eneg = match s.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let start = i;
        let mut p: i64 = 0;
        while i < s.len() && s[i].is_ascii_digit() {
            p = (p * 10 + i64::from(s[i] - b'0')).min(1 << 40);
            i += 1;
        }
        if i == start {
            return None;
        }
        e2 += if eneg { -p } else { p };
    }
    if i != s.len() {
        return None;
    }
    if n.bitlen() == 0 {
        return Some(Some(LongDouble {
            neg,
            ..LongDouble::ZERO
        }));
    }
    if n.bitlen() as i64 + e2 < MIN_LSB - 2 {
        return Some(None);
    }
    Some(match round(neg, &n, e2, false, &X87) {
        Some(v) if v.mant == 0 => None,
        v => v,
    })
}

/// A non-negative big integer, little-endian 32-bit limbs, no leading zero limbs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Big(Vec<u32>);

impl Big {
    fn from_u64(v: u64) -> Big {
        let mut b = Big(vec![v as u32, (v >> 32) as u32]);
        b.trim();
        b
    }

    fn pow10(k: u64) -> Big {
        let mut b = Big::from_u64(1);
        b.mul_pow10(k);
        b
    }

    fn mul_pow10(&mut self, mut k: u64) {
        while k >= 9 {
            self.mul_small(1_000_000_000);
            k -= 9;
        }
        self.mul_small(10u32.pow(k as u32));
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn bitlen(&self) -> u64 {
        match self.0.last() {
            None => 0,
            Some(&top) => self.0.len() as u64 * 32 - u64::from(top.leading_zeros()),
        }
    }

    fn bit(&self, i: u64) -> bool {
        let limb = (i / 32) as usize;
        limb < self.0.len() && (self.0[limb] >> (i % 32)) & 1 == 1
    }

    /// Whether any bit below position `i` is set.
    fn any_below(&self, i: u64) -> bool {
        let limb = (i / 32) as usize;
        let full = limb.min(self.0.len());
        if self.0[..full].iter().any(|&l| l != 0) {
            return true;
        }
        limb < self.0.len() && self.0[limb] & ((1u32 << (i % 32)) - 1) != 0
    }

    fn to_u64(&self) -> u64 {
        let lo = u64::from(self.0.first().copied().unwrap_or(0));
        let hi = u64::from(self.0.get(1).copied().unwrap_or(0));
        lo | hi << 32
    }

    fn mul_small(&mut self, m: u32) {
        let mut carry = 0u64;
        for l in &mut self.0 {
            let v = u64::from(*l) * u64::from(m) + carry;
            *l = v as u32;
            carry = v >> 32;
        }
        if carry != 0 {
            self.0.push(carry as u32);
        }
        self.trim();
    }

    fn add_small(&mut self, a: u32) {
        let mut carry = u64::from(a);
        for l in &mut self.0 {
            if carry == 0 {
                break;
            }
            let v = u64::from(*l) + carry;
            *l = v as u32;
            carry = v >> 32;
        }
        if carry != 0 {
            self.0.push(carry as u32);
        }
    }

    fn add(&self, o: &Big) -> Big {
        let n = self.0.len().max(o.0.len());
        let mut r = Vec::with_capacity(n + 1);
        let mut carry = 0u64;
        for i in 0..n {
            let v = u64::from(self.0.get(i).copied().unwrap_or(0))
                + u64::from(o.0.get(i).copied().unwrap_or(0))
                + carry;
            r.push(v as u32);
            carry = v >> 32;
        }
        r.push(carry as u32);
        let mut b = Big(r);
        b.trim();
        b
    }

    /// `self - o`, requires `self >= o`.
    fn sub(&self, o: &Big) -> Big {
        let mut r = self.clone();
        r.sub_assign(o);
        r
    }

    fn sub_assign(&mut self, o: &Big) {
        let mut borrow = 0i64;
        for i in 0..self.0.len() {
            let v = i64::from(self.0[i]) - i64::from(o.0.get(i).copied().unwrap_or(0)) - borrow;
            if v < 0 {
                self.0[i] = (v + (1 << 32)) as u32;
                borrow = 1;
            } else {
                self.0[i] = v as u32;
                borrow = 0;
            }
        }
        self.trim();
    }

    fn cmp(&self, o: &Big) -> Ordering {
        self.0
            .len()
            .cmp(&o.0.len())
            .then_with(|| self.0.iter().rev().cmp(o.0.iter().rev()))
    }

    fn mul(&self, o: &Big) -> Big {
        let mut r = vec![0u32; self.0.len() + o.0.len()];
        for (i, &a) in self.0.iter().enumerate() {
            let mut carry = 0u64;
            for (j, &b) in o.0.iter().enumerate() {
                let v = u64::from(a) * u64::from(b) + u64::from(r[i + j]) + carry;
                r[i + j] = v as u32;
                carry = v >> 32;
            }
            r[i + o.0.len()] = carry as u32;
        }
        let mut b = Big(r);
        b.trim();
        b
    }

    fn shl(&self, n: u64) -> Big {
        if self.0.is_empty() {
            return Big::default();
        }
        let limbs = (n / 32) as usize;
        let bits = (n % 32) as u32;
        let mut r = vec![0u32; limbs];
        r.reserve(self.0.len() + 1);
        let mut carry = 0u32;
        for &l in &self.0 {
            if bits == 0 {
                r.push(l);
            } else {
                r.push(l << bits | carry);
                carry = l >> (32 - bits);
            }
        }
        r.push(carry);
        let mut b = Big(r);
        b.trim();
        b
    }

    fn shr(&self, n: u64) -> Big {
        let limbs = (n / 32) as usize;
        if limbs >= self.0.len() {
            return Big::default();
        }
        let bits = (n % 32) as u32;
        let src = &self.0[limbs..];
        let mut r = Vec::with_capacity(src.len());
        for i in 0..src.len() {
            let lo = src[i] >> bits;
            let hi = if bits == 0 {
                0
            } else {
                src.get(i + 1).map_or(0, |&h| h << (32 - bits))
            };
            r.push(lo | hi);
        }
        let mut b = Big(r);
        b.trim();
        b
    }

    /// `(self / d, self % d != 0)` for `d > 0`, by binary long division over the quotient's
    /// bits only (the quotients here are about 66 bits long).
    fn div_rem_nonzero(&self, d: &Big) -> (Big, bool) {
        let nl = self.bitlen();
        let dl = d.bitlen();
        if nl < dl {
            return (Big::default(), nl != 0);
        }
        let qbits = nl - dl + 1;
        let mut rem = self.shr(qbits);
        let mut q = Big(vec![0; qbits.div_ceil(32) as usize]);
        for i in (0..qbits).rev() {
            rem.shl1(self.bit(i));
            if rem.cmp(d) != Ordering::Less {
                rem.sub_assign(d);
                q.0[(i / 32) as usize] |= 1 << (i % 32);
            }
        }
        q.trim();
        (q, !rem.0.is_empty())
    }

    /// `self = self * 2 + low`, in place.
    fn shl1(&mut self, low: bool) {
        let mut carry = u32::from(low);
        for l in &mut self.0 {
            let v = *l;
            *l = v << 1 | carry;
            carry = v >> 31;
        }
        if carry != 0 {
            self.0.push(carry);
        }
    }

    fn to_decimal(&self) -> String {
        if self.0.is_empty() {
            return "0".to_string();
        }
        let mut n = self.clone();
        let mut chunks = Vec::new();
        while !n.0.is_empty() {
            let mut rem = 0u64;
            for l in n.0.iter_mut().rev() {
                let v = rem << 32 | u64::from(*l);
                *l = (v / 1_000_000_000) as u32;
                rem = v % 1_000_000_000;
            }
            n.trim();
            chunks.push(rem as u32);
        }
        // Nine digits per chunk, most significant chunk first, then leading zeros dropped.
        let mut s = vec![b'0'; chunks.len() * 9];
        for (nine, &c) in s.chunks_mut(9).zip(chunks.iter().rev()) {
            let mut c = c;
            for d in nine.iter_mut().rev() {
                *d += (c % 10) as u8;
                c /= 10;
            }
        }
        let zeros = s.iter().take_while(|&&d| d == b'0').count();
        s.drain(..zeros);
        String::from_utf8(s).unwrap_or_default() // ASCII digits: always valid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `printf("%.<prec>g")` through `core::fmt`'s exact float formatting (the reference the
    /// big-integer printer must match digit for digit).
    fn std_g(d: f64, prec: usize) -> String {
        if d == 0.0 {
            return if d.is_sign_negative() { "-0" } else { "0" }.to_string();
        }
        let trim = |s: &str| -> String {
            if s.contains('.') {
                s.trim_end_matches('0').trim_end_matches('.').to_string()
            } else {
                s.to_string()
            }
        };
        let prec = prec.max(1);
        let sci = format!("{:.*e}", prec - 1, d);
        let (m, e) = sci.split_once('e').unwrap();
        let e: i32 = e.parse().unwrap();
        if e < -4 || e >= prec as i32 {
            let sign = if e < 0 { '-' } else { '+' };
            format!("{}e{sign}{:02}", trim(m), e.unsigned_abs())
        } else {
            trim(&format!("{:.*}", (prec as i32 - 1 - e) as usize, d))
        }
    }

    #[test]
    fn f64_printing_examples() {
        assert_eq!(format_g(0.1, 17), "0.10000000000000001");
        assert_eq!(format_g(1e20, 17), "1e+20");
        assert_eq!(format_g(1e-5, 17), "1.0000000000000001e-05");
        assert_eq!(format_g(-1.5, 17), "-1.5");
        assert_eq!(format_g(5e-324, 17), "4.9406564584124654e-324");
        assert_eq!(format_g(f64::MAX, 17), "1.7976931348623157e+308");
        assert_eq!(format_g(9.5, 1), "1e+01");
        assert_eq!(format_g(0.00012345, 3), "0.000123");
        assert_eq!(format_g(-0.0, 17), "-0");
        assert_eq!(format_g(f64::NEG_INFINITY, 17), "-inf");
        assert_eq!(format_fixed(0.5, 0), "0");
        assert_eq!(format_fixed(1.5, 0), "2");
        assert_eq!(format_fixed(2.5, 0), "2");
        assert_eq!(format_fixed(0.125, 2), "0.12");
        assert_eq!(format_fixed(-0.001, 2), "-0.00");
        assert_eq!(format_fixed(1234.5678, 4), "1234.5678");
        assert_eq!(format_fixed(1e22, 1), "10000000000000000000000.0");
        assert_eq!(format_fixed(0.1, 17), "0.10000000000000001");
        assert_eq!(format_fixed(f64::NAN, 2), "nan");
    }

    /// `parse_f64_exact` and `str::parse::<f64>` agree: both fail, or give the same bits (any NaN
    /// for a NaN).
    fn same_parse(t: &str) -> Result<(), String> {
        let want = t.parse::<f64>().ok();
        let got = parse_f64_exact(t);
        let same = match (got, want) {
            (Some(g), Some(w)) => g.to_bits() == w.to_bits() || (g.is_nan() && w.is_nan()),
            (None, None) => true,
            _ => false,
        };
        if same {
            Ok(())
        } else {
            Err(format!("{t:?}: got {got:?}, core parses {want:?}"))
        }
    }

    #[test]
    fn f64_parsing_examples() {
        for t in [
            "0",
            "-0",
            "+0",
            "1",
            "1.",
            ".5",
            "-.5e-3",
            "1e5",
            "1E+5",
            "1.e5",
            "1e",
            "1e+",
            "e5",
            ".",
            "",
            "+",
            "-",
            "+-1",
            "1.2.3",
            " 1",
            "1 ",
            "inf",
            "-Infinity",
            "+INF",
            "nan",
            "NaN",
            "-nan",
            "infinit",
            "0x10",
            "1_0",
            "9007199254740993",
            "2.2250738585072011e-308",
            "2.2250738585072014e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "1e309",
            "-1e-400",
            "1e-99999999999",
            "1e99999999999",
            "0.1",
            "123456789012345678901234567890",
            "0.000000000000000000000000000001e30",
        ] {
            same_parse(t).unwrap();
        }
        // A long decimal (Redis accepts up to 5k characters).
        same_parse(&format!("1.{}1", "0".repeat(3000))).unwrap();
        same_parse(&format!("{}.5", "9".repeat(300))).unwrap();
    }

    /// The exact decimal of the midpoint between `d` and the next double up (a tie).
    fn midpoint(d: f64) -> String {
        let (mant, exp) = f64_parts(d);
        let (m, e) = (2 * mant + 1, exp - 1);
        let k = (-e).max(0);
        format!("{}e-{k}", scaled(m, e, k).to_decimal())
    }

    proptest::proptest! {
        /// Any finite double (random bit patterns: every exponent, denormals) prints as
        /// `core::fmt`'s correctly rounded output does, fixed and `%g` alike.
        #[test]
        fn f64_printing_matches_core_fmt(bits: u64, prec in 1usize..20, decimals in 0usize..20) {
            let d = f64::from_bits(bits);
            proptest::prop_assume!(d.is_finite());
            proptest::prop_assert_eq!(format_g(d, prec), std_g(d, prec));
            proptest::prop_assert_eq!(format_fixed(d, decimals), format!("{d:.decimals$}"));
        }

        /// Doubles printed any way parse back as `core` parses them; so do ties between two
        /// doubles (rounding to even) and the decimals just around them.
        #[test]
        fn f64_parsing_matches_core(bits: u64, digits in 0usize..25) {
            let d = f64::from_bits(bits);
            proptest::prop_assume!(d.is_finite());
            for t in [format!("{d}"), format!("{d:e}"), format!("{d:.digits$e}"), midpoint(d.abs())] {
                same_parse(&t).map_err(proptest::test_runner::TestCaseError::fail)?;
            }
            let tie = midpoint(d.abs());
            let (m, e) = tie.split_once('e').unwrap();
            for t in [format!("{m}1e{e}"), format!("{}e{e}", &m[..m.len() - 1])] {
                same_parse(&t).map_err(proptest::test_runner::TestCaseError::fail)?;
            }
        }

        /// Random digit strings and exponents, and random junk from the float alphabet.
        #[test]
        fn f64_parsing_of_any_text_matches_core(
            int in "[0-9]{0,30}",
            frac in proptest::option::of("[0-9]{0,30}"),
            exp in proptest::option::of(-400i32..400),
            junk in "[0-9.eE+-infatyINFATY]{0,8}",
        ) {
            let mut t = int;
            if let Some(f) = frac {
                t.push('.');
                t.push_str(&f);
            }
            if let Some(e) = exp {
                t.push_str(&format!("e{e}"));
            }
            same_parse(&t).map_err(proptest::test_runner::TestCaseError::fail)?;
            same_parse(&junk).map_err(proptest::test_runner::TestCaseError::fail)?;
        }

        /// Short decimals (ties and near-ties to even) print as `core::fmt` prints them.
        #[test]
        fn short_decimals_round_like_core_fmt(n in -100_000i64..100_000, scale in 0u32..6, decimals in 0usize..6) {
            let d = n as f64 / 10f64.powi(scale as i32);
            proptest::prop_assert_eq!(format_fixed(d, decimals), format!("{d:.decimals$}"));
            proptest::prop_assert_eq!(format_g(d, decimals + 1), std_g(d, decimals + 1));
        }
    }

    fn incr(a: &str, b: &str) -> String {
        let (Some(Parsed::Finite(a)), Some(Parsed::Finite(b))) = (
            LongDouble::parse(a.as_bytes()),
            LongDouble::parse(b.as_bytes()),
        ) else {
            return "invalid".into();
        };
        a.checked_add(b)
            .map_or("overflow".into(), |v| v.to_human_string())
    }

    #[test]
    fn matches_x87_redis() {
        // Expected values taken from redis-server 7.0 on x86-64.
        assert_eq!(incr("10.5", "0.1"), "10.6");
        assert_eq!(incr("1", "1e400").len(), 401);
        assert_eq!(incr("0", "-0"), "0");
        assert_eq!(incr("3.0e3", "1.5"), "3001.5");
        assert_eq!(incr("0.1", "0.2"), "0.3");
        assert_eq!(incr("1", "-1"), "0");
        assert_eq!(incr("0x10", "0"), "16");
        assert_eq!(incr("1", "1e-5000"), "invalid");
        assert_eq!(incr("1", "1e5000"), "invalid");
        assert_eq!(incr("1", "1e"), "invalid");
        assert_eq!(incr("1", "."), "invalid");
        assert_eq!(LongDouble::parse(b"nan"), None);
        assert_eq!(LongDouble::parse(b" 1"), None);
        assert_eq!(LongDouble::parse(b"-inf"), Some(Parsed::Infinite));
    }
}
