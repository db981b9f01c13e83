//! Transcript tests of stream consumer groups (XGROUP, XREADGROUP, XACK, XPENDING, XCLAIM,
//! XAUTOCLAIM) and XINFO. Every reply was checked against redis-server 7.0.15 (the oracle)
//! running the same lines; the oracle's idle times and delivery / seen times come from its
//! wall clock, so those numbers were compared for structure only — here they follow the
//! virtual clock (the harness starts at 1700000000000 and `sleep` moves it).

use expect_test::{expect, Expect};
use redlet_core::testkit::{transcript, Harness};

fn check(lines: &[&str], expected: Expect) {
    expected.assert_eq(&transcript(lines));
}

/// Runs `lines` after `HELLO 3` (whose reply is left out).
fn check_resp3(lines: &[&str], expected: Expect) {
    let mut h = Harness::default();
    h.run(&["HELLO 3"]);
    expected.assert_eq(&h.run(lines));
}

/// Reading with `>`, the PEL, history with a deleted entry, XACK, XINFO, idle times.
#[test]
fn read_ack_pending() {
    check(
        &[
            "XADD s 1-1 a 1",
            "XADD s 2-1 b 2",
            "XADD s 3-1 c 3",
            "XGROUP CREATE s g 0",
            "XREADGROUP GROUP g alice COUNT 2 STREAMS s >",
            "sleep 20",
            "XINFO GROUPS s",
            "XPENDING s g",
            "XPENDING s g - + 10",
            "XPENDING s g IDLE 20 - + 10 alice",
            "XPENDING s g IDLE 21 - + 10",
            "XREADGROUP GROUP g bob STREAMS s >",
            "XREADGROUP GROUP g bob STREAMS s >",
            "XDEL s 1-1",
            "XREADGROUP GROUP g alice STREAMS s 0",
            "XACK s g 2-1 9-9",
            "XPENDING s g",
            "XINFO STREAM s",
            "sleep 5",
            "XINFO CONSUMERS s g",
            "XGROUP CREATE s g2 $",
            "XGROUP SETID s g2 0",
            "XINFO GROUPS s",
        ],
        expect![[r#"
            1> XADD s 1-1 a 1
            [1] "1-1"
            1> XADD s 2-1 b 2
            [1] "2-1"
            1> XADD s 3-1 c 3
            [1] "3-1"
            1> XGROUP CREATE s g 0
            [1] OK
            1> XREADGROUP GROUP g alice COUNT 2 STREAMS s >
            [1] 1) 1) "s"
               2) 1) 1) "1-1"
                     2) 1) "a"
                        2) "1"
                  2) 1) "2-1"
                     2) 1) "b"
                        2) "2"
            sleep 20
            1> XINFO GROUPS s
            [1] 1)  1) "name"
                2) "g"
                3) "consumers"
                4) (integer) 1
                5) "pending"
                6) (integer) 2
                7) "last-delivered-id"
                8) "2-1"
                9) "entries-read"
               10) (integer) 2
               11) "lag"
               12) (integer) 1
            1> XPENDING s g
            [1] 1) (integer) 2
            2) "1-1"
            3) "2-1"
            4) 1) 1) "alice"
                  2) "2"
            1> XPENDING s g - + 10
            [1] 1) 1) "1-1"
               2) "alice"
               3) (integer) 20
               4) (integer) 1
            2) 1) "2-1"
               2) "alice"
               3) (integer) 20
               4) (integer) 1
            1> XPENDING s g IDLE 20 - + 10 alice
            [1] 1) 1) "1-1"
               2) "alice"
               3) (integer) 20
               4) (integer) 1
            2) 1) "2-1"
               2) "alice"
               3) (integer) 20
               4) (integer) 1
            1> XPENDING s g IDLE 21 - + 10
            [1] (empty array)
            1> XREADGROUP GROUP g bob STREAMS s >
            [1] 1) 1) "s"
               2) 1) 1) "3-1"
                     2) 1) "c"
                        2) "3"
            1> XREADGROUP GROUP g bob STREAMS s >
            [1] (nil)
            1> XDEL s 1-1
            [1] (integer) 1
            1> XREADGROUP GROUP g alice STREAMS s 0
            [1] 1) 1) "s"
               2) 1) 1) "1-1"
                     2) (nil)
                  2) 1) "2-1"
                     2) 1) "b"
                        2) "2"
            1> XACK s g 2-1 9-9
            [1] (integer) 1
            1> XPENDING s g
            [1] 1) (integer) 2
            2) "1-1"
            3) "3-1"
            4) 1) 1) "alice"
                  2) "1"
               2) 1) "bob"
                  2) "1"
            1> XINFO STREAM s
            [1]  1) "length"
             2) (integer) 2
             3) "radix-tree-keys"
             4) (integer) 1
             5) "radix-tree-nodes"
             6) (integer) 2
             7) "last-generated-id"
             8) "3-1"
             9) "max-deleted-entry-id"
            10) "1-1"
            11) "entries-added"
            12) (integer) 3
            13) "recorded-first-entry-id"
            14) "2-1"
            15) "groups"
            16) (integer) 1
            17) "first-entry"
            18) 1) "2-1"
                2) 1) "b"
                   2) "2"
            19) "last-entry"
            20) 1) "3-1"
                2) 1) "c"
                   2) "3"
            sleep 5
            1> XINFO CONSUMERS s g
            [1] 1) 1) "name"
               2) "alice"
               3) "pending"
               4) (integer) 1
               5) "idle"
               6) (integer) 5
            2) 1) "name"
               2) "bob"
               3) "pending"
               4) (integer) 1
               5) "idle"
               6) (integer) 5
            1> XGROUP CREATE s g2 $
            [1] OK
            1> XGROUP SETID s g2 0
            [1] OK
            1> XINFO GROUPS s
            [1] 1)  1) "name"
                2) "g"
                3) "consumers"
                4) (integer) 2
                5) "pending"
                6) (integer) 2
                7) "last-delivered-id"
                8) "3-1"
                9) "entries-read"
               10) (integer) 3
               11) "lag"
               12) (integer) 0
            2)  1) "name"
                2) "g2"
                3) "consumers"
                4) (integer) 0
                5) "pending"
                6) (integer) 0
                7) "last-delivered-id"
                8) "0-0"
                9) "entries-read"
               10) (nil)
               11) "lag"
               12) (integer) 2
        "#]],
    );
}

/// XCLAIM and XAUTOCLAIM: min idle, JUSTID, FORCE, RETRYCOUNT, IDLE, TIME, LASTID, deleted
/// entries dropped from the PEL, the XAUTOCLAIM cursor.
#[test]
fn claiming() {
    check(
        &[
            "XADD s 1-1 a 1",
            "XADD s 2-1 b 2",
            "XADD s 3-1 c 3",
            "XADD s 4-1 d 4",
            "XGROUP CREATE s g 0",
            "XREADGROUP GROUP g alice STREAMS s >",
            "sleep 100",
            "XCLAIM s g bob 200 1-1",
            "XCLAIM s g bob 50 1-1",
            "XCLAIM s g bob 0 2-1 JUSTID",
            "XCLAIM s g bob 0 3-1 RETRYCOUNT 7 IDLE 40",
            "XPENDING s g - + 10",
            "XCLAIM s g carol 0 3-1 TIME 1699999999000 LASTID 9-9",
            "XINFO GROUPS s",
            "XPENDING s g - + 10",
            "XDEL s 2-1",
            "XCLAIM s g carol 0 2-1",
            "XCLAIM s g carol 0 5-5 FORCE",
            "XCLAIM s g carol 0 4-1 FORCE JUSTID",
            "XPENDING s g",
            "XDEL s 3-1",
            "XAUTOCLAIM s g dave 0 0 COUNT 1",
            "XAUTOCLAIM s g dave 0 0 COUNT 1",
            "XAUTOCLAIM s g dave 0 0 JUSTID",
            "sleep 10",
            "XAUTOCLAIM s g erin 5 (1-1",
            "XPENDING s g - + 10",
            "XINFO STREAM s FULL",
        ],
        expect![[r#"
            1> XADD s 1-1 a 1
            [1] "1-1"
            1> XADD s 2-1 b 2
            [1] "2-1"
            1> XADD s 3-1 c 3
            [1] "3-1"
            1> XADD s 4-1 d 4
            [1] "4-1"
            1> XGROUP CREATE s g 0
            [1] OK
            1> XREADGROUP GROUP g alice STREAMS s >
            [1] 1) 1) "s"
               2) 1) 1) "1-1"
                     2) 1) "a"
                        2) "1"
                  2) 1) "2-1"
                     2) 1) "b"
                        2) "2"
                  3) 1) "3-1"
                     2) 1) "c"
                        2) "3"
                  4) 1) "4-1"
                     2) 1) "d"
                        2) "4"
            sleep 100
            1> XCLAIM s g bob 200 1-1
            [1] (empty array)
            1> XCLAIM s g bob 50 1-1
            [1] 1) 1) "1-1"
               2) 1) "a"
                  2) "1"
            1> XCLAIM s g bob 0 2-1 JUSTID
            [1] 1) "2-1"
            1> XCLAIM s g bob 0 3-1 RETRYCOUNT 7 IDLE 40
            [1] 1) 1) "3-1"
               2) 1) "c"
                  2) "3"
            1> XPENDING s g - + 10
            [1] 1) 1) "1-1"
               2) "bob"
               3) (integer) 0
               4) (integer) 2
            2) 1) "2-1"
               2) "bob"
               3) (integer) 0
               4) (integer) 1
            3) 1) "3-1"
               2) "bob"
               3) (integer) 40
               4) (integer) 7
            4) 1) "4-1"
               2) "alice"
               3) (integer) 100
               4) (integer) 1
            1> XCLAIM s g carol 0 3-1 TIME 1699999999000 LASTID 9-9
            [1] 1) 1) "3-1"
               2) 1) "c"
                  2) "3"
            1> XINFO GROUPS s
            [1] 1)  1) "name"
                2) "g"
                3) "consumers"
                4) (integer) 3
                5) "pending"
                6) (integer) 4
                7) "last-delivered-id"
                8) "9-9"
                9) "entries-read"
               10) (integer) 4
               11) "lag"
               12) (integer) 0
            1> XPENDING s g - + 10
            [1] 1) 1) "1-1"
               2) "bob"
               3) (integer) 0
               4) (integer) 2
            2) 1) "2-1"
               2) "bob"
               3) (integer) 0
               4) (integer) 1
            3) 1) "3-1"
               2) "carol"
               3) (integer) 1100
               4) (integer) 8
            4) 1) "4-1"
               2) "alice"
               3) (integer) 100
               4) (integer) 1
            1> XDEL s 2-1
            [1] (integer) 1
            1> XCLAIM s g carol 0 2-1
            [1] (empty array)
            1> XCLAIM s g carol 0 5-5 FORCE
            [1] (empty array)
            1> XCLAIM s g carol 0 4-1 FORCE JUSTID
            [1] 1) "4-1"
            1> XPENDING s g
            [1] 1) (integer) 3
            2) "1-1"
            3) "4-1"
            4) 1) 1) "bob"
                  2) "1"
               2) 1) "carol"
                  2) "2"
            1> XDEL s 3-1
            [1] (integer) 1
            1> XAUTOCLAIM s g dave 0 0 COUNT 1
            [1] 1) "3-1"
            2) 1) 1) "1-1"
                  2) 1) "a"
                     2) "1"
            3) (empty array)
            1> XAUTOCLAIM s g dave 0 0 COUNT 1
            [1] 1) "3-1"
            2) 1) 1) "1-1"
                  2) 1) "a"
                     2) "1"
            3) (empty array)
            1> XAUTOCLAIM s g dave 0 0 JUSTID
            [1] 1) "0-0"
            2) 1) "1-1"
               2) "4-1"
            3) 1) "3-1"
            sleep 10
            1> XAUTOCLAIM s g erin 5 (1-1
            [1] 1) "0-0"
            2) 1) 1) "4-1"
                  2) 1) "d"
                     2) "4"
            3) (empty array)
            1> XPENDING s g - + 10
            [1] 1) 1) "1-1"
               2) "dave"
               3) (integer) 10
               4) (integer) 4
            2) 1) "4-1"
               2) "erin"
               3) (integer) 0
               4) (integer) 2
            1> XINFO STREAM s FULL
            [1]  1) "length"
             2) (integer) 2
             3) "radix-tree-keys"
             4) (integer) 1
             5) "radix-tree-nodes"
             6) (integer) 2
             7) "last-generated-id"
             8) "4-1"
             9) "max-deleted-entry-id"
            10) "3-1"
            11) "entries-added"
            12) (integer) 4
            13) "recorded-first-entry-id"
            14) "1-1"
            15) "entries"
            16) 1) 1) "1-1"
                   2) 1) "a"
                      2) "1"
                2) 1) "4-1"
                   2) 1) "d"
                      2) "4"
            17) "groups"
            18) 1)  1) "name"
                    2) "g"
                    3) "last-delivered-id"
                    4) "9-9"
                    5) "entries-read"
                    6) (integer) 4
                    7) "lag"
                    8) (integer) 0
                    9) "pel-count"
                   10) (integer) 2
                   11) "pending"
                   12) 1) 1) "1-1"
                          2) "dave"
                          3) (integer) 1700000000100
                          4) (integer) 4
                       2) 1) "4-1"
                          2) "erin"
                          3) (integer) 1700000000110
                          4) (integer) 2
                   13) "consumers"
                   14) 1) 1) "name"
                          2) "alice"
                          3) "seen-time"
                          4) (integer) 1700000000000
                          5) "pel-count"
                          6) (integer) 0
                          7) "pending"
                          8) (empty array)
                       2) 1) "name"
                          2) "bob"
                          3) "seen-time"
                          4) (integer) 1700000000100
                          5) "pel-count"
                          6) (integer) 0
                          7) "pending"
                          8) (empty array)
                       3) 1) "name"
                          2) "carol"
                          3) "seen-time"
                          4) (integer) 1700000000100
                          5) "pel-count"
                          6) (integer) 0
                          7) "pending"
                          8) (empty array)
                       4) 1) "name"
                          2) "dave"
                          3) "seen-time"
                          4) (integer) 1700000000100
                          5) "pel-count"
                          6) (integer) 1
                          7) "pending"
                          8) 1) 1) "1-1"
                                2) (integer) 1700000000100
                                3) (integer) 4
                       5) 1) "name"
                          2) "erin"
                          3) "seen-time"
                          4) (integer) 1700000000110
                          5) "pel-count"
                          6) (integer) 1
                          7) "pending"
                          8) 1) 1) "4-1"
                                2) (integer) 1700000000110
                                3) (integer) 2
        "#]],
    );
}

/// XGROUP subcommands and their errors, in Redis's checking order.
#[test]
fn xgroup_errors() {
    check(
        &[
            "SET str x",
            "XGROUP CREATE nokey g 0",
            "XGROUP CREATE str g 0",
            "XGROUP CREATE s g 0 MKSTREAM",
            "XGROUP CREATE s g 0",
            "XGROUP CREATE s g2 0 ENTRIESREAD -2",
            "XGROUP CREATE s g2 0 ENTRIESREAD x",
            "XGROUP CREATE s g2 0 foo",
            "XGROUP CREATE s g2 -",
            "XGROUP CREATE s g2 +",
            "XGROUP SETID s nog 0",
            "XGROUP SETID s g 0 ENTRIESREAD 5 x",
            "XGROUP SETID s g +",
            "XGROUP SETID s g -",
            "XGROUP CREATECONSUMER s g c",
            "XGROUP CREATECONSUMER s g c",
            "XGROUP DELCONSUMER s g c",
            "XGROUP DELCONSUMER s g zz",
            "XGROUP DESTROY s nog",
            "XGROUP DESTROY nokey g",
            "XGROUP foo s g",
            "XGROUP create s",
            "XGROUP setid s g 0 mkstream",
            "XGROUP CREATE s g3 0 MKSTREAM MKSTREAM",
            "XGROUP SETID s g 0 ENTRIESREAD 3",
            "XGROUP CREATE nokey g 0 ENTRIESREAD -2",
            "XGROUP create s g9 0 ENTRIESREAD 1 MKSTREAM x",
            "XGROUP CREATE s g4 0 ENTRIESREAD 3 MKSTREAM",
            "XGROUP HELP",
            "XGROUP HELP x",
            "XINFO GROUPS s",
        ],
        expect![[r#"
            1> SET str x
            [1] OK
            1> XGROUP CREATE nokey g 0
            [1] (error) ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.
            1> XGROUP CREATE str g 0
            [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
            1> XGROUP CREATE s g 0 MKSTREAM
            [1] OK
            1> XGROUP CREATE s g 0
            [1] (error) BUSYGROUP Consumer Group name already exists
            1> XGROUP CREATE s g2 0 ENTRIESREAD -2
            [1] (error) ERR value for ENTRIESREAD must be positive or -1
            1> XGROUP CREATE s g2 0 ENTRIESREAD x
            [1] (error) ERR value is not an integer or out of range
            1> XGROUP CREATE s g2 0 foo
            [1] (error) ERR unknown subcommand or wrong number of arguments for 'CREATE'. Try XGROUP HELP.
            1> XGROUP CREATE s g2 -
            [1] (error) ERR Invalid stream ID specified as stream command argument
            1> XGROUP CREATE s g2 +
            [1] (error) ERR Invalid stream ID specified as stream command argument
            1> XGROUP SETID s nog 0
            [1] (error) NOGROUP No such consumer group 'nog' for key name 's'
            1> XGROUP SETID s g 0 ENTRIESREAD 5 x
            [1] (error) ERR unknown subcommand or wrong number of arguments for 'SETID'. Try XGROUP HELP.
            1> XGROUP SETID s g +
            [1] OK
            1> XGROUP SETID s g -
            [1] OK
            1> XGROUP CREATECONSUMER s g c
            [1] (integer) 1
            1> XGROUP CREATECONSUMER s g c
            [1] (integer) 0
            1> XGROUP DELCONSUMER s g c
            [1] (integer) 0
            1> XGROUP DELCONSUMER s g zz
            [1] (integer) 0
            1> XGROUP DESTROY s nog
            [1] (integer) 0
            1> XGROUP DESTROY nokey g
            [1] (error) ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.
            1> XGROUP foo s g
            [1] (error) ERR unknown subcommand 'foo'. Try XGROUP HELP.
            1> XGROUP create s
            [1] (error) ERR wrong number of arguments for 'xgroup|create' command
            1> XGROUP setid s g 0 mkstream
            [1] (error) ERR unknown subcommand or wrong number of arguments for 'setid'. Try XGROUP HELP.
            1> XGROUP CREATE s g3 0 MKSTREAM MKSTREAM
            [1] OK
            1> XGROUP SETID s g 0 ENTRIESREAD 3
            [1] OK
            1> XGROUP CREATE nokey g 0 ENTRIESREAD -2
            [1] (error) ERR value for ENTRIESREAD must be positive or -1
            1> XGROUP create s g9 0 ENTRIESREAD 1 MKSTREAM x
            [1] (error) ERR unknown subcommand or wrong number of arguments for 'create'. Try XGROUP HELP.
            1> XGROUP CREATE s g4 0 ENTRIESREAD 3 MKSTREAM
            [1] OK
            1> XGROUP HELP
            [1]  1) XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:
             2) CREATE <key> <groupname> <id|$> [option]
             3)     Create a new consumer group. Options are:
             4)     * MKSTREAM
             5)       Create the empty stream if it does not exist.
             6)     * ENTRIESREAD entries_read
             7)       Set the group's entries_read counter (internal use).
             8) CREATECONSUMER <key> <groupname> <consumer>
             9)     Create a new consumer in the specified group.
            10) DELCONSUMER <key> <groupname> <consumer>
            11)     Remove the specified consumer.
            12) DESTROY <key> <groupname>
            13)     Remove the specified group.
            14) SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]
            15)     Set the current group ID and entries_read counter.
            16) HELP
            17)     Prints this help.
            1> XGROUP HELP x
            [1] (error) ERR wrong number of arguments for 'xgroup|help' command
            1> XINFO GROUPS s
            [1] 1)  1) "name"
                2) "g"
                3) "consumers"
                4) (integer) 0
                5) "pending"
                6) (integer) 0
                7) "last-delivered-id"
                8) "0-0"
                9) "entries-read"
               10) (integer) 3
               11) "lag"
               12) (integer) 0
            2)  1) "name"
                2) "g3"
                3) "consumers"
                4) (integer) 0
                5) "pending"
                6) (integer) 0
                7) "last-delivered-id"
                8) "0-0"
                9) "entries-read"
               10) (nil)
               11) "lag"
               12) (integer) 0
            3)  1) "name"
                2) "g4"
                3) "consumers"
                4) (integer) 0
                5) "pending"
                6) (integer) 0
                7) "last-delivered-id"
                8) "0-0"
                9) "entries-read"
               10) (integer) 3
               11) "lag"
               12) (integer) 0
        "#]],
    );
}

/// Errors of XREADGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM and XINFO.
#[test]
fn command_errors() {
    check(
        &[
            "SET str x",
            "XADD s 1-1 a 1",
            "XGROUP CREATE s g 0",
            "XINFO HELP",
            "XINFO foo",
            "XINFO STREAM nokey",
            "XINFO GROUPS nokey",
            "XINFO CONSUMERS s nog",
            "XINFO CONSUMERS nokey g",
            "XINFO STREAM s FULL COUNT x",
            "XINFO stream s foo",
            "XINFO STREAM s FULL COUNT",
            "XINFO GROUPS str",
            "XACK str g 1-1",
            "XACK s nog zz",
            "XACK s g zz",
            "XACK nokey g 1-1",
            "XCLAIM s g c x 1-1",
            "XCLAIM nokey g c x 1-1",
            "XCLAIM str g c x 1-1",
            "XCLAIM s g c 0 1-1 foo",
            "XCLAIM s g c 0 1-1 idle x",
            "XCLAIM s g c 0 1-1 time x",
            "XCLAIM s g c 0 1-1 retrycount x",
            "XCLAIM s g c 0 1-1 lastid x",
            "XCLAIM s g c 0 foo 1-1",
            "XAUTOCLAIM s g c x 0",
            "XAUTOCLAIM s g c 0 x",
            "XAUTOCLAIM s g c 0 0 COUNT 0",
            "XAUTOCLAIM s g c 0 0 COUNT x",
            "XAUTOCLAIM s g c 0 0 foo",
            "XAUTOCLAIM nokey g c 0 0",
            "XAUTOCLAIM str g c 0 0",
            "XAUTOCLAIM s g c 0 0 COUNT 576460752303423488",
            "XAUTOCLAIM s g c 0 (18446744073709551615-18446744073709551615",
            "XREADGROUP GROUP g c STREAMS s",
            "XREADGROUP GROUP g c COUNT x STREAMS s >",
            "XREADGROUP GROUP g c BLOCK -1 STREAMS s >",
            "XREADGROUP GROUP g c STREAMS s $",
            "XREADGROUP GROUP g c STREAMS s 0 s",
            "XREADGROUP GROUP g c foo STREAMS s >",
            "XREADGROUP COUNT 1 BLOCK 1 STREAMS s >",
            "XREADGROUP GROUP g c STREAMS str >",
            "XREADGROUP GROUP g c STREAMS nokey >",
            "XREADGROUP GROUP nog c STREAMS s >",
            "XREADGROUP GROUP g c STREAMS s abc",
            "XPENDING s nog",
            "XPENDING nokey g",
            "XPENDING str g",
            "XPENDING s g - + -1",
            "XPENDING s g IDLE x - + 10",
            "XPENDING s g - +",
            "XPENDING s g x + 10",
            "XPENDING s g (18446744073709551615-18446744073709551615 + 10",
            "XPENDING s g - + 10 nobody",
            "XPENDING s g",
        ],
        expect![[r#"
            1> SET str x
            [1] OK
            1> XADD s 1-1 a 1
            [1] "1-1"
            1> XGROUP CREATE s g 0
            [1] OK
            1> XINFO HELP
            [1] 1) XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:
            2) CONSUMERS <key> <groupname>
            3)     Show consumers of <groupname>.
            4) GROUPS <key>
            5)     Show the stream consumer groups.
            6) STREAM <key> [FULL [COUNT <count>]
            7)     Show information about the stream.
            8) HELP
            9)     Prints this help.
            1> XINFO foo
            [1] (error) ERR unknown subcommand 'foo'. Try XINFO HELP.
            1> XINFO STREAM nokey
            [1] (error) ERR no such key
            1> XINFO GROUPS nokey
            [1] (error) ERR no such key
            1> XINFO CONSUMERS s nog
            [1] (error) NOGROUP No such consumer group 'nog' for key name 's'
            1> XINFO CONSUMERS nokey g
            [1] (error) ERR no such key
            1> XINFO STREAM s FULL COUNT x
            [1] (error) ERR value is not an integer or out of range
            1> XINFO stream s foo
            [1] (error) ERR unknown subcommand or wrong number of arguments for 'stream'. Try XINFO HELP.
            1> XINFO STREAM s FULL COUNT
            [1] (error) ERR unknown subcommand or wrong number of arguments for 'STREAM'. Try XINFO HELP.
            1> XINFO GROUPS str
            [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
            1> XACK str g 1-1
            [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
            1> XACK s nog zz
            [1] (integer) 0
            1> XACK s g zz
            [1] (error) ERR Invalid stream ID specified as stream command argument
            1> XACK nokey g 1-1
            [1] (integer) 0
            1> XCLAIM s g c x 1-1
            [1] (error) ERR Invalid min-idle-time argument for XCLAIM
            1> XCLAIM nokey g c x 1-1
            [1] (error) NOGROUP No such key 'nokey' or consumer group 'g'
            1> XCLAIM str g c x 1-1
            [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
            1> XCLAIM s g c 0 1-1 foo
            [1] (error) ERR Unrecognized XCLAIM option 'foo'
            1> XCLAIM s g c 0 1-1 idle x
            [1] (error) ERR Invalid IDLE option argument for XCLAIM
            1> XCLAIM s g c 0 1-1 time x
            [1] (error) ERR Invalid TIME option argument for XCLAIM
            1> XCLAIM s g c 0 1-1 retrycount x
            [1] (error) ERR Invalid RETRYCOUNT option argument for XCLAIM
            1> XCLAIM s g c 0 1-1 lastid x
            [1] (error) ERR Invalid stream ID specified as stream command argument
            1> XCLAIM s g c 0 foo 1-1
            [1] (error) ERR Unrecognized XCLAIM option 'foo'
            1> XAUTOCLAIM s g c x 0
            [1] (error) ERR Invalid min-idle-time argument for XAUTOCLAIM
            1> XAUTOCLAIM s g c 0 x
            [1] (error) ERR Invalid stream ID specified as stream command argument
            1> XAUTOCLAIM s g c 0 0 COUNT 0
            [1] (error) ERR COUNT must be > 0
            1> XAUTOCLAIM s g c 0 0 COUNT x
            [1] (error) ERR COUNT must be > 0
            1> XAUTOCLAIM s g c 0 0 foo
            [1] (error) ERR syntax error
            1> XAUTOCLAIM nokey g c 0 0
            [1] (error) NOGROUP No such key 'nokey' or consumer group 'g'
            1> XAUTOCLAIM str g c 0 0
            [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
            1> XAUTOCLAIM s g c 0 0 COUNT 576460752303423488
            [1] (error) ERR COUNT must be > 0
            1> XAUTOCLAIM s g c 0 (18446744073709551615-18446744073709551615
            [1] (error) ERR invalid start ID for the interval
            1> XREADGROUP GROUP g c STREAMS s
            [1] (error) ERR wrong number of arguments for 'xreadgroup' command
            1> XREADGROUP GROUP g c COUNT x STREAMS s >
            [1] (error) ERR value is not an integer or out of range
            1> XREADGROUP GROUP g c BLOCK -1 STREAMS s >
            [1] (error) ERR timeout is negative
            1> XREADGROUP GROUP g c STREAMS s $
            [1] (error) ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.
            1> XREADGROUP GROUP g c STREAMS s 0 s
            [1] (error) ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.
            1> XREADGROUP GROUP g c foo STREAMS s >
            [1] (error) ERR syntax error
            1> XREADGROUP COUNT 1 BLOCK 1 STREAMS s >
            [1] (error) ERR Missing GROUP option for XREADGROUP
            1> XREADGROUP GROUP g c STREAMS str >
            [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
            1> XREADGROUP GROUP g c STREAMS nokey >
            [1] (error) NOGROUP No such key 'nokey' or consumer group 'g' in XREADGROUP with GROUP option
            1> XREADGROUP GROUP nog c STREAMS s >
            [1] (error) NOGROUP No such key 's' or consumer group 'nog' in XREADGROUP with GROUP option
            1> XREADGROUP GROUP g c STREAMS s abc
            [1] (error) ERR Invalid stream ID specified as stream command argument
            1> XPENDING s nog
            [1] (error) NOGROUP No such key 's' or consumer group 'nog'
            1> XPENDING nokey g
            [1] (error) NOGROUP No such key 'nokey' or consumer group 'g'
            1> XPENDING str g
            [1] (error) WRONGTYPE Operation against a key holding the wrong kind of value
            1> XPENDING s g - + -1
            [1] (empty array)
            1> XPENDING s g IDLE x - + 10
            [1] (error) ERR value is not an integer or out of range
            1> XPENDING s g - +
            [1] (error) ERR syntax error
            1> XPENDING s g x + 10
            [1] (error) ERR Invalid stream ID specified as stream command argument
            1> XPENDING s g (18446744073709551615-18446744073709551615 + 10
            [1] (error) ERR invalid start ID for the interval
            1> XPENDING s g - + 10 nobody
            [1] (empty array)
            1> XPENDING s g
            [1] 1) (integer) 0
            2) (nil)
            3) (nil)
            4) (nil)
        "#]],
    );
}

/// NOACK, entries-read and lag with tombstones, COUNT 0 history, SETID with ENTRIESREAD.
#[test]
fn counters_and_lag() {
    check(
        &[
            "XADD s 1-1 a 1",
            "XADD s 2-1 b 2",
            "XADD s 3-1 c 3",
            "XGROUP CREATE s g 0",
            "XREADGROUP GROUP g c COUNT 1 NOACK STREAMS s >",
            "XREADGROUP GROUP g c COUNT 1 STREAMS s >",
            "XINFO GROUPS s",
            "XDEL s 2-1",
            "XINFO GROUPS s",
            "XREADGROUP GROUP g c COUNT 0 STREAMS s 0",
            "XREADGROUP GROUP g c STREAMS s >",
            "XINFO GROUPS s",
            "XREADGROUP GROUP g c STREAMS s >",
            "XGROUP CREATE s g5 $",
            "XGROUP SETID s g5 1-1",
            "XGROUP CREATE s g6 0 ENTRIESREAD 1",
            "XINFO GROUPS s",
            "XGROUP SETID s g5 2-1 ENTRIESREAD 2",
            "XINFO GROUPS s",
            "XINFO STREAM s FULL COUNT 1",
        ],
        expect![[r#"
            1> XADD s 1-1 a 1
            [1] "1-1"
            1> XADD s 2-1 b 2
            [1] "2-1"
            1> XADD s 3-1 c 3
            [1] "3-1"
            1> XGROUP CREATE s g 0
            [1] OK
            1> XREADGROUP GROUP g c COUNT 1 NOACK STREAMS s >
            [1] 1) 1) "s"
               2) 1) 1) "1-1"
                     2) 1) "a"
                        2) "1"
            1> XREADGROUP GROUP g c COUNT 1 STREAMS s >
            [1] 1) 1) "s"
               2) 1) 1) "2-1"
                     2) 1) "b"
                        2) "2"
            1> XINFO GROUPS s
            [1] 1)  1) "name"
                2) "g"
                3) "consumers"
                4) (integer) 1
                5) "pending"
                6) (integer) 1
                7) "last-delivered-id"
                8) "2-1"
                9) "entries-read"
               10) (integer) 2
               11) "lag"
               12) (integer) 1
            1> XDEL s 2-1
            [1] (integer) 1
            1> XINFO GROUPS s
            [1] 1)  1) "name"
                2) "g"
                3) "consumers"
                4) (integer) 1
                5) "pending"
                6) (integer) 1
                7) "last-delivered-id"
                8) "2-1"
                9) "entries-read"
               10) (integer) 2
               11) "lag"
               12) (nil)
            1> XREADGROUP GROUP g c COUNT 0 STREAMS s 0
            [1] 1) 1) "s"
               2) 1) 1) "2-1"
                     2) (nil)
            1> XREADGROUP GROUP g c STREAMS s >
            [1] 1) 1) "s"
               2) 1) 1) "3-1"
                     2) 1) "c"
                        2) "3"
            1> XINFO GROUPS s
            [1] 1)  1) "name"
                2) "g"
                3) "consumers"
                4) (integer) 1
                5) "pending"
                6) (integer) 2
                7) "last-delivered-id"
                8) "3-1"
                9) "entries-read"
               10) (integer) 3
               11) "lag"
               12) (integer) 0
            1> XREADGROUP GROUP g c STREAMS s >
            [1] (nil)
            1> XGROUP CREATE s g5 $
            [1] OK
            1> XGROUP SETID s g5 1-1
            [1] OK
            1> XGROUP CREATE s g6 0 ENTRIESREAD 1
            [1] OK
            1> XINFO GROUPS s
            [1] 1)  1) "name"
                2) "g"
                3) "consumers"
                4) (integer) 1
                5) "pending"
                6) (integer) 2
                7) "last-delivered-id"
                8) "3-1"
                9) "entries-read"
               10) (integer) 3
               11) "lag"
               12) (integer) 0
            2)  1) "name"
                2) "g5"
                3) "consumers"
                4) (integer) 0
                5) "pending"
                6) (integer) 0
                7) "last-delivered-id"
                8) "1-1"
                9) "entries-read"
               10) (nil)
               11) "lag"
               12) (nil)
            3)  1) "name"
                2) "g6"
                3) "consumers"
                4) (integer) 0
                5) "pending"
                6) (integer) 0
                7) "last-delivered-id"
                8) "0-0"
                9) "entries-read"
               10) (integer) 1
               11) "lag"
               12) (nil)
            1> XGROUP SETID s g5 2-1 ENTRIESREAD 2
            [1] OK
            1> XINFO GROUPS s
            [1] 1)  1) "name"
                2) "g"
                3) "consumers"
                4) (integer) 1
                5) "pending"
                6) (integer) 2
                7) "last-delivered-id"
                8) "3-1"
                9) "entries-read"
               10) (integer) 3
               11) "lag"
               12) (integer) 0
            2)  1) "name"
                2) "g5"
                3) "consumers"
                4) (integer) 0
                5) "pending"
                6) (integer) 0
                7) "last-delivered-id"
                8) "2-1"
                9) "entries-read"
               10) (integer) 2
               11) "lag"
               12) (nil)
            3)  1) "name"
                2) "g6"
                3) "consumers"
                4) (integer) 0
                5) "pending"
                6) (integer) 0
                7) "last-delivered-id"
                8) "0-0"
                9) "entries-read"
               10) (integer) 1
               11) "lag"
               12) (nil)
            1> XINFO STREAM s FULL COUNT 1
            [1]  1) "length"
             2) (integer) 2
             3) "radix-tree-keys"
             4) (integer) 1
             5) "radix-tree-nodes"
             6) (integer) 2
             7) "last-generated-id"
             8) "3-1"
             9) "max-deleted-entry-id"
            10) "2-1"
            11) "entries-added"
            12) (integer) 3
            13) "recorded-first-entry-id"
            14) "1-1"
            15) "entries"
            16) 1) 1) "1-1"
                   2) 1) "a"
                      2) "1"
            17) "groups"
            18) 1)  1) "name"
                    2) "g"
                    3) "last-delivered-id"
                    4) "3-1"
                    5) "entries-read"
                    6) (integer) 3
                    7) "lag"
                    8) (integer) 0
                    9) "pel-count"
                   10) (integer) 2
                   11) "pending"
                   12) 1) 1) "2-1"
                          2) "c"
                          3) (integer) 1700000000000
                          4) (integer) 1
                   13) "consumers"
                   14) 1) 1) "name"
                          2) "c"
                          3) "seen-time"
                          4) (integer) 1700000000000
                          5) "pel-count"
                          6) (integer) 2
                          7) "pending"
                          8) 1) 1) "2-1"
                                2) (integer) 1700000000000
                                3) (integer) 1
                2)  1) "name"
                    2) "g5"
                    3) "last-delivered-id"
                    4) "2-1"
                    5) "entries-read"
                    6) (integer) 2
                    7) "lag"
                    8) (nil)
                    9) "pel-count"
                   10) (integer) 0
                   11) "pending"
                   12) (empty array)
                   13) "consumers"
                   14) (empty array)
                3)  1) "name"
                    2) "g6"
                    3) "last-delivered-id"
                    4) "0-0"
                    5) "entries-read"
                    6) (integer) 1
                    7) "lag"
                    8) (nil)
                    9) "pel-count"
                   10) (integer) 0
                   11) "pending"
                   12) (empty array)
                   13) "consumers"
                   14) (empty array)
        "#]],
    );
}

/// The same replies in RESP3: maps for XREADGROUP and XINFO, nulls as `_`.
#[test]
fn resp3_replies() {
    check_resp3(
        &[
            "XADD s 1-1 a 1",
            "XADD s 2-1 b 2",
            "XGROUP CREATE s g 0",
            "XREADGROUP GROUP g c STREAMS s >",
            "XDEL s 1-1",
            "XREADGROUP GROUP g c STREAMS s 0",
            "XREADGROUP GROUP g c STREAMS s >",
            "XPENDING s g",
            "XGROUP CREATE s g2 9-9",
            "XPENDING s g2",
            "XINFO GROUPS s",
            "XINFO CONSUMERS s g",
            "XINFO STREAM s",
            "XINFO STREAM s FULL",
            "XAUTOCLAIM s g d 0 0",
        ],
        expect![[r#"
            1> XADD s 1-1 a 1
            [1] "1-1"
            1> XADD s 2-1 b 2
            [1] "2-1"
            1> XGROUP CREATE s g 0
            [1] OK
            1> XREADGROUP GROUP g c STREAMS s >
            [1] 1# "s" => 1) 1) "1-1"
                      2) 1) "a"
                         2) "1"
                   2) 1) "2-1"
                      2) 1) "b"
                         2) "2"
            1> XDEL s 1-1
            [1] (integer) 1
            1> XREADGROUP GROUP g c STREAMS s 0
            [1] 1# "s" => 1) 1) "1-1"
                      2) (nil)
                   2) 1) "2-1"
                      2) 1) "b"
                         2) "2"
            1> XREADGROUP GROUP g c STREAMS s >
            [1] (nil)
            1> XPENDING s g
            [1] 1) (integer) 2
            2) "1-1"
            3) "2-1"
            4) 1) 1) "c"
                  2) "2"
            1> XGROUP CREATE s g2 9-9
            [1] OK
            1> XPENDING s g2
            [1] 1) (integer) 0
            2) (nil)
            3) (nil)
            4) (nil)
            1> XINFO GROUPS s
            [1] 1) 1# "name" => "g"
               2# "consumers" => (integer) 1
               3# "pending" => (integer) 2
               4# "last-delivered-id" => "2-1"
               5# "entries-read" => (integer) 2
               6# "lag" => (integer) 0
            2) 1# "name" => "g2"
               2# "consumers" => (integer) 0
               3# "pending" => (integer) 0
               4# "last-delivered-id" => "9-9"
               5# "entries-read" => (nil)
               6# "lag" => (nil)
            1> XINFO CONSUMERS s g
            [1] 1) 1# "name" => "c"
               2# "pending" => (integer) 2
               3# "idle" => (integer) 0
            1> XINFO STREAM s
            [1]  1# "length" => (integer) 1
             2# "radix-tree-keys" => (integer) 1
             3# "radix-tree-nodes" => (integer) 2
             4# "last-generated-id" => "2-1"
             5# "max-deleted-entry-id" => "1-1"
             6# "entries-added" => (integer) 2
             7# "recorded-first-entry-id" => "2-1"
             8# "groups" => (integer) 2
             9# "first-entry" => 1) "2-1"
                    2) 1) "b"
                       2) "2"
            10# "last-entry" => 1) "2-1"
                    2) 1) "b"
                       2) "2"
            1> XINFO STREAM s FULL
            [1] 1# "length" => (integer) 1
            2# "radix-tree-keys" => (integer) 1
            3# "radix-tree-nodes" => (integer) 2
            4# "last-generated-id" => "2-1"
            5# "max-deleted-entry-id" => "1-1"
            6# "entries-added" => (integer) 2
            7# "recorded-first-entry-id" => "2-1"
            8# "entries" => 1) 1) "2-1"
                      2) 1) "b"
                         2) "2"
            9# "groups" => 1) 1# "name" => "g"
                      2# "last-delivered-id" => "2-1"
                      3# "entries-read" => (integer) 2
                      4# "lag" => (integer) 0
                      5# "pel-count" => (integer) 2
                      6# "pending" => 1) 1) "1-1"
                                2) "c"
                                3) (integer) 1700000000000
                                4) (integer) 1
                             2) 1) "2-1"
                                2) "c"
                                3) (integer) 1700000000000
                                4) (integer) 2
                      7# "consumers" => 1) 1# "name" => "c"
                                2# "seen-time" => (integer) 1700000000000
                                3# "pel-count" => (integer) 2
                                4# "pending" => 1) 1) "1-1"
                                          2) (integer) 1700000000000
                                          3) (integer) 1
                                       2) 1) "2-1"
                                          2) (integer) 1700000000000
                                          3) (integer) 2
                   2) 1# "name" => "g2"
                      2# "last-delivered-id" => "9-9"
                      3# "entries-read" => (nil)
                      4# "lag" => (nil)
                      5# "pel-count" => (integer) 0
                      6# "pending" => (empty array)
                      7# "consumers" => (empty array)
            1> XAUTOCLAIM s g d 0 0
            [1] 1) "0-0"
            2) 1) 1) "2-1"
                  2) 1) "b"
                     2) "2"
            3) 1) "1-1"
        "#]],
    );
}

/// XREADGROUP BLOCK: woken by XADD (the entry enters the PEL), timing out in virtual time,
/// only new entries wake it, and the errors Redis 7.0 gives when the group or key goes away.
#[test]
fn blocking() {
    check(
        &[
            "XGROUP CREATE s g $ MKSTREAM",
            "2> XREADGROUP GROUP g bob BLOCK 0 STREAMS s >",
            "XADD s 1-1 f v",
            "XPENDING s g",
            "2> XREADGROUP GROUP g bob COUNT 1 BLOCK 100 STREAMS s >",
            "sleep 99",
            "sleep 1",
            "2> XREADGROUP GROUP g bob BLOCK 0 STREAMS s >",
            "XGROUP DESTROY s g",
            "XGROUP CREATE s g $",
            "2> XREADGROUP GROUP g bob BLOCK 0 STREAMS s >",
            "DEL s",
            "XGROUP CREATE s g $ MKSTREAM",
            "2> XREADGROUP GROUP g bob BLOCK 0 STREAMS s >",
            "SET s x",
            "DEL s",
            "XGROUP CREATE s g $ MKSTREAM",
            "2> XREADGROUP GROUP g bob BLOCK 0 STREAMS s >",
            "XGROUP SETID s g 0",
            "XADD s 2-2 a b",
            "2> XREADGROUP GROUP g bob BLOCK 0 STREAMS s 0",
        ],
        expect![[r#"
            1> XGROUP CREATE s g $ MKSTREAM
            [1] OK
            2> XREADGROUP GROUP g bob BLOCK 0 STREAMS s >
            1> XADD s 1-1 f v
            [1] "1-1"
            [2] 1) 1) "s"
               2) 1) 1) "1-1"
                     2) 1) "f"
                        2) "v"
            1> XPENDING s g
            [1] 1) (integer) 1
            2) "1-1"
            3) "1-1"
            4) 1) 1) "bob"
                  2) "1"
            2> XREADGROUP GROUP g bob COUNT 1 BLOCK 100 STREAMS s >
            sleep 99
            sleep 1
            [2] (nil)
            2> XREADGROUP GROUP g bob BLOCK 0 STREAMS s >
            1> XGROUP DESTROY s g
            [1] (integer) 1
            [2] (error) NOGROUP the consumer group this client was blocked on no longer exists
            1> XGROUP CREATE s g $
            [1] OK
            2> XREADGROUP GROUP g bob BLOCK 0 STREAMS s >
            1> DEL s
            [1] (integer) 1
            [2] (error) UNBLOCKED the stream key no longer exists
            1> XGROUP CREATE s g $ MKSTREAM
            [1] OK
            2> XREADGROUP GROUP g bob BLOCK 0 STREAMS s >
            1> SET s x
            [1] OK
            [2] (error) UNBLOCKED the stream key no longer exists
            1> DEL s
            [1] (integer) 1
            1> XGROUP CREATE s g $ MKSTREAM
            [1] OK
            2> XREADGROUP GROUP g bob BLOCK 0 STREAMS s >
            1> XGROUP SETID s g 0
            [1] OK
            1> XADD s 2-2 a b
            [1] "2-2"
            [2] 1) 1) "s"
               2) 1) 1) "2-2"
                     2) 1) "a"
                        2) "b"
            2> XREADGROUP GROUP g bob BLOCK 0 STREAMS s 0
            [2] 1) 1) "s"
               2) 1) 1) "2-2"
                     2) 1) "a"
                        2) "b"
        "#]],
    );
}

/// radix-tree-nodes follows Redis's rax over node keys (many nodes, after trimming).
#[test]
fn radix_tree_nodes() {
    let mut lines = vec!["CONFIG SET stream-node-max-entries 2".to_string()];
    for i in 1..=9 {
        lines.push(format!("XADD s {}-{} f v", i * 300, i % 4));
    }
    lines.push("XINFO STREAM s".into());
    lines.push("XTRIM s MAXLEN 3".into());
    lines.push("XINFO STREAM s".into());
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let out = transcript(&refs);
    let all: Vec<&str> = out.lines().collect();
    let tail: Vec<&str> = (1..all.len())
        .filter(|&i| all[i - 1].contains("radix"))
        .map(|i| all[i].trim())
        .collect();
    let tail = tail.join(" ");
    expect!["4) (integer) 5 6) (integer) 12 4) (integer) 2 6) (integer) 6"].assert_eq(&tail);
}
