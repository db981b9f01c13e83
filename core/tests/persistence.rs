//! SAVE / BGSAVE / LASTSAVE / SHUTDOWN as engine events, and DUMP / RESTORE. Error replies
//! were checked against redis-server 7.0.15; the file work is the runtime's, so these tests
//! play the runtime: they poll events and complete them.

use expect_test::expect;
use redlet_core::persistence::Event;
use redlet_core::rdb;
use redlet_core::testkit::Harness;

/// A RESP array of raw arguments.
fn resp(args: &[&[u8]]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", args.len()).into_bytes();
    for a in args {
        out.extend_from_slice(format!("${}\r\n", a.len()).as_bytes());
        out.extend_from_slice(a);
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// DUMP `key` on client 1 and return the payload.
fn dump(h: &mut Harness, key: &str) -> Vec<u8> {
    h.feed_raw(1, &resp(&[b"DUMP", key.as_bytes()]));
    let raw = h.take_raw(1);
    let (f, _) = redlet_core::frame::decode(&raw)
        .expect("well-formed reply")
        .expect("complete reply");
    match f {
        redlet_core::frame::Frame::Bulk(b) => b,
        other => panic!("DUMP replied {other:?}"),
    }
}

fn restore(h: &mut Harness, args: &[&[u8]]) -> String {
    let mut all: Vec<&[u8]> = vec![b"RESTORE"];
    all.extend_from_slice(args);
    h.feed_raw(1, &resp(&all));
    h.read(1).join("\n")
}

#[test]
fn dump_payload_is_redis_format() {
    let mut h = Harness::default();
    h.cmd(1, "SET s hello");
    // DUMP of "hello" from redis-server 7.0.15.
    let want = b"\x00\x05hello\x0a\x00\x63\x72\xdf\x76\x65\x34\x20\x0a".to_vec();
    assert_eq!(dump(&mut h, "s"), want);
    assert_eq!(h.cmd(1, "DUMP nokey"), "(nil)");
    h.cmd(1, "SET n 1");
    assert_eq!(
        dump(&mut h, "n"),
        b"\x00\xc0\x01\x0a\x00\x26\x78\xe7\xb6\xd1\x01\x11\xfc"
    );
}

#[test]
fn restore_errors_in_redis_order() {
    let mut h = Harness::default();
    let good = rdb::dump_payload(&rdb::RdbValue::String(b"v".to_vec()), &Default::default());
    h.cmd(1, "SET s hello");
    let got = [
        restore(&mut h, &[b"s", b"0", b"x"]),
        restore(&mut h, &[b"s2", b"-1", b"x"]),
        restore(&mut h, &[b"s2", b"abc", b"x"]),
        restore(&mut h, &[b"s2", b"0", b"x"]),
        restore(&mut h, &[b"s2", b"0", b"x", b"foo"]),
        restore(&mut h, &[b"s2", b"0", b"x", b"idletime", b"-1"]),
        restore(&mut h, &[b"s2", b"0", b"x", b"freq", b"300"]),
        restore(
            &mut h,
            &[b"s2", b"0", b"x", b"idletime", b"1", b"freq", b"3"],
        ),
        restore(&mut h, &[b"s2", b"0", b"x", b"idletime"]),
        restore(&mut h, &[b"s2", b"0", b"x", b"idletime", b"x"]),
        restore(
            &mut h,
            &[b"s", b"10", b"xyz", b"replace", b"absttl", b"freq", b"256"],
        ),
        restore(&mut h, &[b"s2", b"0", b"short"]),
        // A valid footer around an unknown type byte.
        restore(&mut h, &[b"s2", b"0", &with_footer(b"\x63\x00")]),
        restore(&mut h, &[b"s2", b"0", &good, b"freq", b"3", b"freq", b"4"]),
        restore(&mut h, &[b"s", b"0", &good, b"REPLACE", b"IDLETIME", b"5"]),
    ];
    expect![[r#"
        (error) BUSYKEY Target key name already exists.
        (error) ERR Invalid TTL value, must be >= 0
        (error) ERR value is not an integer or out of range
        (error) ERR DUMP payload version or checksum are wrong
        (error) ERR syntax error
        (error) ERR Invalid IDLETIME value, must be >= 0
        (error) ERR Invalid FREQ value, must be >= 0 and <= 255
        (error) ERR syntax error
        (error) ERR syntax error
        (error) ERR value is not an integer or out of range
        (error) ERR Invalid FREQ value, must be >= 0 and <= 255
        (error) ERR DUMP payload version or checksum are wrong
        (error) ERR Bad data format
        OK
        OK"#]]
    .assert_eq(&got.join("\n"));
    assert_eq!(h.cmd(1, "MGET s s2"), "1) \"v\"\n2) \"v\"");
}

/// `body` followed by RDB version 10 and the right CRC64.
fn with_footer(body: &[u8]) -> Vec<u8> {
    let mut p = body.to_vec();
    p.extend_from_slice(&10u16.to_le_bytes());
    let crc = rdb::crc64::crc64(0, &p);
    p.extend_from_slice(&crc.to_le_bytes());
    p
}

#[test]
fn restore_round_trips_every_type_with_ttl_options() {
    let mut h = Harness::default();
    for line in [
        "RPUSH l a b 1",
        "HSET h f v g w",
        "SADD si 1 2 3",
        "SADD ss a b",
        "ZADD z 1 a 2.5 b",
        "XADD x 1-1 f v",
        "XGROUP CREATE x g 0",
        "XREADGROUP GROUP g c STREAMS x >",
    ] {
        h.cmd(1, line);
    }
    for key in ["l", "h", "si", "ss", "z", "x"] {
        let p = dump(&mut h, key);
        let copy = format!("{key}:copy");
        assert_eq!(restore(&mut h, &[copy.as_bytes(), b"0", &p]), "OK");
        assert_eq!(dump(&mut h, &copy), p, "{key}");
    }
    let p = dump(&mut h, "l");
    let now = h.now;
    // Relative TTL, absolute TTL, and one already in the past: OK but the key is not
    // created, and with REPLACE the old key is gone.
    assert_eq!(restore(&mut h, &[b"t1", b"5000", &p]), "OK");
    assert_eq!(h.cmd(1, "PTTL t1"), "(integer) 5000");
    let at = (now + 7000).to_string();
    assert_eq!(
        restore(&mut h, &[b"t2", at.as_bytes(), &p, b"ABSTTL"]),
        "OK"
    );
    assert_eq!(h.cmd(1, "PTTL t2"), "(integer) 7000");
    let past = (now - 1).to_string();
    assert_eq!(
        restore(&mut h, &[b"l", past.as_bytes(), &p, b"ABSTTL", b"REPLACE"]),
        "OK"
    );
    assert_eq!(h.cmd(1, "EXISTS l"), "(integer) 0");
    // A payload of a newer RDB version is refused, like Redis 7.0 refuses 7.2's.
    let mut v11 = p[..p.len() - 10].to_vec();
    v11.extend_from_slice(&11u16.to_le_bytes());
    let crc = rdb::crc64::crc64(0, &v11);
    v11.extend_from_slice(&crc.to_le_bytes());
    assert_eq!(
        restore(&mut h, &[b"v11", b"0", &v11]),
        "(error) ERR DUMP payload version or checksum are wrong"
    );
}

#[test]
fn without_a_disk_the_commands_say_why() {
    expect![[r#"
        1> SAVE
        [1] (error) ERR persistence is not available: this runtime has no disk to save to
        1> BGSAVE
        [1] (error) ERR persistence is not available: this runtime has no disk to save to
        1> SHUTDOWN
        [1] (error) ERR persistence is not available: this runtime has no disk to save to
        1> LASTSAVE
        [1] (integer) 1700000000
        1> SHUTDOWN ABORT
        [1] (error) ERR No shutdown in progress.
        1> SHUTDOWN NOSAVE SAVE
        [1] (error) ERR syntax error
        1> SHUTDOWN ABORT NOW
        [1] (error) ERR syntax error
        1> SHUTDOWN FOO
        [1] (error) ERR syntax error
        1> MULTI
        [1] OK
        1> SAVE
        [1] (error) ERR Command not allowed inside a transaction
    "#]]
    .assert_eq(&Harness::default().run(&[
        "SAVE",
        "BGSAVE",
        "SHUTDOWN",
        "LASTSAVE",
        "SHUTDOWN ABORT",
        "SHUTDOWN NOSAVE SAVE",
        "SHUTDOWN ABORT NOW",
        "SHUTDOWN FOO",
        "MULTI",
        "SAVE",
    ]));
}

fn disk_harness() -> Harness {
    let mut h = Harness::default();
    h.server.enable_persistence();
    h
}

#[test]
fn save_suspends_its_client_until_the_runtime_completes_it() {
    let mut h = disk_harness();
    h.cmd(1, "SET k v");
    h.send(1, "SAVE");
    h.send(1, "PING");
    assert_eq!(h.read(1), Vec::<String>::new());
    let Some(Event::Save { client }) = h.server.poll_event() else {
        panic!("SAVE asks the runtime to save")
    };
    let bytes = h.server.rdb_bytes(h.now);
    let snap = rdb::decode(&bytes).expect("a valid RDB file");
    assert_eq!(snap.dbs.len(), 1);
    h.now += 2000;
    h.server.complete_save(client, Ok(()), h.now);
    h.advance(0);
    assert_eq!(h.read(1), ["OK", "PONG"]);
    assert_eq!(h.cmd(1, "LASTSAVE"), "(integer) 1700000002");
    // A failed save answers Redis's bare `-ERR`.
    h.send(1, "SAVE");
    let Some(Event::Save { client }) = h.server.poll_event() else {
        panic!("SAVE asks the runtime to save")
    };
    h.server
        .complete_save(client, Err("disk full".into()), h.now);
    h.advance(0);
    assert_eq!(h.read(1), ["(error) ERR"]);
}

#[test]
fn bgsave_copies_the_keyspace_and_reports_when_done() {
    let mut h = disk_harness();
    h.cmd(1, "SET k v");
    assert_eq!(h.cmd(1, "BGSAVE"), "Background saving started");
    let Some(Event::BgSave { job }) = h.server.poll_event() else {
        panic!("BGSAVE hands the runtime a copy")
    };
    // Writes after the copy do not change it.
    h.cmd(1, "SET k changed");
    let mut file = Vec::new();
    job.write(|b| {
        file.extend_from_slice(b);
        Ok::<(), ()>(())
    })
    .expect("a Vec sink never fails");
    let snap = rdb::decode(&file).expect("a valid RDB file");
    assert_eq!(snap.dbs[0].1[0].value, rdb::RdbValue::String(b"v".to_vec()));
    assert_eq!(
        h.cmd(1, "BGSAVE"),
        "(error) ERR Background save already in progress"
    );
    assert_eq!(
        h.cmd(1, "SAVE"),
        "(error) ERR Background save already in progress"
    );
    assert_eq!(h.cmd(1, "BGSAVE SCHEDULE NOW"), "(error) ERR syntax error");
    let info = h.cmd(1, "INFO persistence");
    assert!(info.contains("rdb_bgsave_in_progress:1"), "{info}");
    h.now += 3000;
    h.server.complete_bgsave(Ok(()), h.now);
    let info = h.cmd(1, "INFO persistence");
    // One change (the SET after the copy) is still unsaved.
    assert!(info.contains("rdb_changes_since_last_save:1\\r"), "{info}");
    assert!(info.contains("rdb_bgsave_in_progress:0"), "{info}");
    assert!(info.contains("rdb_last_bgsave_time_sec:3"), "{info}");
    assert!(info.contains("rdb_saves:1"), "{info}");
    assert_eq!(h.cmd(1, "LASTSAVE"), "(integer) 1700000003");
    // Inside MULTI/EXEC a BGSAVE is scheduled, and starts at the next timer run.
    h.cmd(1, "MULTI");
    h.cmd(1, "BGSAVE");
    assert_eq!(h.cmd(1, "EXEC"), "1) Background saving scheduled");
    assert!(h.server.poll_event().is_none());
    h.advance(0);
    assert!(matches!(h.server.poll_event(), Some(Event::BgSave { .. })));
}

#[test]
fn the_save_schedule_starts_a_background_save() {
    let mut h = disk_harness();
    assert_eq!(h.cmd(1, "CONFIG SET save \"10 2\""), "OK");
    assert_eq!(h.server.poll_timeout(), None);
    h.cmd(1, "SET a 1");
    // One change: below the point.
    assert_eq!(h.server.poll_timeout(), None);
    h.cmd(1, "SET b 2");
    assert_eq!(h.server.poll_timeout(), Some(h.now + 10_001));
    h.advance(10_000);
    assert!(h.server.poll_event().is_none());
    h.advance(1);
    assert!(matches!(h.server.poll_event(), Some(Event::BgSave { .. })));
    // A failure retries after 5 seconds at the earliest.
    h.server.complete_bgsave(Err("disk full".into()), h.now);
    assert_eq!(h.server.poll_timeout(), Some(h.now + 5000));
    let info = h.cmd(1, "INFO persistence");
    assert!(info.contains("rdb_last_bgsave_status:err"), "{info}");
}

#[test]
fn shutdown_asks_the_runtime_to_save_and_exit() {
    let mut h = disk_harness();
    h.send(1, "SHUTDOWN");
    let Some(Event::Shutdown {
        client,
        save: true,
        force: false,
    }) = h.server.poll_event()
    else {
        panic!("default save points: SHUTDOWN saves")
    };
    // The runtime could not save: the server stays up and says so.
    h.server.complete_shutdown(client, h.now);
    h.advance(0);
    assert_eq!(
        h.read(1),
        ["(error) ERR Errors trying to SHUTDOWN. Check logs."]
    );
    h.send(1, "SHUTDOWN NOSAVE FORCE NOW");
    assert!(matches!(
        h.server.poll_event(),
        Some(Event::Shutdown {
            save: false,
            force: true,
            ..
        })
    ));
    h.cmd(2, "CONFIG SET save \"\"");
    h.send(2, "SHUTDOWN");
    assert!(matches!(
        h.server.poll_event(),
        Some(Event::Shutdown { save: false, .. })
    ));
    h.send(3, "SHUTDOWN SAVE");
    assert!(matches!(
        h.server.poll_event(),
        Some(Event::Shutdown { save: true, .. })
    ));
    h.server.request_shutdown();
    assert!(matches!(
        h.server.poll_event(),
        Some(Event::Shutdown {
            client: None,
            save: false,
            ..
        })
    ));
}
