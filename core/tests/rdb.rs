//! RDB codec tests: encode → decode round trips for every value kind (hand-picked and
//! proptest-generated), and corrupt or truncated files giving an error, never a panic.
//! Interop with a real redis-server lives in `rdb_interop.rs`.

use proptest::prelude::*;
use redlet_core::rdb::{
    decode, default_aux, encode, object_encoding, RdbConsumer, RdbEntry, RdbError, RdbGroup,
    RdbPending, RdbStream, RdbStreamId, RdbValue, Snapshot,
};

/// Sorts the unordered collections (sets, hashes, sorted sets, keys) so two snapshots holding
/// the same data compare equal whatever encoding order the file used.
fn normalize(mut s: Snapshot) -> Snapshot {
    s.dbs.sort_by_key(|(i, _)| *i);
    for (_, entries) in &mut s.dbs {
        entries.sort_by(|a, b| a.key.cmp(&b.key));
        for e in entries.iter_mut() {
            match &mut e.value {
                RdbValue::Set(m) => m.sort(),
                RdbValue::Hash(f) => f.sort(),
                RdbValue::ZSet(m) => m.sort_by(|a, b| a.0.cmp(&b.0)),
                _ => {}
            }
        }
    }
    s
}

fn b(s: &str) -> Vec<u8> {
    s.as_bytes().to_vec()
}

fn id(ms: u64, seq: u64) -> RdbStreamId {
    RdbStreamId { ms, seq }
}

/// A snapshot with every value kind in both of its encodings, TTLs, and several databases.
fn sample() -> Snapshot {
    let big_list: Vec<Vec<u8>> = (0..3000)
        .map(|i| format!("element-{i}").into_bytes())
        .collect();
    let stream = RdbStream {
        entries: vec![
            (id(1000, 0), vec![(b("a"), b("1")), (b("b"), b("x"))]),
            (id(1000, 1), vec![(b("a"), b("2")), (b("b"), b("y"))]),
            (id(1001, 0), vec![(b("other"), b("field"))]),
            (id(2000, 5), vec![(b("a"), b("-70000")), (b("b"), b(""))]),
        ],
        last_id: id(2000, 5),
        first_id: id(1000, 0),
        max_deleted_id: id(999, 0),
        entries_added: 5,
        groups: vec![
            RdbGroup {
                name: b("g1"),
                last_id: id(1001, 0),
                entries_read: 3,
                pel: vec![
                    RdbPending {
                        id: id(1000, 0),
                        delivery_time: 1_700_000_000_123,
                        delivery_count: 2,
                    },
                    RdbPending {
                        id: id(1001, 0),
                        delivery_time: 1_700_000_000_456,
                        delivery_count: 1,
                    },
                ],
                consumers: vec![
                    RdbConsumer {
                        name: b("alice"),
                        seen_time: 1_700_000_000_500,
                        active_time: 1_700_000_000_500,
                        pel: vec![id(1000, 0)],
                    },
                    RdbConsumer {
                        name: b("bob"),
                        seen_time: 1_700_000_000_600,
                        active_time: 1_700_000_000_600,
                        pel: vec![id(1001, 0)],
                    },
                    RdbConsumer {
                        name: b("idle"),
                        seen_time: 1_700_000_000_700,
                        active_time: 1_700_000_000_700,
                        pel: vec![],
                    },
                ],
            },
            RdbGroup {
                name: b("fresh"),
                last_id: id(0, 0),
                entries_read: -1,
                ..RdbGroup::default()
            },
        ],
    };
    let e = |k: &str, value: RdbValue, expire_ms: Option<u64>| RdbEntry {
        key: b(k),
        value,
        expire_ms,
    };
    Snapshot {
        aux: default_aux(1_700_000_000, 1_000_000),
        dbs: vec![
            (
                0,
                vec![
                    e("s:int", RdbValue::String(b("12345")), None),
                    e("s:neg", RdbValue::String(b("-2147483648")), None),
                    e("s:big", RdbValue::String(b("9223372036854775807")), None),
                    e("s:lead0", RdbValue::String(b("007")), None),
                    e("s:empty", RdbValue::String(vec![]), Some(1_900_000_000_000)),
                    e("s:lzf", RdbValue::String(b("abc").repeat(100)), None),
                    e("s:bin", RdbValue::String((0..=255).collect()), None),
                    e(
                        "l:small",
                        RdbValue::List(vec![b("a"), b("1"), b("-5")]),
                        None,
                    ),
                    e("l:big", RdbValue::List(big_list), Some(1_800_000_000_000)),
                    e(
                        "set:ints",
                        RdbValue::Set(vec![b("3"), b("-1"), b("70000")]),
                        None,
                    ),
                    e("set:str", RdbValue::Set(vec![b("x"), b("1"), b("y")]), None),
                    e(
                        "z:small",
                        RdbValue::ZSet(vec![
                            (b("a"), 1.5),
                            (b("b"), -3.0),
                            (b("c"), f64::INFINITY),
                            (b("d"), f64::NEG_INFINITY),
                            (b("e"), 0.1),
                            (b("f"), 1e300),
                        ]),
                        None,
                    ),
                    e(
                        "z:big",
                        RdbValue::ZSet(
                            (0..200)
                                .map(|i| (format!("m{i}").into_bytes(), i as f64 / 3.0))
                                .collect(),
                        ),
                        None,
                    ),
                    e(
                        "h:small",
                        RdbValue::Hash(vec![(b("f"), b("v")), (b("n"), b("42"))]),
                        None,
                    ),
                    e(
                        "h:longval",
                        RdbValue::Hash(vec![(b("f"), vec![b'v'; 65])]),
                        None,
                    ),
                    e("x:stream", RdbValue::Stream(Box::new(stream)), None),
                    e(
                        "x:empty",
                        RdbValue::Stream(Box::new(RdbStream {
                            last_id: id(5, 5),
                            max_deleted_id: id(5, 5),
                            entries_added: 1,
                            ..RdbStream::default()
                        })),
                        None,
                    ),
                ],
            ),
            (
                3,
                vec![e(
                    "other-db",
                    RdbValue::String(b("v")),
                    Some(1_750_000_000_000),
                )],
            ),
            (15, vec![e("last-db", RdbValue::List(vec![b("x")]), None)]),
        ],
    }
}

#[test]
fn round_trip_every_kind() {
    let snap = sample();
    let bytes = encode(&snap);
    assert_eq!(&bytes[..9], b"REDIS0010");
    let back = decode(&bytes).unwrap();
    assert_eq!(normalize(back), normalize(snap));
}

#[test]
fn encodings_follow_redis_defaults() {
    let snap = sample();
    let enc: Vec<(String, &str)> = snap.dbs[0]
        .1
        .iter()
        .map(|e| {
            (
                String::from_utf8_lossy(&e.key).into_owned(),
                object_encoding(&e.value),
            )
        })
        .collect();
    let want = [
        ("s:int", "int"),
        ("s:neg", "int"),
        ("s:big", "int"),
        ("s:lead0", "embstr"),
        ("s:empty", "embstr"),
        ("s:lzf", "raw"),
        ("s:bin", "raw"),
        ("l:small", "quicklist"),
        ("l:big", "quicklist"),
        ("set:ints", "intset"),
        ("set:str", "hashtable"),
        ("z:small", "listpack"),
        ("z:big", "skiplist"),
        ("h:small", "listpack"),
        ("h:longval", "hashtable"),
        ("x:stream", "stream"),
        ("x:empty", "stream"),
    ];
    let want: Vec<(String, &str)> = want.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    assert_eq!(enc, want);
}

#[test]
fn empty_snapshot_is_header_aux_eof_crc() {
    let bytes = encode(&Snapshot::default());
    assert_eq!(bytes.len(), 9 + 1 + 8);
    assert_eq!(decode(&bytes).unwrap(), Snapshot::default());
}

#[test]
fn errors_have_clear_messages() {
    let bytes = encode(&sample());
    let mut bad = bytes.clone();
    let n = bad.len();
    bad[n - 1] ^= 0xff;
    let err = decode(&bad).unwrap_err();
    assert!(matches!(err, RdbError::BadChecksum { .. }));
    assert!(err.to_string().starts_with("bad CRC64 checksum"), "{err}");

    let err = decode(&bytes[..100]).unwrap_err();
    assert_eq!(err.to_string(), "unexpected end of file at byte 100");

    let mut v12 = bytes.clone();
    v12[5..9].copy_from_slice(b"0012");
    assert_eq!(
        decode(&v12).unwrap_err().to_string(),
        "unsupported RDB version 12"
    );

    assert_eq!(
        decode(b"RDB").unwrap_err(),
        RdbError::UnexpectedEof { offset: 3 }
    );
    assert_eq!(decode(b"NOTREDIS0010").unwrap_err(), RdbError::BadMagic);

    // A zero checksum means "written with rdbchecksum no": accepted unchecked.
    let mut zero = bytes.clone();
    zero[n - 8..].fill(0);
    assert!(decode(&zero).is_ok());

    // Functions are refused, not silently dropped.
    let mut f = b"REDIS0010".to_vec();
    f.push(245);
    f.extend_from_slice(&[3, b'l', b'u', b'a']);
    f.push(255);
    f.extend_from_slice(&[0; 8]);
    assert_eq!(decode(&f).unwrap_err(), RdbError::FunctionsUnsupported);
    assert_eq!(
        RdbError::FunctionsUnsupported.to_string(),
        "the RDB file contains functions, which are not supported"
    );
}

#[test]
fn truncation_at_every_length_is_an_error() {
    let bytes = encode(&small());
    for cut in 0..bytes.len() {
        assert!(decode(&bytes[..cut]).is_err(), "cut at {cut} decoded");
    }
}

/// A small file with one key of each kind, for exhaustive corruption.
fn small() -> Snapshot {
    let s = sample();
    let pick = [
        "s:int", "s:lzf", "l:small", "set:ints", "set:str", "z:small", "h:small", "x:stream",
    ];
    let entries = s.dbs[0]
        .1
        .iter()
        .filter(|e| pick.contains(&std::str::from_utf8(&e.key).unwrap()))
        .cloned()
        .collect();
    Snapshot {
        aux: vec![],
        dbs: vec![(0, entries)],
    }
}

#[test]
fn flipping_any_byte_never_panics_and_checksum_catches_it() {
    let bytes = encode(&small());
    for i in 0..bytes.len() {
        for x in [0x01u8, 0x80, 0xff] {
            let mut c = bytes.clone();
            c[i] ^= x;
            // With the checksum intact any flip must be an error.
            assert!(decode(&c).is_err(), "flip {x:#x} at {i} decoded");
            // Without it (checksum disabled) the structure checks alone must not panic.
            let n = c.len();
            c[n - 8..].fill(0);
            let _ = decode(&c);
        }
    }
}

fn arb_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..40),
        (-100_000i64..100_000).prop_map(|v| v.to_string().into_bytes()),
        any::<i64>().prop_map(|v| v.to_string().into_bytes()),
        (1usize..200).prop_map(|n| b"ab".repeat(n)),
    ]
}

fn arb_score() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>().prop_filter("no NaN", |f| !f.is_nan()),
        (-1000i64..1000).prop_map(|v| v as f64),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
    ]
}

fn arb_stream() -> impl Strategy<Value = RdbStream> {
    let entry = (
        0u64..3,
        0u64..3,
        proptest::collection::vec((arb_bytes(), arb_bytes()), 1..4),
    );
    (
        proptest::collection::vec(entry, 0..150),
        0usize..3,
        any::<u64>(),
    )
        .prop_map(|(raw, ngroups, seed)| {
            let mut entries = Vec::new();
            let mut cur = id(1, 0);
            for (dms, dseq, fields) in raw {
                cur = if dms == 0 {
                    id(cur.ms, cur.seq + 1 + dseq)
                } else {
                    id(cur.ms + dms, dseq)
                };
                entries.push((cur, fields));
            }
            let mut groups = Vec::new();
            for g in 0..ngroups {
                let mut pel = Vec::new();
                let mut consumers: Vec<RdbConsumer> = (0..2)
                    .map(|c| RdbConsumer {
                        name: format!("c{c}").into_bytes(),
                        seen_time: seed % 1000 + c,
                        active_time: seed % 1000 + c,
                        pel: vec![],
                    })
                    .collect();
                for (i, (eid, _)) in entries.iter().enumerate() {
                    if (seed >> (i % 64)) & 1 == 1 {
                        pel.push(RdbPending {
                            id: *eid,
                            delivery_time: seed / 7 + i as u64,
                            delivery_count: (i % 5) as u64,
                        });
                        consumers[i % 2].pel.push(*eid);
                    }
                }
                groups.push(RdbGroup {
                    name: format!("g{g}").into_bytes(),
                    last_id: entries.last().map(|e| e.0).unwrap_or_default(),
                    entries_read: if g == 0 { -1 } else { entries.len() as i64 },
                    pel,
                    consumers,
                });
            }
            RdbStream {
                first_id: entries.first().map(|e| e.0).unwrap_or_default(),
                last_id: cur,
                max_deleted_id: id(0, 0),
                entries_added: entries.len() as u64,
                entries,
                groups,
            }
        })
}

fn arb_value() -> impl Strategy<Value = RdbValue> {
    use proptest::collection::{btree_map, btree_set, vec};
    prop_oneof![
        arb_bytes().prop_map(RdbValue::String),
        vec(arb_bytes(), 1..300).prop_map(RdbValue::List),
        btree_set(arb_bytes(), 1..600).prop_map(|s| RdbValue::Set(s.into_iter().collect())),
        btree_set(
            (-1000i64..1000).prop_map(|v| v.to_string().into_bytes()),
            1..600
        )
        .prop_map(|s| RdbValue::Set(s.into_iter().collect())),
        btree_map(arb_bytes(), arb_score(), 1..200)
            .prop_map(|m| RdbValue::ZSet(m.into_iter().collect())),
        btree_map(arb_bytes(), arb_bytes(), 1..200)
            .prop_map(|m| RdbValue::Hash(m.into_iter().collect())),
        arb_stream().prop_map(|s| RdbValue::Stream(Box::new(s))),
    ]
}

fn arb_snapshot() -> impl Strategy<Value = Snapshot> {
    proptest::collection::btree_map(
        0usize..16,
        proptest::collection::btree_map(
            arb_bytes(),
            (arb_value(), proptest::option::of(any::<u64>())),
            1..4,
        ),
        0..4,
    )
    .prop_map(|dbs| Snapshot {
        aux: default_aux(1, 2),
        dbs: dbs
            .into_iter()
            .map(|(i, m)| {
                let entries = m
                    .into_iter()
                    .map(|(key, (value, expire_ms))| RdbEntry {
                        key,
                        value,
                        expire_ms,
                    })
                    .collect();
                (i, entries)
            })
            .collect(),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_snapshots_round_trip(snap in arb_snapshot()) {
        let back = decode(&encode(&snap)).unwrap();
        prop_assert_eq!(normalize(back), normalize(snap));
    }

    #[test]
    fn random_bytes_after_header_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..200)) {
        let mut f = b"REDIS0010".to_vec();
        f.extend_from_slice(&tail);
        let _ = decode(&f);
    }
}
