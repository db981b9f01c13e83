//! Geo commands: GEOADD, GEOPOS, GEODIST, GEOHASH, GEOSEARCH, GEOSEARCHSTORE, GEORADIUS,
//! GEORADIUSBYMEMBER and their `_RO` variants.
//!
//! A geo set is a sorted set whose scores are 52-bit geohashes (`crate::keyspace::geohash`).
//! Parsing follows Redis 7.0's `geo.c` (`georadiusGeneric`) option by option, because the
//! order of validation is visible in error replies: e.g. a missing source key of
//! GEORADIUSBYMEMBER skips the radius checks, and options are validated left to right.
//!
//! Distances are printed `%.4f` as bulk strings (in RESP3 too); coordinates are the decoded
//! cell centres, printed as Redis's `addReplyHumanLongDouble` (`%.17Lf` with trailing zeros
//! removed; a bulk string in RESP2, a `,` double in RESP3).
//!
//! Result order is Redis's too: members are collected cell by cell (the centre cell, then
//! N S E W NE NW SE SW) in score order; a full sort is stable like glibc's `qsort`, and a
//! COUNT-limited one uses a port of Redis's partial quicksort (`pqsort`), so equal distances
//! come out in Redis's order. GEOADD replicates as the ZADD it runs.
//!
//! Writers call `ctx.touch` for every key they change and `ctx.signal_ready` when a zset
//! gains members (BZPOPMIN waiters), like the sorted-set commands.

use std::cmp::Ordering;

use super::{flags::*, parse_f64, typed, typed_write, Args, CommandSpec, Ctx, Group};
use crate::error::{self, CmdError, CmdResult};
use crate::keyspace::geohash::{self, Shape, ShapeKind};
use crate::keyspace::long_double::format_fixed;
use crate::keyspace::zset::{Limits, ScoreBound, ZSet};
use crate::keyspace::{Db, Kind, Value};
use crate::resp::{fmt_i64, string2ll, Reply};
use crate::Millis;

fn err(text: &'static str) -> CmdError {
    CmdError::Borrowed(text)
}

/// The zset encoding thresholds from the configuration.
fn limits(ctx: &Ctx<'_>) -> Limits {
    Limits::from_config(&ctx.state.config)
}

fn zset_ref<'d>(db: &'d mut Db, key: &[u8], now: Millis) -> CmdResult<Option<&'d ZSet>> {
    match typed(db, key, now, Kind::ZSet)? {
        Some(Value::ZSet(z)) => Ok(Some(z)),
        _ => Ok(None),
    }
}

/// [`zset_ref`] for a second look at a key already looked up (counted once in INFO stats).
fn zset_again<'d>(db: &'d mut Db, key: &[u8], now: Millis) -> CmdResult<Option<&'d ZSet>> {
    match typed_write(db, key, now, Kind::ZSet)? {
        Some(Value::ZSet(z)) => Ok(Some(z)),
        _ => Ok(None),
    }
}

/// A double argument (`getDoubleFromObjectOrReply`), with Redis's generic message or `msg`.
fn double_arg(s: &[u8], msg: Option<&'static str>) -> CmdResult<f64> {
    parse_f64(s).ok_or(err(msg.unwrap_or(error::NOT_FLOAT)))
}

/// `extractLongLatOrReply`.
#[inline(never)] // three callers; cold formatting inside
fn long_lat(lon: &[u8], lat: &[u8]) -> CmdResult<[f64; 2]> {
    let x = double_arg(lon, None)?;
    let y = double_arg(lat, None)?;
    if !(geohash::LONG_MIN..=geohash::LONG_MAX).contains(&x)
        || !(geohash::LAT_MIN..=geohash::LAT_MAX).contains(&y)
    {
        return Err(CmdError::Owned(format!(
            "ERR invalid longitude,latitude pair {},{}",
            format_fixed(x, 6),
            format_fixed(y, 6)
        )));
    }
    Ok([x, y])
}

/// `extractUnitOrReply`: metres per unit.
fn unit(s: &[u8]) -> CmdResult<f64> {
    match s.to_ascii_lowercase().as_slice() {
        b"m" => Ok(1.0),
        b"km" => Ok(1000.0),
        b"ft" => Ok(0.3048),
        b"mi" => Ok(1609.34),
        _ => Err(err(error::GEO_UNIT)),
    }
}

/// `extractDistanceOrReply`: (radius, metres per unit).
fn radius_arg(r: &[u8], u: &[u8]) -> CmdResult<(f64, f64)> {
    let d = double_arg(r, Some(error::GEO_NEED_RADIUS))?;
    if d < 0.0 {
        return Err(err(error::GEO_RADIUS_NEGATIVE));
    }
    Ok((d, unit(u)?))
}

/// `extractBoxOrReply`: (width, height, metres per unit).
fn box_arg(w: &[u8], h: &[u8], u: &[u8]) -> CmdResult<(f64, f64, f64)> {
    let w = double_arg(w, Some(error::GEO_NEED_WIDTH))?;
    let h = double_arg(h, Some(error::GEO_NEED_HEIGHT))?;
    if h < 0.0 || w < 0.0 {
        return Err(err(error::GEO_BOX_NEGATIVE));
    }
    Ok((w, h, unit(u)?))
}

/// `addReplyDoubleDistance`: `%.4f` as a bulk string.
fn reply_distance(out: &mut Reply<'_>, d: f64) {
    out.bulk(format_fixed(d, 4).as_bytes());
}

/// `addReplyHumanLongDouble`: `%.17Lf` without trailing zeros.
fn reply_coord(out: &mut Reply<'_>, v: f64) {
    let mut s = format_fixed(v, 17);
    if s.contains('.') {
        let t = s.trim_end_matches('0').trim_end_matches('.').len();
        s.truncate(t);
    }
    if s == "-0" {
        s = "0".to_string();
    }
    if out.resp3() {
        out.raw(b",");
        out.raw(s.as_bytes());
        out.raw(b"\r\n");
    } else {
        out.bulk(s.as_bytes());
    }
}

// ---------------------------------------------------------------------------------------------
// GEOADD GEOPOS GEODIST GEOHASH

/// GEOADD key [NX | XX] [CH] longitude latitude member [longitude latitude member ...]
fn geoadd(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let (mut nx, mut xx, mut ch) = (false, false, false);
    let mut idx = 2;
    while idx < args.len() {
        let a = args.get(idx);
        if a.eq_ignore_ascii_case(b"nx") {
            nx = true;
        } else if a.eq_ignore_ascii_case(b"xx") {
            xx = true;
        } else if a.eq_ignore_ascii_case(b"ch") {
            ch = true;
        } else {
            break;
        }
        idx += 1;
    }
    let rest = args.len() - idx;
    if rest % 3 != 0 || (xx && nx) {
        return Err(err(error::SYNTAX));
    }
    let elements = rest / 3;
    // Redis rewrites the command into a ZADD (options, then score member pairs) and runs it;
    // that ZADD is also what replicates.
    let mut argv: Vec<Vec<u8>> = Vec::with_capacity(idx + 2 * elements.min(1024));
    argv.push(b"zadd".to_vec());
    for i in 1..idx {
        argv.push(args.get(i).to_vec());
    }
    for i in 0..elements {
        let b = idx + i * 3;
        let xy = long_lat(args.get(b), args.get(b + 1))?;
        let hash =
            geohash::encode_wgs84(xy[0], xy[1], geohash::STEP_MAX).ok_or(err(error::SYNTAX))?;
        let mut buf = [0u8; 20];
        argv.push(fmt_i64(&mut buf, geohash::align52(hash) as i64).to_vec());
        argv.push(args.get(b + 2).to_vec());
    }
    if elements == 0 {
        return Err(err(error::SYNTAX));
    }
    let changed = super::sorted_set::zadd_generic(
        ctx,
        &mut Args::from_owned(&argv),
        idx,
        nx,
        xx,
        false,
        false,
        ch,
        false,
    )?;
    if changed && ctx.propagating() {
        ctx.propagate(argv);
    }
    Ok(())
}

/// GEOPOS key [member ...]
fn geopos(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let z = zset_ref(db, args.get(1), now)?;
    out.array(args.len() - 2);
    for i in 2..args.len() {
        match z
            .and_then(|z| z.score(args.get(i)))
            .and_then(geohash::decode_score)
        {
            Some(xy) => {
                out.array(2);
                reply_coord(out, xy[0]);
                reply_coord(out, xy[1]);
            }
            None => out.null_array(),
        }
    }
    Ok(())
}

/// GEODIST key member1 member2 [M | KM | FT | MI]
fn geodist(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let to_meter = match args.len() {
        5 => unit(args.get(4))?,
        n if n > 5 => return Err(err(error::SYNTAX)),
        _ => 1.0,
    };
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let Some(z) = zset_ref(db, args.get(1), now)? else {
        out.null();
        return Ok(());
    };
    let a = z.score(args.get(2)).and_then(geohash::decode_score);
    let b = z.score(args.get(3)).and_then(geohash::decode_score);
    match (a, b) {
        (Some(a), Some(b)) => {
            reply_distance(out, geohash::distance(a[0], a[1], b[0], b[1]) / to_meter)
        }
        _ => out.null(),
    }
    Ok(())
}

/// GEOHASH key [member ...]
fn geohash_cmd(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    let now = ctx.now;
    let (db, out) = ctx.db_out();
    let z = zset_ref(db, args.get(1), now)?;
    out.array(args.len() - 2);
    for i in 2..args.len() {
        match z
            .and_then(|z| z.score(args.get(i)))
            .and_then(geohash::base32)
        {
            Some(h) => out.bulk(&h),
            None => out.null(),
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Searches

/// Which command runs [`search_generic`] (Redis's `RADIUS_*` / `GEOSEARCH*` flags).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// GEORADIUS(_RO): centre from arguments 2 and 3.
    Coords,
    /// GEORADIUSBYMEMBER(_RO): centre from a member.
    Member,
    /// GEOSEARCH.
    Search,
    /// GEOSEARCHSTORE.
    SearchStore,
}

/// A point found by a search.
struct Point {
    lon: f64,
    lat: f64,
    dist: f64,
    score: f64,
    member: Vec<u8>,
}

/// The centre of a member (`longLatFromMember`).
#[inline(never)] // two callers
fn member_center(z: &ZSet, member: &[u8]) -> CmdResult<[f64; 2]> {
    z.score(member)
        .and_then(geohash::decode_score)
        .ok_or(err(error::GEO_MEMBER_DECODE))
}

/// Redis's `membersOfAllNeighbors`: the points of `z` inside `shape`, at most `limit` when
/// it is not 0 (ANY).
fn members_in_shape(z: &ZSet, shape: &Shape, limit: usize) -> Vec<Point> {
    let r = geohash::areas_by_shape(shape);
    let n = r.neighbors;
    let cells = [
        r.hash,
        n.north,
        n.south,
        n.east,
        n.west,
        n.north_east,
        n.north_west,
        n.south_east,
        n.south_west,
    ];
    let mut found = Vec::new();
    let mut last_processed = 0;
    for (i, cell) in cells.iter().enumerate() {
        if cell.is_zero() {
            continue;
        }
        // Huge radii make adjacent neighbours equal; skip repeats (the check is skipped
        // when the last processed cell is the centre, as in Redis).
        if last_processed != 0 && *cell == cells[last_processed] {
            continue;
        }
        if !found.is_empty() && limit != 0 && found.len() >= limit {
            break;
        }
        let (min, max) = geohash::score_range(*cell);
        let (start, end) = z.score_range(
            ScoreBound {
                value: min as f64,
                exclusive: false,
            },
            ScoreBound {
                value: max as f64,
                exclusive: true,
            },
        );
        for (member, score) in z.iter_from(start).take(end - start) {
            if let Some((xy, dist)) = geohash::within_shape(shape, score) {
                found.push(Point {
                    lon: xy[0],
                    lat: xy[1],
                    dist,
                    score,
                    member: member.to_vec(),
                });
            }
            if !found.is_empty() && limit != 0 && found.len() >= limit {
                break;
            }
        }
        last_processed = i;
    }
    found
}

/// Stores the points `order` names under `dst` (or deletes `dst` when there are none), as
/// Redis's `georadiusGeneric` with a store key.
fn store_points(ctx: &mut Ctx<'_>, dst: &[u8], points: &[Point], order: &[usize], storedist: bool) {
    let now = ctx.now;
    if order.is_empty() {
        if ctx.db().get(dst, now).is_some() {
            ctx.db().remove(dst);
            ctx.touch(dst);
        }
        return;
    }
    let lim = limits(ctx);
    let mut z = ZSet::new(true);
    for &i in order {
        let p = &points[i];
        z.insert(&p.member, if storedist { p.dist } else { p.score }, lim);
    }
    z.settle_encoding(lim);
    ctx.db().insert(dst, Value::ZSet(Box::new(z)), None);
    ctx.touch(dst);
    ctx.signal_ready(dst);
}

/// `georadiusGeneric`.
fn search_generic(ctx: &mut Ctx<'_>, args: &mut Args<'_>, mode: Mode, no_store: bool) -> CmdResult {
    let now = ctx.now;
    let src_idx = if mode == Mode::SearchStore { 2 } else { 1 };
    let search = matches!(mode, Mode::Search | Mode::SearchStore);
    let mut store_key: Option<&[u8]> = None;
    let mut storedist = false;
    // The source zset is copied out only as far as needed: its existence and the members'
    // scores, looked up again below (the borrow of the database cannot outlive parsing).
    let exists = zset_ref(ctx.db(), args.get(src_idx), now)?.is_some();
    let mut xy = [0.0f64; 2];
    let mut conversion = 0.0;
    let mut kind = ShapeKind::Circle(0.0);
    let base_args;
    match mode {
        Mode::Coords => {
            base_args = 6;
            xy = long_lat(args.get(2), args.get(3))?;
            let (r, c) = radius_arg(args.get(4), args.get(5))?;
            kind = ShapeKind::Circle(r);
            conversion = c;
        }
        Mode::Member => {
            base_args = 5;
            if exists {
                let z = zset_again(ctx.db(), args.get(src_idx), now)?
                    .expect("invariant: the source zset was just found");
                xy = member_center(z, args.get(2))?;
                let (r, c) = radius_arg(args.get(3), args.get(4))?;
                kind = ShapeKind::Circle(r);
                conversion = c;
            }
        }
        Mode::Search => base_args = 2,
        Mode::SearchStore => {
            base_args = 3;
            store_key = Some(args.get(1));
        }
    }
    let (mut withdist, mut withhash, mut withcoords, mut any) = (false, false, false, false);
    let (mut frommember, mut fromloc, mut byradius, mut bybox) = (false, false, false, false);
    // 0 none, 1 asc, 2 desc.
    let mut sort = 0u8;
    let mut count: i64 = 0;
    let remaining = args.len().saturating_sub(base_args);
    let mut i = 0;
    while i < remaining {
        let at = |k: usize| args.get(base_args + k);
        let arg = at(i).to_ascii_lowercase();
        match arg.as_slice() {
            b"withdist" => withdist = true,
            b"withhash" => withhash = true,
            b"withcoord" => withcoords = true,
            b"any" => any = true,
            b"asc" => sort = 1,
            b"desc" => sort = 2,
            b"count" if i + 1 < remaining => {
                count = string2ll(at(i + 1)).ok_or(err(error::NOT_INTEGER))?;
                if count <= 0 {
                    return Err(err(error::GEO_COUNT));
                }
                i += 1;
            }
            b"store" | b"storedist" if i + 1 < remaining && !no_store && !search => {
                store_key = Some(at(i + 1));
                storedist = arg == b"storedist";
                i += 1;
            }
            b"storedist" if mode == Mode::SearchStore => storedist = true,
            b"frommember" if i + 1 < remaining && search && !fromloc => {
                if exists {
                    let z = zset_again(ctx.db(), args.get(src_idx), now)?
                        .expect("invariant: the source zset was just found");
                    xy = member_center(z, at(i + 1))?;
                }
                frommember = true;
                i += 1;
            }
            b"fromlonlat" if i + 2 < remaining && search && !frommember => {
                xy = long_lat(at(i + 1), at(i + 2))?;
                fromloc = true;
                i += 2;
            }
            b"byradius" if i + 2 < remaining && search && !bybox => {
                let (r, c) = radius_arg(at(i + 1), at(i + 2))?;
                kind = ShapeKind::Circle(r);
                conversion = c;
                byradius = true;
                i += 2;
            }
            b"bybox" if i + 3 < remaining && search && !byradius => {
                let (w, h, c) = box_arg(at(i + 1), at(i + 2), at(i + 3))?;
                kind = ShapeKind::Box(w, h);
                conversion = c;
                bybox = true;
                i += 3;
            }
            _ => return Err(err(error::SYNTAX)),
        }
        i += 1;
    }
    if (store_key.is_some() || storedist) && (withdist || withhash || withcoords) {
        return Err(err(if mode == Mode::SearchStore {
            error::GEO_SEARCHSTORE_WITH
        } else {
            error::GEO_STORE_WITH
        }));
    }
    let name = String::from_utf8_lossy(args.get(0)).into_owned();
    if search && !(frommember || fromloc) {
        return Err(CmdError::Owned(format!(
            "ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for {name}"
        )));
    }
    if search && !(byradius || bybox) {
        return Err(CmdError::Owned(format!(
            "ERR exactly one of BYRADIUS and BYBOX can be specified for {name}"
        )));
    }
    if any && count == 0 {
        return Err(err(error::GEO_ANY_COUNT));
    }
    if !exists {
        match store_key {
            Some(dst) => {
                if ctx.db().get(dst, now).is_some() {
                    ctx.db().remove(dst);
                    ctx.touch(dst);
                }
                ctx.out.int(0);
            }
            None => ctx.out.array(0),
        }
        return Ok(());
    }
    if count != 0 && sort == 0 && !any {
        sort = 1;
    }
    let shape = Shape {
        xy,
        conversion,
        kind,
    };
    let limit = if any {
        usize::try_from(count).unwrap_or(usize::MAX)
    } else {
        0
    };
    let mut points = {
        let z = zset_again(ctx.db(), args.get(src_idx), now)?
            .expect("invariant: the source zset was just found");
        members_in_shape(z, &shape, limit)
    };
    if points.is_empty() && store_key.is_none() {
        ctx.out.array(0);
        return Ok(());
    }
    let returned = if count == 0 {
        points.len()
    } else {
        points
            .len()
            .min(usize::try_from(count).unwrap_or(usize::MAX))
    };
    // The points' indexes in reply order (the points themselves stay in place).
    let mut order: Vec<usize> = (0..points.len()).collect();
    if sort != 0 {
        let desc = sort == 2;
        let cmp = |a: usize, b: usize| {
            let (a, b) = (points[a].dist, points[b].dist);
            // Redis's sort_gp_asc / sort_gp_desc: `>` then `==`, so ties compare equal.
            let c = if a > b {
                Ordering::Greater
            } else if a == b {
                Ordering::Equal
            } else {
                Ordering::Less
            };
            if desc {
                c.reverse()
            } else {
                c
            }
        };
        if returned == points.len() {
            // glibc's qsort (a merge sort here): stable.
            crate::sort::sort_by(&mut order, |&a, &b| cmp(a, b));
        } else if returned > 0 {
            // Redis sorts only the first `returned` with its partial quicksort, whose
            // order among equal distances is its own.
            super::generic_sort::pqsort(&mut order, &cmp, 0, returned as i64 - 1);
        }
    }
    order.truncate(returned);
    for p in &mut points {
        p.dist /= conversion;
    }
    match store_key {
        None => {
            let options = usize::from(withdist) + usize::from(withcoords) + usize::from(withhash);
            let out = &mut ctx.out;
            out.array(order.len());
            for &i in &order {
                let p = &points[i];
                if options > 0 {
                    out.array(options + 1);
                }
                out.bulk(&p.member);
                if withdist {
                    reply_distance(out, p.dist);
                }
                if withhash {
                    out.int(p.score as i64);
                }
                if withcoords {
                    out.array(2);
                    reply_coord(out, p.lon);
                    reply_coord(out, p.lat);
                }
            }
        }
        Some(dst) => {
            store_points(ctx, dst, &points, &order, storedist);
            ctx.out.int(order.len() as i64);
        }
    }
    Ok(())
}

/// GEORADIUS key longitude latitude radius unit [options] [STORE key] [STOREDIST key]
fn georadius(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    search_generic(ctx, args, Mode::Coords, false)
}

/// GEORADIUS_RO key longitude latitude radius unit [options]
fn georadius_ro(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    search_generic(ctx, args, Mode::Coords, true)
}

/// GEORADIUSBYMEMBER key member radius unit [options] [STORE key] [STOREDIST key]
fn georadiusbymember(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    search_generic(ctx, args, Mode::Member, false)
}

/// GEORADIUSBYMEMBER_RO key member radius unit [options]
fn georadiusbymember_ro(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    search_generic(ctx, args, Mode::Member, true)
}

/// GEOSEARCH key <FROMMEMBER member | FROMLONLAT lon lat> <BYRADIUS r unit | BYBOX w h unit>
/// [options]
fn geosearch(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    search_generic(ctx, args, Mode::Search, true)
}

/// GEOSEARCHSTORE destination source ... [STOREDIST]
fn geosearchstore(ctx: &mut Ctx<'_>, args: &mut Args<'_>) -> CmdResult {
    search_generic(ctx, args, Mode::SearchStore, true)
}

// ---------------------------------------------------------------------------------------------
// Table

/// A geo command's table entry with keys at `first..=last` (step 1).
#[allow(clippy::too_many_arguments)] // one table row
const fn spec(
    name: &'static str,
    arity: i32,
    flags: u32,
    keys: (i32, i32),
    summary: &'static str,
    since: &'static str,
    syntax: &'static str,
    handler: super::Handler,
) -> CommandSpec {
    CommandSpec {
        flags,
        first_key: keys.0,
        last_key: keys.1,
        step: if keys.0 == 0 { 0 } else { 1 },
        summary,
        since,
        syntax,
        handler: Some(handler),
        ..CommandSpec::base(name, arity, Group::Geo)
    }
}

/// The geo group's slice of the command table.
pub const COMMANDS: &[CommandSpec] = &[
    spec("geoadd", -5, WRITE | DENYOOM, (1, 1), "Add one or more geospatial items in the geospatial index represented using a sorted set", "3.2.0", "key [NX | XX] [CH] longitude latitude member [longitude latitude member ...]", geoadd),
    spec("geopos", -2, READONLY, (1, 1), "Returns longitude and latitude of members of a geospatial index", "3.2.0", "key [member [member ...]]", geopos),
    spec("geodist", -4, READONLY, (1, 1), "Returns the distance between two members of a geospatial index", "3.2.0", "key member1 member2 [M | KM | FT | MI]", geodist),
    spec("geohash", -2, READONLY, (1, 1), "Returns members of a geospatial index as standard geohash strings", "3.2.0", "key [member [member ...]]", geohash_cmd),
    spec("geosearch", -7, READONLY, (1, 1), "Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle.", "6.2.0", "key <FROMMEMBER member | FROMLONLAT longitude latitude> <BYRADIUS radius <M | KM | FT | MI> | BYBOX width height <M | KM | FT | MI>> [ASC | DESC] [COUNT count [ANY]] [WITHCOORD] [WITHDIST] [WITHHASH]", geosearch),
    spec("geosearchstore", -8, WRITE | DENYOOM, (1, 2), "Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle, and store the result in another key.", "6.2.0", "destination source <FROMMEMBER member | FROMLONLAT longitude latitude> <BYRADIUS radius <M | KM | FT | MI> | BYBOX width height <M | KM | FT | MI>> [ASC | DESC] [COUNT count [ANY]] [STOREDIST]", geosearchstore),
    spec("georadius", -6, WRITE | DENYOOM, (1, 1), "Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a point", "3.2.0", "key longitude latitude radius <M | KM | FT | MI> [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]] [ASC | DESC] [STORE key] [STOREDIST key]", georadius),
    spec("georadius_ro", -6, READONLY, (1, 1), "A read-only variant for GEORADIUS", "3.2.10", "key longitude latitude radius <M | KM | FT | MI> [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]] [ASC | DESC]", georadius_ro),
    spec("georadiusbymember", -5, WRITE | DENYOOM, (1, 1), "Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a member", "3.2.0", "key member radius <M | KM | FT | MI> [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]] [ASC | DESC] [STORE key] [STOREDIST key]", georadiusbymember),
    spec("georadiusbymember_ro", -5, READONLY, (1, 1), "A read-only variant for GEORADIUSBYMEMBER", "3.2.10", "key member radius <M | KM | FT | MI> [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]] [ASC | DESC]", georadiusbymember_ro),
];
