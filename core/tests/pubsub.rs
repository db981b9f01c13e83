//! Transcript tests of pub/sub across clients, in RESP2 and RESP3, checked against
//! redis-server 7.0.15.

use expect_test::expect;
use redlet_core::testkit::{transcript, Harness};

#[test]
fn publish_reaches_channel_and_pattern_subscribers() {
    let got = transcript(&[
        "SUBSCRIBE c1 c2",
        "2> PSUBSCRIBE c*",
        "3> PUBLISH c1 hello",
        "3> PUBLISH other x",
        "3> PUBSUB CHANNELS",
        "3> PUBSUB CHANNELS c1*",
        "3> PUBSUB NUMSUB c1 zz",
        "3> PUBSUB NUMPAT",
        "3> PUBSUB NUMPAT x",
        "3> PUBSUB CHANNELS a b",
        "3> PUBSUB foo",
        "3> PUBLISH",
        "UNSUBSCRIBE c1",
        "UNSUBSCRIBE",
        "UNSUBSCRIBE",
        "2> PUNSUBSCRIBE",
        "2> PUNSUBSCRIBE",
        "3> PUBLISH c1 nobody",
    ]);
    expect![[r#"
        1> SUBSCRIBE c1 c2
        [1] 1) "subscribe"
        2) "c1"
        3) (integer) 1
        [1] 1) "subscribe"
        2) "c2"
        3) (integer) 2
        2> PSUBSCRIBE c*
        [2] 1) "psubscribe"
        2) "c*"
        3) (integer) 1
        3> PUBLISH c1 hello
        [1] 1) "message"
        2) "c1"
        3) "hello"
        [2] 1) "pmessage"
        2) "c*"
        3) "c1"
        4) "hello"
        [3] (integer) 2
        3> PUBLISH other x
        [3] (integer) 0
        3> PUBSUB CHANNELS
        [3] 1) "c1"
        2) "c2"
        3> PUBSUB CHANNELS c1*
        [3] 1) "c1"
        3> PUBSUB NUMSUB c1 zz
        [3] 1) "c1"
        2) (integer) 1
        3) "zz"
        4) (integer) 0
        3> PUBSUB NUMPAT
        [3] (integer) 1
        3> PUBSUB NUMPAT x
        [3] (error) ERR wrong number of arguments for 'pubsub|numpat' command
        3> PUBSUB CHANNELS a b
        [3] (error) ERR unknown subcommand or wrong number of arguments for 'channels'. Try PUBSUB HELP.
        3> PUBSUB foo
        [3] (error) ERR unknown subcommand 'foo'. Try PUBSUB HELP.
        3> PUBLISH
        [3] (error) ERR wrong number of arguments for 'publish' command
        1> UNSUBSCRIBE c1
        [1] 1) "unsubscribe"
        2) "c1"
        3) (integer) 1
        1> UNSUBSCRIBE
        [1] 1) "unsubscribe"
        2) "c2"
        3) (integer) 0
        1> UNSUBSCRIBE
        [1] 1) "unsubscribe"
        2) (nil)
        3) (integer) 0
        2> PUNSUBSCRIBE
        [2] 1) "punsubscribe"
        2) "c*"
        3) (integer) 0
        2> PUNSUBSCRIBE
        [2] 1) "punsubscribe"
        2) (nil)
        3) (integer) 0
        3> PUBLISH c1 nobody
        [3] (integer) 0
    "#]]
    .assert_eq(&got);
}

#[test]
fn resp2_subscribed_mode_allows_only_pubsub_ping_quit_reset() {
    let got = transcript(&[
        "SUBSCRIBE c1",
        "PING",
        "PING hi",
        "GET x",
        "CLIENT ID",
        "FOO",
        "PSUBSCRIBE p*",
        "PUNSUBSCRIBE",
        "UNSUBSCRIBE",
        "GET x",
        "SUBSCRIBE",
    ]);
    expect![[r#"
        1> SUBSCRIBE c1
        [1] 1) "subscribe"
        2) "c1"
        3) (integer) 1
        1> PING
        [1] 1) "pong"
        2) ""
        1> PING hi
        [1] 1) "pong"
        2) "hi"
        1> GET x
        [1] (error) ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context
        1> CLIENT ID
        [1] (error) ERR Can't execute 'client|id': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context
        1> FOO
        [1] (error) ERR unknown command 'FOO', with args beginning with: 
        1> PSUBSCRIBE p*
        [1] 1) "psubscribe"
        2) "p*"
        3) (integer) 2
        1> PUNSUBSCRIBE
        [1] 1) "punsubscribe"
        2) "p*"
        3) (integer) 1
        1> UNSUBSCRIBE
        [1] 1) "unsubscribe"
        2) "c1"
        3) (integer) 0
        1> GET x
        [1] (nil)
        1> SUBSCRIBE
        [1] (error) ERR wrong number of arguments for 'subscribe' command
    "#]]
    .assert_eq(&got);
}

#[test]
fn resp3_push_frames_and_self_delivery() {
    let mut h = Harness::default();
    h.cmd(1, "HELLO 3");
    h.send(1, "SUBSCRIBE c1");
    assert_eq!(
        h.take_raw(1),
        b">3\r\n$9\r\nsubscribe\r\n$2\r\nc1\r\n:1\r\n"
    );
    h.send(1, "PING");
    assert_eq!(h.take_raw(1), b"+PONG\r\n");
    h.send(1, "GET x");
    assert_eq!(h.take_raw(1), b"_\r\n");
    h.send(1, "PUBLISH c1 self");
    assert_eq!(
        h.take_raw(1),
        b">3\r\n$7\r\nmessage\r\n$2\r\nc1\r\n$4\r\nself\r\n:1\r\n"
    );
    h.send(1, "PSUBSCRIBE c*");
    h.take_raw(1);
    h.send(2, "PUBLISH c1 two");
    assert_eq!(h.take_raw(2), b":2\r\n");
    assert_eq!(
        h.take_raw(1),
        b">3\r\n$7\r\nmessage\r\n$2\r\nc1\r\n$3\r\ntwo\r\n>4\r\n$8\r\npmessage\r\n$2\r\nc*\r\n$2\r\nc1\r\n$3\r\ntwo\r\n"
            .as_slice()
    );
    h.send(1, "UNSUBSCRIBE");
    h.send(1, "PUNSUBSCRIBE");
    h.send(1, "UNSUBSCRIBE");
    assert_eq!(
        h.take_raw(1),
        b">3\r\n$11\r\nunsubscribe\r\n$2\r\nc1\r\n:1\r\n>3\r\n$12\r\npunsubscribe\r\n$2\r\nc*\r\n:0\r\n>3\r\n$11\r\nunsubscribe\r\n_\r\n:0\r\n"
            .as_slice()
    );
}

#[test]
fn disconnect_and_quit_drop_subscriptions() {
    let mut h = Harness::default();
    h.cmd(1, "SUBSCRIBE a");
    h.cmd(2, "PSUBSCRIBE *");
    assert_eq!(h.cmd(3, "PUBLISH a x"), "(integer) 2");
    h.cmd(1, "QUIT");
    h.read(2);
    assert_eq!(h.cmd(3, "PUBSUB NUMSUB a"), "1) \"a\"\n2) (integer) 0");
    let id2 = redlet_core::ClientId(2);
    h.server.disconnect(id2, h.now);
    assert_eq!(h.cmd(3, "PUBSUB NUMPAT"), "(integer) 0");
    assert_eq!(h.cmd(3, "PUBLISH a x"), "(integer) 0");
}

#[test]
fn shard_channels_are_a_namespace_of_their_own() {
    let got = transcript(&[
        "2> SSUBSCRIBE s1 s2 s1",
        "2> SUBSCRIBE c1",
        "2> GET x",
        "SPUBLISH s1 hi",
        "SPUBLISH s3 hi",
        "PUBLISH s1 x",
        "PUBSUB SHARDCHANNELS s1*",
        "PUBSUB SHARDNUMSUB s1 s3",
        "PUBSUB SHARDCHANNELS a b",
        "PUBSUB CHANNELS",
        "2> SUNSUBSCRIBE s1",
        "2> UNSUBSCRIBE",
        "2> SUNSUBSCRIBE",
        "2> SUNSUBSCRIBE",
        "2> GET x",
        "3> HELLO 3",
        "3> SSUBSCRIBE q",
        "3> SPUBLISH q m",
        "3> SUNSUBSCRIBE q",
    ]);
    expect![[r#"
        2> SSUBSCRIBE s1 s2 s1
        [2] 1) "ssubscribe"
        2) "s1"
        3) (integer) 1
        [2] 1) "ssubscribe"
        2) "s2"
        3) (integer) 2
        [2] 1) "ssubscribe"
        2) "s1"
        3) (integer) 2
        2> SUBSCRIBE c1
        [2] 1) "subscribe"
        2) "c1"
        3) (integer) 1
        2> GET x
        [2] (error) ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context
        1> SPUBLISH s1 hi
        [1] (integer) 1
        [2] 1) "smessage"
        2) "s1"
        3) "hi"
        1> SPUBLISH s3 hi
        [1] (integer) 0
        1> PUBLISH s1 x
        [1] (integer) 0
        1> PUBSUB SHARDCHANNELS s1*
        [1] 1) "s1"
        1> PUBSUB SHARDNUMSUB s1 s3
        [1] 1) "s1"
        2) (integer) 1
        3) "s3"
        4) (integer) 0
        1> PUBSUB SHARDCHANNELS a b
        [1] (error) ERR unknown subcommand or wrong number of arguments for 'SHARDCHANNELS'. Try PUBSUB HELP.
        1> PUBSUB CHANNELS
        [1] 1) "c1"
        2> SUNSUBSCRIBE s1
        [2] 1) "sunsubscribe"
        2) "s1"
        3) (integer) 1
        2> UNSUBSCRIBE
        [2] 1) "unsubscribe"
        2) "c1"
        3) (integer) 0
        2> SUNSUBSCRIBE
        [2] 1) "sunsubscribe"
        2) "s2"
        3) (integer) 0
        2> SUNSUBSCRIBE
        [2] 1) "sunsubscribe"
        2) (nil)
        3) (integer) 0
        2> GET x
        [2] (nil)
        3> HELLO 3
        [3] 1# "server" => "redis"
        2# "version" => "7.0.15"
        3# "proto" => (integer) 3
        4# "id" => (integer) 3
        5# "mode" => "standalone"
        6# "role" => "master"
        7# "modules" => (empty array)
        3> SSUBSCRIBE q
        [3] 1) "ssubscribe"
        2) "q"
        3) (integer) 1
        3> SPUBLISH q m
        [3] 1) "smessage"
        2) "q"
        3) "m"
        [3] (integer) 1
        3> SUNSUBSCRIBE q
        [3] 1) "sunsubscribe"
        2) "q"
        3) (integer) 0
    "#]]
    .assert_eq(&got);
}
