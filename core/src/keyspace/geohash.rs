//! Geohash arithmetic: a port of Redis 7.0's `geohash.c` and `geohash_helper.c` (no RESP).
//!
//! A position is stored as the score of a sorted-set member: the 52-bit interleave of a
//! 26-step latitude and longitude subdivision (latitude in the even bits, longitude in the
//! odd ones), over longitude [-180, 180] and latitude [-85.05112878, 85.05112878] (the
//! Web-Mercator limits). The operations mirror Redis's C code step by step, including its
//! floating-point evaluation order, because replies (coordinates decoded from the cell
//! centre, distances, which members fall in a search) are compared byte for byte.

/// Maximum number of subdivision steps (26 per axis = 52 bits).
pub const STEP_MAX: u8 = 26;
/// Minimum latitude accepted (Web Mercator).
pub const LAT_MIN: f64 = -85.05112878;
/// Maximum latitude accepted.
pub const LAT_MAX: f64 = 85.05112878;
/// Minimum longitude.
pub const LONG_MIN: f64 = -180.0;
/// Maximum longitude.
pub const LONG_MAX: f64 = 180.0;
/// Earth's quadratic mean radius for WGS-84, as Redis uses it.
pub const EARTH_RADIUS_IN_METERS: f64 = 6372797.560856;
const MERCATOR_MAX: f64 = 20037726.37;
const D_R: f64 = std::f64::consts::PI / 180.0;

/// A value range of one axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    /// Lower end.
    pub min: f64,
    /// Upper end.
    pub max: f64,
}

/// A geohash of `step` steps per axis (`bits` holds `2 * step` significant bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HashBits {
    /// Interleaved bits.
    pub bits: u64,
    /// Steps per axis; 0 with `bits` 0 is the "zero" hash (a neighbour excluded from search).
    pub step: u8,
}

impl HashBits {
    /// Whether this is the zero hash (`HASHISZERO`).
    pub fn is_zero(&self) -> bool {
        self.bits == 0 && self.step == 0
    }
}

/// The cell a hash covers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    /// Longitude span.
    pub longitude: Range,
    /// Latitude span.
    pub latitude: Range,
}

/// The eight neighbours of a cell.
#[derive(Debug, Clone, Copy, Default)]
pub struct Neighbors {
    /// North.
    pub north: HashBits,
    /// East.
    pub east: HashBits,
    /// West.
    pub west: HashBits,
    /// South.
    pub south: HashBits,
    /// North-east.
    pub north_east: HashBits,
    /// South-east.
    pub south_east: HashBits,
    /// North-west.
    pub north_west: HashBits,
    /// South-west.
    pub south_west: HashBits,
}

/// The search area of a shape: centre cell, its area, and the useful neighbours.
#[derive(Debug, Clone, Copy)]
pub struct Radius {
    /// The cell of the centre.
    pub hash: HashBits,
    /// That cell's area.
    pub area: Area,
    /// Neighbours (excluded ones are zero).
    pub neighbors: Neighbors,
}

/// A search shape: a circle or a box (half sizes in the shape's unit), centred at `xy`.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Centre longitude, latitude.
    pub xy: [f64; 2],
    /// Metres per unit.
    pub conversion: f64,
    /// The kind and size.
    pub kind: ShapeKind,
}

/// The kind of a [`Shape`].
#[derive(Debug, Clone, Copy)]
pub enum ShapeKind {
    /// A circle of this radius (in the shape's unit).
    Circle(f64),
    /// A box of this width and height (in the shape's unit).
    Box(f64, f64),
}

/// The WGS-84 ranges Redis stores with.
pub fn coord_range() -> (Range, Range) {
    (
        Range {
            min: LONG_MIN,
            max: LONG_MAX,
        },
        Range {
            min: LAT_MIN,
            max: LAT_MAX,
        },
    )
}

fn interleave64(xlo: u32, ylo: u32) -> u64 {
    const B: [u64; 5] = [
        0x5555555555555555,
        0x3333333333333333,
        0x0F0F0F0F0F0F0F0F,
        0x00FF00FF00FF00FF,
        0x0000FFFF0000FFFF,
    ];
    const S: [u32; 5] = [1, 2, 4, 8, 16];
    let mut x = u64::from(xlo);
    let mut y = u64::from(ylo);
    for i in (0..5).rev() {
        x = (x | (x << S[i])) & B[i];
        y = (y | (y << S[i])) & B[i];
    }
    x | (y << 1)
}

fn deinterleave64(interleaved: u64) -> u64 {
    const B: [u64; 6] = [
        0x5555555555555555,
        0x3333333333333333,
        0x0F0F0F0F0F0F0F0F,
        0x00FF00FF00FF00FF,
        0x0000FFFF0000FFFF,
        0x00000000FFFFFFFF,
    ];
    const S: [u32; 6] = [0, 1, 2, 4, 8, 16];
    let mut x = interleaved;
    let mut y = interleaved >> 1;
    for i in 0..6 {
        x = (x | (x >> S[i])) & B[i];
        y = (y | (y >> S[i])) & B[i];
    }
    x | (y << 32)
}

/// `geohashEncode`: the hash of a point over the given ranges, or `None` when the point is
/// outside them or outside the Mercator limits.
pub fn encode(
    long_range: Range,
    lat_range: Range,
    longitude: f64,
    latitude: f64,
    step: u8,
) -> Option<HashBits> {
    if step > 32 || step == 0 {
        return None;
    }
    if !(LONG_MIN..=LONG_MAX).contains(&longitude) || !(LAT_MIN..=LAT_MAX).contains(&latitude) {
        return None;
    }
    if latitude < lat_range.min
        || latitude > lat_range.max
        || longitude < long_range.min
        || longitude > long_range.max
    {
        return None;
    }
    let mut lat_offset = (latitude - lat_range.min) / (lat_range.max - lat_range.min);
    let mut long_offset = (longitude - long_range.min) / (long_range.max - long_range.min);
    let scale = (1u64 << step) as f64;
    lat_offset *= scale;
    long_offset *= scale;
    // C converts to uint32_t by truncation; `as` saturates, equal for in-range values.
    Some(HashBits {
        bits: interleave64(lat_offset as u32, long_offset as u32),
        step,
    })
}

/// `geohashEncodeWGS84`.
pub fn encode_wgs84(longitude: f64, latitude: f64, step: u8) -> Option<HashBits> {
    let (lo, la) = coord_range();
    encode(lo, la, longitude, latitude, step)
}

/// `geohashDecode`: the area of a hash.
pub fn decode(long_range: Range, lat_range: Range, hash: HashBits) -> Option<Area> {
    if hash.is_zero() {
        return None;
    }
    let step = hash.step;
    let sep = deinterleave64(hash.bits);
    let lat_scale = lat_range.max - lat_range.min;
    let long_scale = long_range.max - long_range.min;
    let ilato = sep as u32;
    let ilono = (sep >> 32) as u32;
    let div = (1u64 << step) as f64;
    Some(Area {
        latitude: Range {
            min: lat_range.min + (f64::from(ilato) * 1.0 / div) * lat_scale,
            max: lat_range.min + (f64::from(ilato.wrapping_add(1)) * 1.0 / div) * lat_scale,
        },
        longitude: Range {
            min: long_range.min + (f64::from(ilono) * 1.0 / div) * long_scale,
            max: long_range.min + (f64::from(ilono.wrapping_add(1)) * 1.0 / div) * long_scale,
        },
    })
}

/// `geohashDecodeAreaToLongLat`: the centre of an area, clamped to the valid ranges.
pub fn area_center(area: &Area) -> [f64; 2] {
    let x = ((area.longitude.min + area.longitude.max) / 2.0).clamp(LONG_MIN, LONG_MAX);
    let y = ((area.latitude.min + area.latitude.max) / 2.0).clamp(LAT_MIN, LAT_MAX);
    [x, y]
}

/// Redis's `decodeGeohash`: the longitude and latitude of a stored 52-bit score.
pub fn decode_score(score: f64) -> Option<[f64; 2]> {
    let hash = HashBits {
        bits: c_double_to_u64(score),
        step: STEP_MAX,
    };
    let (lo, la) = coord_range();
    decode(lo, la, hash).map(|a| area_center(&a))
}

/// C's `(uint64_t)d` as x86-64 compilers emit it (`cvttsd2si`), which is what Redis does to
/// any score, including the negative and huge ones ZADD can store: a negative value wraps
/// through `int64_t`, an unrepresentable one becomes `0x8000000000000000` (before the
/// high-bit adjustment of values at or above 2^63).
fn c_double_to_u64(d: f64) -> u64 {
    const TWO63: f64 = 9_223_372_036_854_775_808.0;
    let cvt = |x: f64| {
        if x > -TWO63 && x < TWO63 {
            x as i64
        } else {
            i64::MIN
        }
    };
    if d >= TWO63 {
        (cvt(d - TWO63) as u64) ^ (1 << 63)
    } else {
        cvt(d) as u64
    }
}

/// `geohashAlign52Bits`: the hash shifted to 52 bits (the score form).
pub fn align52(hash: HashBits) -> u64 {
    hash.bits << (52 - u32::from(hash.step) * 2)
}

/// The score range `[min, max)` of the members inside a cell (`scoresOfGeoHashBox`).
pub fn score_range(hash: HashBits) -> (u64, u64) {
    let min = align52(hash);
    let max = align52(HashBits {
        bits: hash.bits.wrapping_add(1),
        step: hash.step,
    });
    (min, max)
}

/// The 11-character base32 geohash GEOHASH replies with, for a stored score (computed over
/// the standard [-90, 90] latitude range, as Redis does).
pub fn base32(score: f64) -> Option<[u8; 11]> {
    const ALPHABET: &[u8; 32] = b"0123456789bcdefghjkmnpqrstuvwxyz";
    let xy = decode_score(score)?;
    let lo = Range {
        min: -180.0,
        max: 180.0,
    };
    let la = Range {
        min: -90.0,
        max: 90.0,
    };
    // Redis ignores a failed encode and prints the zeroed hash.
    let bits = encode(lo, la, xy[0], xy[1], STEP_MAX).map_or(0, |h| h.bits);
    let mut out = [b'0'; 11];
    for (i, o) in out.iter_mut().enumerate().take(10) {
        let idx = (bits >> (52 - (i + 1) * 5)) & 0x1f;
        *o = ALPHABET[idx as usize];
    }
    Some(out)
}

fn move_x(hash: &mut HashBits, d: i8) {
    if d == 0 {
        return;
    }
    let mut x = hash.bits & 0xaaaaaaaaaaaaaaaa;
    let y = hash.bits & 0x5555555555555555;
    let shift = 64 - u32::from(hash.step) * 2;
    let zz = 0x5555555555555555u64.checked_shr(shift).unwrap_or(0);
    if d > 0 {
        x = x.wrapping_add(zz.wrapping_add(1));
    } else {
        x |= zz;
        x = x.wrapping_sub(zz.wrapping_add(1));
    }
    x &= 0xaaaaaaaaaaaaaaaau64.checked_shr(shift).unwrap_or(0);
    hash.bits = x | y;
}

fn move_y(hash: &mut HashBits, d: i8) {
    if d == 0 {
        return;
    }
    let x = hash.bits & 0xaaaaaaaaaaaaaaaa;
    let mut y = hash.bits & 0x5555555555555555;
    let shift = 64 - u32::from(hash.step) * 2;
    let zz = 0xaaaaaaaaaaaaaaaau64.checked_shr(shift).unwrap_or(0);
    if d > 0 {
        y = y.wrapping_add(zz.wrapping_add(1));
    } else {
        y |= zz;
        y = y.wrapping_sub(zz.wrapping_add(1));
    }
    y &= 0x5555555555555555u64.checked_shr(shift).unwrap_or(0);
    hash.bits = x | y;
}

/// `geohashNeighbors`.
pub fn neighbors(hash: HashBits) -> Neighbors {
    let at = |dx: i8, dy: i8| {
        let mut h = hash;
        move_x(&mut h, dx);
        move_y(&mut h, dy);
        h
    };
    Neighbors {
        east: at(1, 0),
        west: at(-1, 0),
        south: at(0, -1),
        north: at(0, 1),
        north_west: at(-1, 1),
        south_west: at(-1, -1),
        north_east: at(1, 1),
        south_east: at(1, -1),
    }
}

fn deg_rad(a: f64) -> f64 {
    a * D_R
}

fn rad_deg(a: f64) -> f64 {
    a / D_R
}

/// `geohashEstimateStepsByRadius`.
pub fn estimate_steps_by_radius(mut range_meters: f64, lat: f64) -> u8 {
    if range_meters == 0.0 {
        return 26;
    }
    let mut step: i32 = 1;
    while range_meters < MERCATOR_MAX {
        range_meters *= 2.0;
        step += 1;
    }
    step -= 2;
    if !(-66.0..=66.0).contains(&lat) {
        step -= 1;
        if !(-80.0..=80.0).contains(&lat) {
            step -= 1;
        }
    }
    step.clamp(1, 26) as u8
}

/// `geohashBoundingBox`: `[min_lon, min_lat, max_lon, max_lat]` around a shape.
pub fn bounding_box(shape: &Shape) -> [f64; 4] {
    let [longitude, latitude] = shape.xy;
    let (h, w) = match shape.kind {
        ShapeKind::Circle(r) => (r, r),
        ShapeKind::Box(w, h) => (h / 2.0, w / 2.0),
    };
    let height = shape.conversion * h;
    let width = shape.conversion * w;
    let lat_delta = rad_deg(height / EARTH_RADIUS_IN_METERS);
    let long_delta_top =
        rad_deg(width / EARTH_RADIUS_IN_METERS / deg_rad(latitude + lat_delta).cos());
    let long_delta_bottom =
        rad_deg(width / EARTH_RADIUS_IN_METERS / deg_rad(latitude - lat_delta).cos());
    let southern = latitude < 0.0;
    [
        if southern {
            longitude - long_delta_bottom
        } else {
            longitude - long_delta_top
        },
        latitude - lat_delta,
        if southern {
            longitude + long_delta_bottom
        } else {
            longitude + long_delta_top
        },
        latitude + lat_delta,
    ]
}

/// `geohashCalculateAreasByShapeWGS84`: the centre cell and neighbours to scan for a shape.
pub fn areas_by_shape(shape: &Shape) -> Radius {
    let [min_lon, min_lat, max_lon, max_lat] = bounding_box(shape);
    let [longitude, latitude] = shape.xy;
    let radius_meters = match shape.kind {
        ShapeKind::Circle(r) => r,
        ShapeKind::Box(w, h) => ((w / 2.0) * (w / 2.0) + (h / 2.0) * (h / 2.0)).sqrt(),
    } * shape.conversion;
    let mut steps = estimate_steps_by_radius(radius_meters, latitude);
    let (lo, la) = coord_range();
    let cell = |steps: u8| {
        let hash = encode(lo, la, longitude, latitude, steps).unwrap_or_default();
        let n = neighbors(hash);
        let area = decode(lo, la, hash).unwrap_or(Area {
            longitude: Range { min: 0.0, max: 0.0 },
            latitude: Range { min: 0.0, max: 0.0 },
        });
        (hash, n, area)
    };
    let (mut hash, mut n, mut area) = cell(steps);
    let dec = |h: HashBits| {
        decode(lo, la, h).unwrap_or(Area {
            longitude: Range { min: 0.0, max: 0.0 },
            latitude: Range { min: 0.0, max: 0.0 },
        })
    };
    let decrease_step = dec(n.north).latitude.max < max_lat
        || dec(n.south).latitude.min > min_lat
        || dec(n.east).longitude.max < max_lon
        || dec(n.west).longitude.min > min_lon;
    if steps > 1 && decrease_step {
        steps -= 1;
        (hash, n, area) = cell(steps);
    }
    if steps >= 2 {
        let zero = HashBits::default();
        if area.latitude.min < min_lat {
            n.south = zero;
            n.south_west = zero;
            n.south_east = zero;
        }
        if area.latitude.max > max_lat {
            n.north = zero;
            n.north_east = zero;
            n.north_west = zero;
        }
        if area.longitude.min < min_lon {
            n.west = zero;
            n.south_west = zero;
            n.north_west = zero;
        }
        if area.longitude.max > max_lon {
            n.east = zero;
            n.south_east = zero;
            n.north_east = zero;
        }
    }
    Radius {
        hash,
        area,
        neighbors: n,
    }
}

/// `geohashGetLatDistance`.
pub fn lat_distance(lat1d: f64, lat2d: f64) -> f64 {
    EARTH_RADIUS_IN_METERS * (deg_rad(lat2d) - deg_rad(lat1d)).abs()
}

/// `geohashGetDistance`: haversine distance in metres.
pub fn distance(lon1d: f64, lat1d: f64, lon2d: f64, lat2d: f64) -> f64 {
    let lon1r = deg_rad(lon1d);
    let lon2r = deg_rad(lon2d);
    let v = ((lon2r - lon1r) / 2.0).sin();
    if v == 0.0 {
        return lat_distance(lat1d, lat2d);
    }
    let lat1r = deg_rad(lat1d);
    let lat2r = deg_rad(lat2d);
    let u = ((lat2r - lat1r) / 2.0).sin();
    let a = u * u + lat1r.cos() * lat2r.cos() * v * v;
    2.0 * EARTH_RADIUS_IN_METERS * a.sqrt().asin()
}

/// Redis's `geoWithinShape`: the point of a stored score and its distance from the shape's
/// centre (in metres), if the point is inside the shape.
pub fn within_shape(shape: &Shape, score: f64) -> Option<([f64; 2], f64)> {
    let xy = decode_score(score)?;
    let [x1, y1] = shape.xy;
    match shape.kind {
        ShapeKind::Circle(r) => {
            let d = distance(x1, y1, xy[0], xy[1]);
            (d <= r * shape.conversion).then_some((xy, d))
        }
        ShapeKind::Box(w, h) => {
            let (width_m, height_m) = (w * shape.conversion, h * shape.conversion);
            if lat_distance(xy[1], y1) > height_m / 2.0 {
                return None;
            }
            if distance(xy[0], xy[1], x1, xy[1]) > width_m / 2.0 {
                return None;
            }
            Some((xy, distance(x1, y1, xy[0], xy[1])))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interleave_roundtrip() {
        let v = interleave64(0x1234_5678, 0x0abc_def0);
        assert_eq!(deinterleave64(v), 0x0abc_def0_1234_5678);
    }

    #[test]
    fn palermo_score_and_hash() {
        let h = encode_wgs84(13.361389, 38.115556, STEP_MAX).expect("in range");
        assert_eq!(align52(h), 3479099956230698);
        assert_eq!(
            &base32(3479099956230698.0).expect("decodes"),
            b"sqc8b49rny0"
        );
    }
}
