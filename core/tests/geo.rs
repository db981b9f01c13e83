//! Transcript tests of the geo commands (replies as redis-cli shows them against
//! redis-server 7.0.15): GEOADD options and errors, GEOPOS / GEOHASH / GEODIST formatting,
//! the searches with their options, stores and error order, and RESP3 coordinate doubles.

use expect_test::expect;
use proptest::prelude::*;
use redlet_core::keyspace::geohash;
use redlet_core::testkit::{transcript, Harness};

#[test]
fn geoadd_pos_hash_dist() {
    let got = transcript(&[
        "GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania",
        "GEOADD Sicily CH 13.5 38.1 Palermo 12.0 37.0 Trapani",
        "GEOADD Sicily NX CH 13.361389 38.115556 Palermo 14.0 37.0 Enna",
        "GEOADD Sicily XX 13.361389 38.115556 Palermo 14.5 37.5 Nowhere",
        "GEOADD Sicily NX XX 1 2 a",
        "GEOADD Sicily 1 2 a 3",
        "GEOADD Sicily 200 10 a",
        "GEOADD Sicily 10 abc a",
        "GEOADD nokey XX 1 2 a",
        "EXISTS nokey",
        "SET str v",
        "GEOADD str 1 2 a",
        "GEOPOS Sicily Palermo nosuch",
        "GEOPOS nokey a",
        "GEOHASH Sicily Palermo Catania nosuch",
        "GEODIST Sicily Palermo Catania",
        "GEODIST Sicily Palermo Catania km",
        "GEODIST Sicily Palermo Catania mi",
        "GEODIST Sicily Palermo Catania ft",
        "GEODIST Sicily Palermo Catania yd",
        "GEODIST Sicily Palermo Catania km x",
        "GEODIST Sicily Palermo nosuch",
        "GEODIST str a b",
        "ZSCORE Sicily Catania",
    ]);
    expect![[r#"
        1> GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania
        [1] (integer) 2
        1> GEOADD Sicily CH 13.5 38.1 Palermo 12.0 37.0 Trapani
        [1] (integer) 2
        1> GEOADD Sicily NX CH 13.361389 38.115556 Palermo 14.0 37.0 Enna
        [1] (integer) 1
        1> GEOADD Sicily XX 13.361389 38.115556 Palermo 14.5 37.5 Nowhere
        [1] (integer) 0
        1> GEOADD Sicily NX XX 1 2 a
        [1] (error) ERR syntax error
        1> GEOADD Sicily 1 2 a 3
        [1] (error) ERR syntax error
        1> GEOADD Sicily 200 10 a
        [1] (error) ERR invalid longitude,latitude pair 200.000000,10.000000
        1> GEOADD Sicily 10 abc a
        [1] (error) ERR value is not a valid float
        1> GEOADD nokey XX 1 2 a
        [1] (integer) 0
        1> EXISTS nokey
        [1] (integer) 0
        1> SET str v
        [1] OK
        1> GEOADD str 1 2 a
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> GEOPOS Sicily Palermo nosuch
        [1] 1) 1) "13.36138933897018433"
           2) "38.11555639549629859"
        2) (nil)
        1> GEOPOS nokey a
        [1] 1) (nil)
        1> GEOHASH Sicily Palermo Catania nosuch
        [1] 1) "sqc8b49rny0"
        2) "sqdtr74hyu0"
        3) (nil)
        1> GEODIST Sicily Palermo Catania
        [1] "166274.1516"
        1> GEODIST Sicily Palermo Catania km
        [1] "166.2742"
        1> GEODIST Sicily Palermo Catania mi
        [1] "103.3182"
        1> GEODIST Sicily Palermo Catania ft
        [1] "545518.8700"
        1> GEODIST Sicily Palermo Catania yd
        [1] (error) ERR unsupported unit provided. please use M, KM, FT, MI
        1> GEODIST Sicily Palermo Catania km x
        [1] (error) ERR syntax error
        1> GEODIST Sicily Palermo nosuch
        [1] (nil)
        1> GEODIST str a b
        [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
        1> ZSCORE Sicily Catania
        [1] "3479447370796909"
    "#]]
    .assert_eq(&got);
}

#[test]
fn searches() {
    let got = transcript(&[
        "GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania 12 37 Trapani",
        "GEORADIUS Sicily 15 37 200 km WITHDIST WITHCOORD WITHHASH ASC",
        "GEORADIUS Sicily 15 37 200 km COUNT 1 DESC",
        "GEORADIUS Sicily 15 37 200 km ANY",
        "GEORADIUS Sicily 15 37 200 km COUNT 0",
        "GEORADIUS Sicily 15 37 -1 km",
        "GEORADIUS Sicily 15 37 x km",
        "GEORADIUS Sicily 15 37 1 yd",
        "GEORADIUS Sicily 15 37 200 km STORE dst WITHDIST",
        "GEORADIUS Sicily 15 37 200 km STOREDIST dst",
        "ZRANGE dst 0 -1 WITHSCORES",
        "GEORADIUS_RO Sicily 15 37 200 km STORE dst",
        "GEORADIUSBYMEMBER Sicily Palermo 200 km WITHDIST",
        "GEORADIUSBYMEMBER Sicily nosuch 200 km",
        "GEORADIUSBYMEMBER nokey nosuch x yd",
        "GEOSEARCH Sicily FROMMEMBER Palermo BYBOX 400 400 km DESC WITHDIST",
        "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 100 mi",
        "GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX -1 1 km",
        "GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 1 km BYBOX 1 1 km",
        "GEOSEARCH Sicily BYRADIUS 1 km",
        "GEOSEARCH Sicily FROMLONLAT 15 37",
        "GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km STOREDIST COUNT 2",
        "ZRANGE dst 0 -1 WITHSCORES",
        "GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km WITHDIST",
        "GEOSEARCHSTORE dst Sicily FROMLONLAT 0 0 BYRADIUS 1 km",
        "EXISTS dst",
    ]);
    expect![[r#"
        1> GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania 12 37 Trapani
        [1] (integer) 3
        1> GEORADIUS Sicily 15 37 200 km WITHDIST WITHCOORD WITHHASH ASC
        [1] 1) 1) "Catania"
           2) "56.4413"
           3) (integer) 3479447370796909
           4) 1) "15.08726745843887329"
              2) "37.50266842333162032"
        2) 1) "Palermo"
           2) "190.4424"
           3) (integer) 3479099956230698
           4) 1) "13.36138933897018433"
              2) "38.11555639549629859"
        1> GEORADIUS Sicily 15 37 200 km COUNT 1 DESC
        [1] 1) "Palermo"
        1> GEORADIUS Sicily 15 37 200 km ANY
        [1] (error) ERR the ANY argument requires COUNT argument
        1> GEORADIUS Sicily 15 37 200 km COUNT 0
        [1] (error) ERR COUNT must be > 0
        1> GEORADIUS Sicily 15 37 -1 km
        [1] (error) ERR radius cannot be negative
        1> GEORADIUS Sicily 15 37 x km
        [1] (error) ERR need numeric radius
        1> GEORADIUS Sicily 15 37 1 yd
        [1] (error) ERR unsupported unit provided. please use M, KM, FT, MI
        1> GEORADIUS Sicily 15 37 200 km STORE dst WITHDIST
        [1] (error) ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options
        1> GEORADIUS Sicily 15 37 200 km STOREDIST dst
        [1] (integer) 2
        1> ZRANGE dst 0 -1 WITHSCORES
        [1] 1) "Catania"
        2) "56.441257870158204"
        3) "Palermo"
        4) "190.44242984775784"
        1> GEORADIUS_RO Sicily 15 37 200 km STORE dst
        [1] (error) ERR syntax error
        1> GEORADIUSBYMEMBER Sicily Palermo 200 km WITHDIST
        [1] 1) 1) "Palermo"
           2) "0.0000"
        2) 1) "Catania"
           2) "166.2742"
        3) 1) "Trapani"
           2) "172.6363"
        1> GEORADIUSBYMEMBER Sicily nosuch 200 km
        [1] (error) ERR could not decode requested zset member
        1> GEORADIUSBYMEMBER nokey nosuch x yd
        [1] (empty array)
        1> GEOSEARCH Sicily FROMMEMBER Palermo BYBOX 400 400 km DESC WITHDIST
        [1] 1) 1) "Trapani"
           2) "172.6363"
        2) 1) "Catania"
           2) "166.2742"
        3) 1) "Palermo"
           2) "0.0000"
        1> GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 100 mi
        [1] 1) "Catania"
        1> GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX -1 1 km
        [1] (error) ERR height or width cannot be negative
        1> GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 1 km BYBOX 1 1 km
        [1] (error) ERR syntax error
        1> GEOSEARCH Sicily BYRADIUS 1 km
        [1] (error) ERR wrong number of arguments for 'geosearch' command
        1> GEOSEARCH Sicily FROMLONLAT 15 37
        [1] (error) ERR wrong number of arguments for 'geosearch' command
        1> GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km STOREDIST COUNT 2
        [1] (integer) 2
        1> ZRANGE dst 0 -1 WITHSCORES
        [1] 1) "Catania"
        2) "56.441257870158204"
        3) "Palermo"
        4) "190.44242984775784"
        1> GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km WITHDIST
        [1] (error) ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options
        1> GEOSEARCHSTORE dst Sicily FROMLONLAT 0 0 BYRADIUS 1 km
        [1] (integer) 0
        1> EXISTS dst
        [1] (integer) 0
    "#]]
    .assert_eq(&got);
}

#[test]
fn resp3_coordinates_are_doubles() {
    let mut h = Harness::default();
    h.cmd(1, "HELLO 3");
    h.cmd(1, "GEOADD g 13.361389 38.115556 Palermo");
    h.send(1, "GEOPOS g Palermo");
    let raw = h.take_raw(1);
    assert_eq!(
        String::from_utf8_lossy(&raw),
        "*1\r\n*2\r\n,13.36138933897018433\r\n,38.11555639549629859\r\n"
    );
    h.send(1, "GEODIST g Palermo Palermo");
    assert_eq!(h.take_raw(1), b"$6\r\n0.0000\r\n");
}

#[test]
fn geohash_scores_match_redis() {
    let h = geohash::encode_wgs84(15.087269, 37.502669, geohash::STEP_MAX).expect("in range");
    assert_eq!(geohash::align52(h), 3479447370796909);
    assert_eq!(
        geohash::decode_score(3479447370796909.0),
        Some([15.087267458438873, 37.50266842333162])
    );
}

/// Search arguments drawn from valid, edge and garbage values.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("0".to_string()),
        Just("-0".to_string()),
        Just("inf".to_string()),
        Just("-inf".to_string()),
        Just("1e308".to_string()),
        Just("180".to_string()),
        Just("85.05112878".to_string()),
        Just("x".to_string()),
        Just("km".to_string()),
        Just("m".to_string()),
        Just("COUNT".to_string()),
        Just("ANY".to_string()),
        Just("WITHDIST".to_string()),
        Just("WITHCOORD".to_string()),
        Just("WITHHASH".to_string()),
        Just("STORE".to_string()),
        Just("STOREDIST".to_string()),
        Just("FROMMEMBER".to_string()),
        Just("FROMLONLAT".to_string()),
        Just("BYRADIUS".to_string()),
        Just("BYBOX".to_string()),
        Just("a".to_string()),
        (-200.0f64..200.0).prop_map(|v| format!("{v:.4}")),
        (0.0f64..2e7).prop_map(|v| format!("{v:.1}")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    /// No argument list makes a geo command panic, and every reply is well-formed.
    #[test]
    fn geo_commands_never_panic(
        cmd in prop_oneof![
            Just("GEOSEARCH g"),
            Just("GEOSEARCHSTORE d g"),
            Just("GEORADIUS g"),
            Just("GEORADIUSBYMEMBER g"),
            Just("GEORADIUS_RO g"),
            Just("GEOADD g"),
            Just("GEODIST g"),
        ],
        words in prop::collection::vec(word(), 0..10),
    ) {
        let mut h = Harness::default();
        h.cmd(1, "GEOADD g 0 0 a 179.9 85 b -179.9 -85 c 13.36 38.11 d");
        h.cmd(1, "ZADD g -1 neg 1e300 huge");
        let line = format!("{cmd} {}", words.join(" "));
        let reply = h.cmd(1, &line);
        prop_assert!(!reply.contains("<malformed"), "{line}: {reply}");
        prop_assert!(!reply.is_empty(), "{line}: no reply");
    }
}
