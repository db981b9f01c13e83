//! SORT and SORT_RO: sort the elements of a list, set or sorted set, optionally by external
//! keys (`BY weight_*`, hash fields `BY h_*->f`), fetch external values (`GET #`, `GET k_*`),
//! and store the result as a list (`STORE`).
//!
//! A transcription of Redis 7.0's `sort.c`: options are parsed first (a bad one is the only
//! error, before the key's type is checked), LIMIT is clamped the same way, `BY` without `*`
//! skips sorting (lists and sorted sets keep their order; a set being STOREd is sorted
//! ALPHA anyway so replicas agree), and numeric sort keys are read as `strtod` reads them.
//! Equal numeric keys are ordered by the elements' bytes, so output is deterministic.

use std::cmp::Ordering;

use super::{flags::*, parse_f64, Args, CommandSpec, Ctx, Group};
use crate::error::{self, CmdError, CmdResult};
use crate::keyspace::list::{End, List};
use crate::keyspace::{Db, Value};
use crate::Millis;

/// Redis's `lookupKeyByPattern`: the value the pattern names for element `elem` — `#` is the
/// element itself, the first `*` is replaced by it, and a `->field` suffix after the `*`
/// reads a hash field. `None` when the pattern has no `*`, the key is missing or of the wrong
/// type.
fn lookup_by_pattern(db: &mut Db, now: Millis, pattern: &[u8], elem: &[u8]) -> Option<Vec<u8>> {
    if pattern == b"#" {
        return Some(elem.to_vec());
    }
    let star = pattern.iter().position(|&b| b == b'*')?;
    let after = &pattern[star + 1..];
    let arrow = after.windows(2).position(|w| w == b"->");
    let (post, field) = match arrow {
        Some(i) if i + 2 < after.len() => (&after[..i], Some(&after[i + 2..])),
        _ => (after, None),
    };
    let mut key = Vec::with_capacity(star + elem.len() + post.len());
    key.extend_from_slice(&pattern[..star]);
    key.extend_from_slice(elem);
    key.extend_from_slice(post);
    match (db.value_read(&key, now)?, field) {
        (Value::Hash(h), Some(f)) => h.get(f).map(<[u8]>::to_vec),
        (Value::String(s), None) => Some(s.to_vec()),
        _ => None,
    }
}

/// A sort key read as C's `strtod` with Redis's checks: the empty string is 0, anything
/// unparsed, out of range or NaN is an error (`None`).
fn sort_score(s: &[u8]) -> Option<f64> {
    if s.is_empty() {
        return Some(0.0);
    }
    // strtod skips leading white space; trailing characters are refused by Redis.
    let start = s
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r'))?;
    let t = &s[start..];
    let v = match parse_f64(t) {
        Some(v) => v,
        None => parse_hex_float(t)?,
    };
    // ERANGE: an overflow reads as infinity without "inf" being written; an underflow is a
    // subnormal result, or zero from a mantissa that is not.
    if v.is_infinite() && !t.iter().any(|b| b.eq_ignore_ascii_case(&b'i')) {
        return None;
    }
    if v.is_subnormal() {
        return None;
    }
    let hex = t.iter().any(|b| b.eq_ignore_ascii_case(&b'x'));
    let mantissa = t
        .split(|b| b.eq_ignore_ascii_case(&b'e'))
        .next()
        .unwrap_or(t);
    if v == 0.0 && !hex && mantissa.iter().any(|b| (b'1'..=b'9').contains(b)) {
        return None;
    }
    Some(v)
}

/// C's hexadecimal float syntax (`0x10`, `-0x1.8p3`), which `strtod` accepts and Rust's
/// parser does not. The whole input must be consumed.
fn parse_hex_float(t: &[u8]) -> Option<f64> {
    let (neg, t) = match t.first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let t = t.strip_prefix(b"0x").or_else(|| t.strip_prefix(b"0X"))?;
    let mut mant = 0f64;
    let mut exp: i64 = 0;
    let mut digits = 0;
    let mut i = 0;
    let mut frac = false;
    while i < t.len() {
        let c = t[i];
        if c == b'.' && !frac {
            frac = true;
        } else if let Some(d) = (c as char).to_digit(16) {
            mant = mant * 16.0 + f64::from(d);
            digits += 1;
            if frac {
                exp -= 4;
            }
        } else {
            break;
        }
        i += 1;
    }
    if digits == 0 {
        return None;
    }
    if i < t.len() {
        if t[i] != b'p' && t[i] != b'P' {
            return None;
        }
        let e = std::str::from_utf8(&t[i + 1..]).ok()?;
        if e.is_empty() || e.starts_with('+') && e.len() == 1 {
            return None;
        }
        exp = exp.checked_add(e.parse::<i64>().ok()?)?;
    }
    let v = mant * 2f64.powi(exp.clamp(-2000, 2000) as i32);
    Some(if neg { -v } else { v })
}

/// One element being sorted, with what it is compared by.
struct Item {
    elem: Vec<u8>,
    score: f64,
    cmp: Option<Vec<u8>>,
}

/// Redis's `pqsort` (NetBSD's quicksort that skips partitions outside `lrange..=rrange`),
/// transcribed index for index so that elements comparing equal end in the same order.
/// Also GEOSEARCH's COUNT sort.
///
/// It sorts `v`, a permutation of the caller's element indexes, by `cmp` on the elements
/// they name: the swaps are those the element sort would make, and one copy of the code
/// serves every element type.
pub(crate) fn pqsort(
    v: &mut [usize],
    cmp: &dyn Fn(usize, usize) -> Ordering,
    lrange: i64,
    rrange: i64,
) {
    pqsort_at(v, 0, v.len(), cmp, lrange, rrange);
}

/// `_pqsort` on `v[a..a + n]`; ranges are absolute indexes into `v`.
fn pqsort_at(
    v: &mut [usize],
    mut a: usize,
    mut n: usize,
    cmp: &dyn Fn(usize, usize) -> Ordering,
    lrange: i64,
    rrange: i64,
) {
    let c = |v: &[usize], i: usize, j: usize| cmp(v[i], v[j]);
    let med3 = |v: &[usize], x: usize, y: usize, z: usize| {
        if c(v, x, y).is_lt() {
            if c(v, y, z).is_lt() {
                y
            } else if c(v, x, z).is_lt() {
                z
            } else {
                x
            }
        } else if c(v, y, z).is_gt() {
            y
        } else if c(v, x, z).is_lt() {
            x
        } else {
            z
        }
    };
    let vecswap = |v: &mut [usize], x: usize, y: usize, k: usize| {
        for i in 0..k {
            v.swap(x + i, y + i);
        }
    };
    // Whether the window `lrange..=rrange` overlaps `lo..lo + len`.
    let overlaps = |lo: usize, len: usize| {
        let (l, r) = (lo as i64, (lo + len) as i64 - 1);
        !((lrange < l && rrange < l) || (lrange > r && rrange > r))
    };
    loop {
        if n < 7 {
            for pm in a + 1..a + n {
                let mut pl = pm;
                while pl > a && c(v, pl - 1, pl).is_gt() {
                    v.swap(pl, pl - 1);
                    pl -= 1;
                }
            }
            return;
        }
        let mut pm = a + n / 2;
        if n > 7 {
            let mut pl = a;
            let mut pn = a + n - 1;
            if n > 40 {
                let d = n / 8;
                pl = med3(v, pl, pl + d, pl + 2 * d);
                pm = med3(v, pm - d, pm, pm + d);
                pn = med3(v, pn - 2 * d, pn - d, pn);
            }
            pm = med3(v, pl, pm, pn);
        }
        v.swap(a, pm);
        let (mut pa, mut pb) = (a + 1, a + 1);
        // `pc` / `pd` may step to just below `a + 1`; kept signed.
        let (mut pc, mut pd) = ((a + n - 1) as i64, (a + n - 1) as i64);
        loop {
            while pb as i64 <= pc {
                let r = c(v, pb, a);
                if r.is_gt() {
                    break;
                }
                if r.is_eq() {
                    v.swap(pa, pb);
                    pa += 1;
                }
                pb += 1;
            }
            while pb as i64 <= pc {
                let r = c(v, pc as usize, a);
                if r.is_lt() {
                    break;
                }
                if r.is_eq() {
                    v.swap(pc as usize, pd as usize);
                    pd -= 1;
                }
                pc -= 1;
            }
            if pb as i64 > pc {
                break;
            }
            v.swap(pb, pc as usize);
            pb += 1;
            pc -= 1;
        }
        let pn = a + n;
        let r = (pa - a).min(pb - pa);
        vecswap(v, a, pb - r, r);
        let r = ((pd - pc) as usize).min(pn - pd as usize - 1);
        vecswap(v, pb, pn - r, r);
        let r = pb - pa;
        if r > 1 && overlaps(a, r) {
            pqsort_at(v, a, r, cmp, lrange, rrange);
        }
        let r = (pd - pc) as usize;
        if r > 1 {
            a = pn - r;
            n = r;
            if overlaps(a, n) {
                continue;
            }
        }
        return;
    }
}

/// SORT key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC | DESC] [ALPHA]
/// [STORE destination]
fn sort(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    sort_generic(ctx, args, false)
}

/// SORT_RO key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC | DESC] [ALPHA]
fn sort_ro(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    sort_generic(ctx, args, true)
}

/// Redis's `sortCommandGeneric`.
fn sort_generic(ctx: &mut Ctx<'_>, args: &mut Args<'_>, readonly: bool) -> CmdResult {
    let key = args.next_key()?;
    let (mut desc, mut alpha, mut dontsort) = (false, false, false);
    let (mut limit_start, mut limit_count) = (0i64, -1i64);
    let mut sortby: Option<&[u8]> = None;
    let mut store: Option<&[u8]> = None;
    let mut gets: Vec<&[u8]> = Vec::new();
    while let Some(a) = args.peek() {
        args.seek(args.position() + 1);
        let left = args.remaining();
        let is = |w: &[u8]| a.eq_ignore_ascii_case(w);
        if is(b"asc") {
            desc = false;
        } else if is(b"desc") {
            desc = true;
        } else if is(b"alpha") {
            alpha = true;
        } else if is(b"limit") && left >= 2 {
            limit_start = args.next_i64()?;
            limit_count = args.next_i64()?;
        } else if !readonly && is(b"store") && left >= 1 {
            store = Some(args.next_key()?);
        } else if is(b"by") && left >= 1 {
            let p = args.next_arg()?;
            // A pattern without `*` (`nosort`) cannot name per-element keys: no sorting.
            if !p.contains(&b'*') {
                dontsort = true;
            }
            sortby = Some(p);
        } else if is(b"get") && left >= 1 {
            gets.push(args.next_arg()?);
        } else {
            return Err(CmdError::Borrowed(error::SYNTAX));
        }
    }

    let now = ctx.now;
    let db = ctx.db();
    // Load the elements; `native` = they come in the value's own order (list, zset).
    let mut items: Vec<Vec<u8>> = Vec::new();
    let mut is_set = false;
    match db.value_read(key, now) {
        None => {}
        Some(Value::List(l)) => l.iter().for_each(|e| items.push(e.to_vec())),
        Some(Value::Set(s)) => {
            is_set = true;
            s.iter().for_each(|m| items.push(m.to_vec()));
        }
        Some(Value::ZSet(z)) => z.iter().for_each(|(m, _)| items.push(m.to_vec())),
        Some(_) => return Err(CmdError::Borrowed(error::WRONGTYPE)),
    }
    if dontsort && is_set && store.is_some() {
        // Force ALPHA sorting so the stored list does not depend on the set's layout.
        dontsort = false;
        alpha = true;
        sortby = None;
    }
    let len = items.len() as i64;
    let mut start = limit_start.max(0);
    let mut end = if limit_count < 0 {
        len - 1
    } else {
        start.saturating_add(limit_count) - 1
    };
    if start >= len {
        start = len - 1;
        end = len - 2;
    }
    if end >= len {
        end = len - 1;
    }

    let mut conversion_error = false;
    let ordered: Vec<Vec<u8>> = if dontsort {
        if !is_set && desc {
            items.reverse();
        }
        items
    } else {
        let mut v: Vec<Item> = Vec::with_capacity(items.len());
        for elem in items.drain(..) {
            let mut it = Item {
                elem,
                score: 0.0,
                cmp: None,
            };
            let by = match sortby {
                Some(p) => lookup_by_pattern(db, now, p, &it.elem),
                None => Some(it.elem.clone()),
            };
            if let Some(by) = by {
                if alpha {
                    if sortby.is_some() {
                        it.cmp = Some(by);
                    }
                } else {
                    match sort_score(&by) {
                        Some(s) => it.score = s,
                        None => conversion_error = true,
                    }
                }
            }
            v.push(it);
        }
        let by_pattern = sortby.is_some();
        let compare = |a: usize, b: usize| {
            let (a, b) = (&v[a], &v[b]);
            let c = if !alpha {
                a.score
                    .partial_cmp(&b.score)
                    .unwrap_or(Ordering::Equal)
                    .then_with(|| a.elem.cmp(&b.elem))
            } else if by_pattern {
                match (&a.cmp, &b.cmp) {
                    (Some(x), Some(y)) => x.cmp(y),
                    (None, None) => Ordering::Equal,
                    (None, _) => Ordering::Less,
                    (_, None) => Ordering::Greater,
                }
            } else {
                a.elem.cmp(&b.elem)
            };
            if desc {
                c.reverse()
            } else {
                c
            }
        };
        // The elements' indexes are sorted (one instantiation of each sort for the engine),
        // then the elements taken in that order.
        let mut order: Vec<usize> = (0..v.len()).collect();
        let n = v.len() as i64;
        if by_pattern && (start != 0 || end != n - 1) {
            // Redis sorts only the LIMIT window, with its own partial quicksort: equal
            // ALPHA BY keys then come out in that algorithm's order, so use the same one.
            pqsort(&mut order, &compare, start, end);
        } else {
            // glibc's qsort is a merge sort, stable as this one.
            crate::sort::sort_by(&mut order, |&a, &b| compare(a, b));
        }
        let mut ordered = Vec::with_capacity(order.len());
        for i in order {
            ordered.push(std::mem::take(&mut v[i].elem));
        }
        ordered
    };
    if conversion_error {
        return Err(CmdError::Borrowed(error::SORT_ONE_SCORE));
    }
    let picked: &[Vec<u8>] = if end >= start && start >= 0 {
        &ordered[start as usize..=end as usize]
    } else {
        &[]
    };

    // Each output row: the element, or one value per GET pattern.
    let mut out: Vec<Option<Vec<u8>>> = Vec::new();
    for elem in picked {
        if gets.is_empty() {
            out.push(Some(elem.clone()));
        }
        for p in &gets {
            out.push(lookup_by_pattern(db, now, p, elem));
        }
    }
    match store {
        None => {
            ctx.out.array(out.len());
            for v in &out {
                match v {
                    Some(b) => ctx.out.bulk(b),
                    None => ctx.out.null(),
                }
            }
        }
        Some(dest) => {
            let n = out.len();
            if n > 0 {
                let mut l = List::new();
                for v in out {
                    l.push(End::Right, v.unwrap_or_default());
                }
                db.set(dest, Value::List(Box::new(l)));
                ctx.touch(dest);
                ctx.signal_ready(dest);
            } else if db.remove(dest).is_some() {
                ctx.touch(dest);
            }
            ctx.out.int(n as i64);
        }
    }
    Ok(())
}

/// SORT's slice of the command table (Redis puts it in the generic group).
pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        flags: WRITE | DENYOOM,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Sort the elements in a list, set or sorted set",
        syntax: "key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC | DESC] [ALPHA] [STORE destination]",
        handler: Some(sort),
        ..CommandSpec::base("sort", -2, Group::Generic)
    },
    CommandSpec {
        flags: READONLY,
        first_key: 1,
        last_key: 1,
        step: 1,
        summary: "Sort the elements in a list, set or sorted set. Read-only variant of SORT.",
        since: "7.0.0",
        syntax: "key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC | DESC] [ALPHA]",
        handler: Some(sort_ro),
        ..CommandSpec::base("sort_ro", -2, Group::Generic)
    },
];
