//! Transcript tests of the connection group (PING, ECHO, HELLO, RESET, AUTH, CLIENT) and of
//! COMMAND, checked against redis-server 7.0.15.

use expect_test::expect;
use redlet_core::testkit::{transcript, Harness};

#[test]
fn hello_options_and_errors() {
    let got = transcript(&[
        "HELLO 2 AUTH default anything",
        "HELLO 2 AUTH bob x",
        "HELLO 2 AUTH default",
        "HELLO 2 SETNAME",
        "HELLO 2 SETNAME \"a b\"",
        "HELLO 2 foo",
        "HELLO x",
        "HELLO 1",
        "HELLO 4 foo",
        "HELLO 3 SETNAME \"a b\" AUTH bob x",
        "HELLO 2 SETNAME foo SETNAME bar",
        "CLIENT GETNAME",
        "HELLO 2 SETNAME \"\"",
        "CLIENT GETNAME",
    ]);
    expect![[r#"
        1> HELLO 2 AUTH default anything
        [1]  1) "server"
         2) "redis"
         3) "version"
         4) "7.0.15"
         5) "proto"
         6) (integer) 2
         7) "id"
         8) (integer) 1
         9) "mode"
        10) "standalone"
        11) "role"
        12) "master"
        13) "modules"
        14) (empty array)
        1> HELLO 2 AUTH bob x
        [1] (error) WRONGPASS invalid username-password pair or user is disabled.
        1> HELLO 2 AUTH default
        [1] (error) ERR Syntax error in HELLO option 'AUTH'
        1> HELLO 2 SETNAME
        [1] (error) ERR Syntax error in HELLO option 'SETNAME'
        1> HELLO 2 SETNAME "a b"
        [1] (error) ERR Client names cannot contain spaces, newlines or special characters.
        1> HELLO 2 foo
        [1] (error) ERR Syntax error in HELLO option 'foo'
        1> HELLO x
        [1] (error) ERR Protocol version is not an integer or out of range
        1> HELLO 1
        [1] (error) NOPROTO unsupported protocol version
        1> HELLO 4 foo
        [1] (error) NOPROTO unsupported protocol version
        1> HELLO 3 SETNAME "a b" AUTH bob x
        [1] (error) ERR Client names cannot contain spaces, newlines or special characters.
        1> HELLO 2 SETNAME foo SETNAME bar
        [1]  1) "server"
         2) "redis"
         3) "version"
         4) "7.0.15"
         5) "proto"
         6) (integer) 2
         7) "id"
         8) (integer) 1
         9) "mode"
        10) "standalone"
        11) "role"
        12) "master"
        13) "modules"
        14) (empty array)
        1> CLIENT GETNAME
        [1] "bar"
        1> HELLO 2 SETNAME ""
        [1]  1) "server"
         2) "redis"
         3) "version"
         4) "7.0.15"
         5) "proto"
         6) (integer) 2
         7) "id"
         8) (integer) 1
         9) "mode"
        10) "standalone"
        11) "role"
        12) "master"
        13) "modules"
        14) (empty array)
        1> CLIENT GETNAME
        [1] (nil)
    "#]]
    .assert_eq(&got);
}

#[test]
fn client_commands() {
    let got = transcript(&[
        "CLIENT ID",
        "2> CLIENT ID",
        "CLIENT SETNAME \"a b\"",
        "CLIENT SETNAME x y",
        "CLIENT SETNAME n1",
        "CLIENT GETNAME",
        "CLIENT SETNAME \"\"",
        "CLIENT GETNAME",
        "CLIENT foo",
        "CLIENT",
        "CLIENT LIST TYPE foo",
        "CLIENT LIST ID x",
        "CLIENT LIST ID 0",
        "CLIENT LIST ID",
        "CLIENT LIST x",
        "CLIENT LIST TYPE master",
        "CLIENT LIST TYPE pubsub",
        "AUTH x",
        "AUTH a b",
        "AUTH default b",
        "AUTH a b c",
    ]);
    expect![[r#"
        1> CLIENT ID
        [1] (integer) 1
        2> CLIENT ID
        [2] (integer) 2
        1> CLIENT SETNAME "a b"
        [1] (error) ERR Client names cannot contain spaces, newlines or special characters.
        1> CLIENT SETNAME x y
        [1] (error) ERR wrong number of arguments for 'client|setname' command
        1> CLIENT SETNAME n1
        [1] OK
        1> CLIENT GETNAME
        [1] "n1"
        1> CLIENT SETNAME ""
        [1] OK
        1> CLIENT GETNAME
        [1] (nil)
        1> CLIENT foo
        [1] (error) ERR unknown subcommand 'foo'. Try CLIENT HELP.
        1> CLIENT
        [1] (error) ERR wrong number of arguments for 'client' command
        1> CLIENT LIST TYPE foo
        [1] (error) ERR Unknown client type 'foo'
        1> CLIENT LIST ID x
        [1] (error) ERR Invalid client ID
        1> CLIENT LIST ID 0
        [1] ""
        1> CLIENT LIST ID
        [1] (error) ERR syntax error
        1> CLIENT LIST x
        [1] (error) ERR syntax error
        1> CLIENT LIST TYPE master
        [1] ""
        1> CLIENT LIST TYPE pubsub
        [1] ""
        1> AUTH x
        [1] (error) ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?
        1> AUTH a b
        [1] (error) WRONGPASS invalid username-password pair or user is disabled.
        1> AUTH default b
        [1] OK
        1> AUTH a b c
        [1] (error) ERR syntax error
    "#]]
    .assert_eq(&got);
}

#[test]
fn client_list_and_info_lines() {
    let mut h = Harness::default();
    h.cmd(1, "CLIENT SETNAME first");
    h.cmd(2, "SUBSCRIBE news");
    h.advance(3000);
    h.cmd(2, "PING");
    let list = h.cmd(1, "CLIENT LIST");
    expect![[r#""id=1 addr= laddr= fd=8 name=first age=3 idle=0 flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=26 qbuf-free=20448 argv-mem=10 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=0 tot-mem=22308 events=r cmd=client|list user=default redir=-1 resp=2\nid=2 addr= laddr= fd=9 name= age=3 idle=0 flags=P db=0 sub=1 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=20474 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=0 tot-mem=22272 events=r cmd=ping user=default redir=-1 resp=2\n""#]]
    .assert_eq(&list);
    let info = h.cmd(2, "CLIENT INFO");
    expect!["(error) ERR Can't execute 'client|info': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context"]
    .assert_eq(&info);
    // RESP3: a verbatim string.
    h.cmd(3, "HELLO 3");
    h.send(3, "CLIENT INFO");
    let raw = String::from_utf8(h.take_raw(3)).expect("ascii");
    assert!(
        raw.starts_with("=") && raw.contains("\r\ntxt:id=3 "),
        "{raw}"
    );
}

#[test]
fn reset_returns_to_a_fresh_connection() {
    let got = transcript(&[
        "HELLO 3 SETNAME me",
        "SELECT 3",
        "SET k v",
        "SUBSCRIBE c",
        "RESET",
        "CLIENT GETNAME",
        "GET k",
        "PUBSUB NUMSUB c",
        "RESET x",
    ]);
    expect![[r#"
        1> HELLO 3 SETNAME me
        [1] 1# "server" => "redis"
        2# "version" => "7.0.15"
        3# "proto" => (integer) 3
        4# "id" => (integer) 1
        5# "mode" => "standalone"
        6# "role" => "master"
        7# "modules" => (empty array)
        1> SELECT 3
        [1] OK
        1> SET k v
        [1] OK
        1> SUBSCRIBE c
        [1] 1) "subscribe"
        2) "c"
        3) (integer) 1
        1> RESET
        [1] RESET
        1> CLIENT GETNAME
        [1] (nil)
        1> GET k
        [1] (nil)
        1> PUBSUB NUMSUB c
        [1] 1) "c"
        2) (integer) 0
        1> RESET x
        [1] (error) ERR wrong number of arguments for 'reset' command
    "#]]
    .assert_eq(&got);
}

#[test]
fn command_count_list_and_help() {
    let mut h = Harness::default();
    let count: i64 = h
        .cmd(1, "COMMAND COUNT")
        .trim_start_matches("(integer) ")
        .parse()
        .expect("an integer");
    assert_eq!(count as usize, redlet_core::commands::table().len());
    let got = h.run(&[
        "COMMAND LIST FILTERBY PATTERN cl*",
        "COMMAND LIST FILTERBY ACLCAT pubsub",
        "COMMAND LIST FILTERBY ACLCAT nosuch",
        "COMMAND LIST FILTERBY MODULE x",
        "COMMAND LIST FILTERBY foo x",
        "COMMAND LIST foo",
        "COMMAND LIST FILTERBY PATTERN",
        "COMMAND INFO nosuch",
        "COMMAND DOCS nosuch",
        "COMMAND COUNT x",
        "COMMAND foo",
        "COMMAND HELP",
    ]);
    expect![[r#"
        1> COMMAND LIST FILTERBY PATTERN cl*
        [1]  1) "client"
         2) "client|getname"
         3) "client|getredir"
         4) "client|help"
         5) "client|id"
         6) "client|info"
         7) "client|kill"
         8) "client|list"
         9) "client|no-evict"
        10) "client|pause"
        11) "client|reply"
        12) "client|setname"
        13) "client|trackinginfo"
        14) "client|unblock"
        15) "client|unpause"
        1> COMMAND LIST FILTERBY ACLCAT pubsub
        [1]  1) "subscribe"
         2) "unsubscribe"
         3) "psubscribe"
         4) "punsubscribe"
         5) "publish"
         6) "ssubscribe"
         7) "sunsubscribe"
         8) "spublish"
         9) "pubsub|channels"
        10) "pubsub|numpat"
        11) "pubsub|numsub"
        12) "pubsub|shardchannels"
        13) "pubsub|shardnumsub"
        1> COMMAND LIST FILTERBY ACLCAT nosuch
        [1] (empty array)
        1> COMMAND LIST FILTERBY MODULE x
        [1] (empty array)
        1> COMMAND LIST FILTERBY foo x
        [1] (error) ERR syntax error
        1> COMMAND LIST foo
        [1] (error) ERR syntax error
        1> COMMAND LIST FILTERBY PATTERN
        [1] (error) ERR syntax error
        1> COMMAND INFO nosuch
        [1] 1) (nil)
        1> COMMAND DOCS nosuch
        [1] (empty array)
        1> COMMAND COUNT x
        [1] (error) ERR wrong number of arguments for 'command|count' command
        1> COMMAND foo
        [1] (error) ERR unknown subcommand 'foo'. Try COMMAND HELP.
        1> COMMAND HELP
        [1]  1) COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:
         2) (no subcommand)
         3)     Return details about all Redis commands.
         4) COUNT
         5)     Return the total number of commands in this Redis server.
         6) LIST
         7)     Return a list of all commands in this Redis server.
         8) INFO [<command-name> ...]
         9)     Return details about multiple Redis commands.
        10)     If no command names are given, documentation details for all
        11)     commands are returned.
        12) DOCS [<command-name> ...]
        13)     Return documentation details about multiple Redis commands.
        14)     If no command names are given, documentation details for all
        15)     commands are returned.
        16) GETKEYS <full-command>
        17)     Return the keys from a full Redis command.
        18) GETKEYSANDFLAGS <full-command>
        19)     Return the keys and the access flags from a full Redis command.
        20) HELP
        21)     Prints this help.
    "#]]
    .assert_eq(&got);
}

/// Bytes recorded from redis-server 7.0.15 (`COMMAND INFO get`, `COMMAND DOCS echo`,
/// `COMMAND DOCS set` and `COMMAND INFO client|id`, RESP2 and RESP3).
#[test]
fn command_info_and_docs_are_byte_identical_to_redis() {
    let mut h = Harness::default();
    h.send(1, "COMMAND INFO nosuch get");
    assert_eq!(
        String::from_utf8(h.take_raw(1)).expect("ascii"),
        "*2\r\n$-1\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@read\r\n+@string\r\n+@fast\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n"
    );
    h.send(1, "COMMAND DOCS nosuch echo");
    assert_eq!(
        String::from_utf8(h.take_raw(1)).expect("ascii"),
        "*2\r\n$4\r\necho\r\n*10\r\n$7\r\nsummary\r\n$21\r\nEcho the given string\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$10\r\nconnection\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$9\r\narguments\r\n*1\r\n*4\r\n$4\r\nname\r\n$7\r\nmessage\r\n$4\r\ntype\r\n$6\r\nstring\r\n"
    );
    h.send(1, "COMMAND INFO client|id");
    assert_eq!(
        String::from_utf8(h.take_raw(1)).expect("ascii"),
        "*1\r\n*10\r\n$9\r\nclient|id\r\n:2\r\n*3\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@slow\r\n+@connection\r\n*0\r\n*0\r\n*0\r\n"
    );
    h.send(1, "COMMAND DOCS client|id");
    assert_eq!(
        String::from_utf8(h.take_raw(1)).expect("ascii"),
        "*2\r\n$9\r\nclient|id\r\n*8\r\n$7\r\nsummary\r\n$48\r\nReturns the client ID for the current connection\r\n$5\r\nsince\r\n$5\r\n5.0.0\r\n$5\r\ngroup\r\n$10\r\nconnection\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n"
    );
    h.cmd(1, "HELLO 3");
    h.send(1, "COMMAND DOCS set");
    assert_eq!(
        String::from_utf8(h.take_raw(1)).expect("ascii"),
        "%1\r\n$3\r\nset\r\n%6\r\n$7\r\nsummary\r\n$29\r\nSet the string value of a key\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$7\r\nhistory\r\n~4\r\n*2\r\n$6\r\n2.6.12\r\n$44\r\nAdded the `EX`, `PX`, `NX` and `XX` options.\r\n*2\r\n$5\r\n6.0.0\r\n$27\r\nAdded the `KEEPTTL` option.\r\n*2\r\n$5\r\n6.2.0\r\n$42\r\nAdded the `GET`, `EXAT` and `PXAT` option.\r\n*2\r\n$5\r\n7.0.0\r\n$55\r\nAllowed the `NX` and `GET` options to be used together.\r\n$9\r\narguments\r\n*5\r\n%3\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n%2\r\n$4\r\nname\r\n$5\r\nvalue\r\n$4\r\ntype\r\n$6\r\nstring\r\n%5\r\n$4\r\nname\r\n$9\r\ncondition\r\n$4\r\ntype\r\n$5\r\noneof\r\n$5\r\nsince\r\n$6\r\n2.6.12\r\n$5\r\nflags\r\n~1\r\n+optional\r\n$9\r\narguments\r\n*2\r\n%3\r\n$4\r\nname\r\n$2\r\nnx\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$2\r\nNX\r\n%3\r\n$4\r\nname\r\n$2\r\nxx\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$2\r\nXX\r\n%5\r\n$4\r\nname\r\n$3\r\nget\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$3\r\nGET\r\n$5\r\nsince\r\n$5\r\n6.2.0\r\n$5\r\nflags\r\n~1\r\n+optional\r\n%4\r\n$4\r\nname\r\n$10\r\nexpiration\r\n$4\r\ntype\r\n$5\r\noneof\r\n$5\r\nflags\r\n~1\r\n+optional\r\n$9\r\narguments\r\n*5\r\n%4\r\n$4\r\nname\r\n$7\r\nseconds\r\n$4\r\ntype\r\n$7\r\ninteger\r\n$5\r\ntoken\r\n$2\r\nEX\r\n$5\r\nsince\r\n$6\r\n2.6.12\r\n%4\r\n$4\r\nname\r\n$12\r\nmilliseconds\r\n$4\r\ntype\r\n$7\r\ninteger\r\n$5\r\ntoken\r\n$2\r\nPX\r\n$5\r\nsince\r\n$6\r\n2.6.12\r\n%4\r\n$4\r\nname\r\n$17\r\nunix-time-seconds\r\n$4\r\ntype\r\n$9\r\nunix-time\r\n$5\r\ntoken\r\n$4\r\nEXAT\r\n$5\r\nsince\r\n$5\r\n6.2.0\r\n%4\r\n$4\r\nname\r\n$22\r\nunix-time-milliseconds\r\n$4\r\ntype\r\n$9\r\nunix-time\r\n$5\r\ntoken\r\n$4\r\nPXAT\r\n$5\r\nsince\r\n$5\r\n6.2.0\r\n%4\r\n$4\r\nname\r\n$7\r\nkeepttl\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$7\r\nKEEPTTL\r\n$5\r\nsince\r\n$5\r\n6.0.0\r\n"
    );
}

#[test]
fn playground_help_from_docs() {
    let h = redlet_core::commands::docs_model::help("set").expect("SET is documented");
    assert_eq!(h.summary, "Set the string value of a key");
    assert_eq!(
        h.syntax,
        "key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]"
    );
    let h = redlet_core::commands::docs_model::help("client setname").expect("documented");
    assert_eq!(h.name, "CLIENT SETNAME");
    assert_eq!(h.syntax, "connection-name");
    assert!(redlet_core::commands::docs_model::help("nosuch").is_none());
}

#[test]
fn client_kill_filters_and_forms() {
    let got = transcript(&[
        "CLIENT ID",
        "2> CLIENT ID",
        "3> SUBSCRIBE ch",
        "CLIENT KILL ID 2",
        "CLIENT KILL ID 2",
        "CLIENT KILL TYPE pubsub",
        "CLIENT KILL TYPE pubsub",
        "4> PING",
        "CLIENT KILL TYPE normal USER default",
        "CLIENT KILL ID 1",
        "CLIENT KILL",
        "CLIENT KILL 1.2.3.4:5",
        "CLIENT KILL ADDR 1.2.3.4:5 LADDR 1.2.3.4:6",
        "CLIENT KILL ID x",
        "CLIENT KILL ID 0",
        "CLIENT KILL TYPE foo",
        "CLIENT KILL SKIPME maybe",
        "CLIENT KILL USER nobody",
        "CLIENT KILL foo bar",
        "CLIENT KILL ID 1 foo",
        "CLIENT KILL ID 1 SKIPME no",
    ]);
    expect![[r#"
        1> CLIENT ID
        [1] (integer) 1
        2> CLIENT ID
        [2] (integer) 2
        3> SUBSCRIBE ch
        [3] 1) "subscribe"
        2) "ch"
        3) (integer) 1
        1> CLIENT KILL ID 2
        [1] (integer) 1
        [2] <closed>
        1> CLIENT KILL ID 2
        [1] (integer) 0
        1> CLIENT KILL TYPE pubsub
        [1] (integer) 1
        [3] <closed>
        1> CLIENT KILL TYPE pubsub
        [1] (integer) 0
        4> PING
        [4] PONG
        1> CLIENT KILL TYPE normal USER default
        [1] (integer) 1
        [4] <closed>
        1> CLIENT KILL ID 1
        [1] (integer) 0
        1> CLIENT KILL
        [1] (error) ERR wrong number of arguments for 'client|kill' command
        1> CLIENT KILL 1.2.3.4:5
        [1] (error) ERR No such client
        1> CLIENT KILL ADDR 1.2.3.4:5 LADDR 1.2.3.4:6
        [1] (integer) 0
        1> CLIENT KILL ID x
        [1] (error) ERR client-id should be greater than 0
        1> CLIENT KILL ID 0
        [1] (error) ERR client-id should be greater than 0
        1> CLIENT KILL TYPE foo
        [1] (error) ERR Unknown client type 'foo'
        1> CLIENT KILL SKIPME maybe
        [1] (error) ERR syntax error
        1> CLIENT KILL USER nobody
        [1] (error) ERR No such user 'nobody'
        1> CLIENT KILL foo bar
        [1] (error) ERR syntax error
        1> CLIENT KILL ID 1 foo
        [1] (error) ERR syntax error
        1> CLIENT KILL ID 1 SKIPME no
        [1] (integer) 1
        [1] <closed>
    "#]]
    .assert_eq(&got);
}

#[test]
fn client_unblock_reply_and_misc() {
    let got = transcript(&[
        "CLIENT ID",
        "2> BLPOP q 0",
        "CLIENT UNBLOCK 2",
        "2> BLPOP q 0",
        "CLIENT UNBLOCK 2 ERROR",
        "CLIENT UNBLOCK 2",
        "2> PING",
        "CLIENT UNBLOCK 999 TIMEOUT",
        "CLIENT UNBLOCK x",
        "CLIENT UNBLOCK 1 foo",
        "CLIENT UNBLOCK 1 error x",
        "CLIENT REPLY OFF",
        "SET a 1",
        "FOO",
        "CLIENT REPLY ON",
        "CLIENT REPLY SKIP",
        "PING x",
        "PING y",
        "CLIENT REPLY foo",
        "CLIENT NO-EVICT on",
        "CLIENT NO-EVICT foo",
        "CLIENT GETREDIR",
        "CLIENT TRACKINGINFO",
        "HELLO 3",
        "CLIENT TRACKINGINFO",
    ]);
    expect![[r#"
        1> CLIENT ID
        [1] (integer) 1
        2> BLPOP q 0
        1> CLIENT UNBLOCK 2
        [1] (integer) 1
        [2] (nil)
        2> BLPOP q 0
        1> CLIENT UNBLOCK 2 ERROR
        [1] (integer) 1
        [2] (error) UNBLOCKED client unblocked via CLIENT UNBLOCK
        1> CLIENT UNBLOCK 2
        [1] (integer) 0
        2> PING
        [2] PONG
        1> CLIENT UNBLOCK 999 TIMEOUT
        [1] (integer) 0
        1> CLIENT UNBLOCK x
        [1] (error) ERR value is not an integer or out of range
        1> CLIENT UNBLOCK 1 foo
        [1] (error) ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR
        1> CLIENT UNBLOCK 1 error x
        [1] (error) ERR unknown subcommand or wrong number of arguments for 'UNBLOCK'. Try CLIENT HELP.
        1> CLIENT REPLY OFF
        1> SET a 1
        1> FOO
        1> CLIENT REPLY ON
        [1] OK
        1> CLIENT REPLY SKIP
        1> PING x
        1> PING y
        [1] "y"
        1> CLIENT REPLY foo
        [1] (error) ERR syntax error
        1> CLIENT NO-EVICT on
        [1] OK
        1> CLIENT NO-EVICT foo
        [1] (error) ERR syntax error
        1> CLIENT GETREDIR
        [1] (integer) -1
        1> CLIENT TRACKINGINFO
        [1] 1) "flags"
        2) 1) "off"
        3) "redirect"
        4) (integer) -1
        5) "prefixes"
        6) (empty array)
        1> HELLO 3
        [1] 1# "server" => "redis"
        2# "version" => "7.0.15"
        3# "proto" => (integer) 3
        4# "id" => (integer) 1
        5# "mode" => "standalone"
        6# "role" => "master"
        7# "modules" => (empty array)
        1> CLIENT TRACKINGINFO
        [1] 1# "flags" => 1) "off"
        2# "redirect" => (integer) -1
        3# "prefixes" => (empty array)
    "#]]
    .assert_eq(&got);
}

#[test]
fn client_pause_postpones_until_the_deadline_or_unpause() {
    let got = transcript(&[
        "CLIENT PAUSE",
        "CLIENT PAUSE x",
        "CLIENT PAUSE -1",
        "CLIENT PAUSE 10 foo",
        "CLIENT PAUSE 10 write foo",
        "SET a 1",
        "CLIENT PAUSE 100 WRITE",
        "2> GET a",
        "2> SET a 2",
        "3> MULTI",
        "3> INCR a",
        "3> EXEC",
        "sleep 99",
        "sleep 1",
        "CLIENT PAUSE 5000 WRITE",
        "2> SET a 3",
        "CLIENT UNPAUSE",
        "CLIENT PAUSE 1000 WRITE",
        "2> PUBLISH ch m",
        "CLIENT PAUSE 10",
        "CLIENT UNPAUSE",
        "2> GET a",
        "sleep 999",
        "sleep 1",
    ]);
    expect![[r#"
        1> CLIENT PAUSE
        [1] (error) ERR wrong number of arguments for 'client|pause' command
        1> CLIENT PAUSE x
        [1] (error) ERR timeout is not an integer or out of range
        1> CLIENT PAUSE -1
        [1] (error) ERR timeout is negative
        1> CLIENT PAUSE 10 foo
        [1] (error) ERR CLIENT PAUSE mode must be WRITE or ALL
        1> CLIENT PAUSE 10 write foo
        [1] (error) ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP.
        1> SET a 1
        [1] OK
        1> CLIENT PAUSE 100 WRITE
        [1] OK
        2> GET a
        [2] "1"
        2> SET a 2
        3> MULTI
        [3] OK
        3> INCR a
        3> EXEC
        sleep 99
        sleep 1
        [2] OK
        [3] QUEUED
        [3] 1) (integer) 3
        1> CLIENT PAUSE 5000 WRITE
        [1] OK
        2> SET a 3
        1> CLIENT UNPAUSE
        [1] OK
        [2] OK
        1> CLIENT PAUSE 1000 WRITE
        [1] OK
        2> PUBLISH ch m
        1> CLIENT PAUSE 10
        [1] OK
        1> CLIENT UNPAUSE
        2> GET a
        sleep 999
        sleep 1
        [1] OK
        [2] (integer) 0
        [2] "3"
    "#]]
    .assert_eq(&got);
}

#[test]
fn command_getkeys_from_key_specs() {
    let got = transcript(&[
        "COMMAND GETKEYS SET a b",
        "COMMAND GETKEYS MSET a 1 b 2",
        "COMMAND GETKEYS ZUNIONSTORE d 2 a b WEIGHTS 1 2",
        "COMMAND GETKEYS XREAD COUNT 2 STREAMS a b 0 0",
        "COMMAND GETKEYS XREADGROUP GROUP g c STREAMS s1 s2 0 0",
        "COMMAND GETKEYS OBJECT ENCODING k",
        "COMMAND GETKEYS LMPOP 2 a b LEFT",
        "COMMAND GETKEYS ZUNIONSTORE d x a",
        "COMMAND GETKEYS XREAD STREAMS a b 0",
        "COMMAND GETKEYS foo a",
        "COMMAND GETKEYS GET a b",
        "COMMAND GETKEYS PING a",
        "COMMAND GETKEYS CLIENT LIST",
        "COMMAND GETKEYS",
        "COMMAND GETKEYSANDFLAGS SET a b",
        "COMMAND GETKEYSANDFLAGS SET a b GET",
        "COMMAND GETKEYSANDFLAGS LMOVE a b LEFT RIGHT",
        "COMMAND GETKEYSANDFLAGS DEL a b",
    ]);
    expect![[r#"
        1> COMMAND GETKEYS SET a b
        [1] 1) "a"
        1> COMMAND GETKEYS MSET a 1 b 2
        [1] 1) "a"
        2) "b"
        1> COMMAND GETKEYS ZUNIONSTORE d 2 a b WEIGHTS 1 2
        [1] 1) "d"
        2) "a"
        3) "b"
        1> COMMAND GETKEYS XREAD COUNT 2 STREAMS a b 0 0
        [1] 1) "a"
        2) "b"
        1> COMMAND GETKEYS XREADGROUP GROUP g c STREAMS s1 s2 0 0
        [1] 1) "s1"
        2) "s2"
        1> COMMAND GETKEYS OBJECT ENCODING k
        [1] 1) "k"
        1> COMMAND GETKEYS LMPOP 2 a b LEFT
        [1] 1) "a"
        2) "b"
        1> COMMAND GETKEYS ZUNIONSTORE d x a
        [1] (error) ERR Invalid arguments specified for command
        1> COMMAND GETKEYS XREAD STREAMS a b 0
        [1] 1) "a"
        1> COMMAND GETKEYS foo a
        [1] (error) ERR Invalid command specified
        1> COMMAND GETKEYS GET a b
        [1] (error) ERR Invalid number of arguments specified for command
        1> COMMAND GETKEYS PING a
        [1] (error) ERR The command has no key arguments
        1> COMMAND GETKEYS CLIENT LIST
        [1] (error) ERR The command has no key arguments
        1> COMMAND GETKEYS
        [1] (error) ERR wrong number of arguments for 'command|getkeys' command
        1> COMMAND GETKEYSANDFLAGS SET a b
        [1] 1) 1) "a"
           2) 1) OW
              2) update
        1> COMMAND GETKEYSANDFLAGS SET a b GET
        [1] 1) 1) "a"
           2) 1) RW
              2) access
              3) update
        1> COMMAND GETKEYSANDFLAGS LMOVE a b LEFT RIGHT
        [1] 1) 1) "a"
           2) 1) RW
              2) access
              3) delete
        2) 1) "b"
           2) 1) RW
              2) insert
        1> COMMAND GETKEYSANDFLAGS DEL a b
        [1] 1) 1) "a"
           2) 1) RM
              2) delete
        2) 1) "b"
           2) 1) RM
              2) delete
    "#]]
    .assert_eq(&got);
}

#[test]
fn monitor_shows_commands_after_they_run() {
    let got = transcript(&[
        "MONITOR",
        "MONITOR",
        "2> SET a \"\\x00\\\"\\\\\\n\\x07x\"",
        "2> SELECT 2",
        "2> MULTI",
        "2> GET a",
        "2> EXEC",
        "2> CONFIG GET maxclients",
        "2> AUTH x",
        "2> HELLO 2 AUTH default pw",
        "2> FOO",
        "2> RESET",
        "PING",
        "RESET",
        "2> PING",
        "2> MULTI",
        "2> MONITOR",
        "2> EXEC",
    ]);
    expect![[r#"
        1> MONITOR
        [1] OK
        1> MONITOR
        2> SET a "\x00\"\\\n\x07x"
        [1] 1700000000.000000 [0 ] "SET" "a" "\x00\"\\\n\ax"
        [2] OK
        2> SELECT 2
        [1] 1700000000.000000 [2 ] "SELECT" "2"
        [2] OK
        2> MULTI
        [1] 1700000000.000000 [2 ] "MULTI"
        [2] OK
        2> GET a
        [2] QUEUED
        2> EXEC
        [1] 1700000000.000000 [2 ] "GET" "a"
        [1] 1700000000.000000 [2 ] "EXEC"
        [2] 1) (nil)
        2> CONFIG GET maxclients
        [2] 1) "maxclients"
        2) "10000"
        2> AUTH x
        [1] 1700000000.000000 [2 ] "AUTH" "(redacted)"
        [2] (error) ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?
        2> HELLO 2 AUTH default pw
        [1] 1700000000.000000 [2 ] "HELLO" "2" "AUTH" "(redacted)" "(redacted)"
        [2]  1) "server"
         2) "redis"
         3) "version"
         4) "7.0.15"
         5) "proto"
         6) (integer) 2
         7) "id"
         8) (integer) 2
         9) "mode"
        10) "standalone"
        11) "role"
        12) "master"
        13) "modules"
        14) (empty array)
        2> FOO
        [2] (error) ERR unknown command 'FOO', with args beginning with: 
        2> RESET
        [1] 1700000000.000000 [0 ] "RESET"
        [2] RESET
        1> PING
        [1] PONG
        [1] 1700000000.000000 [0 ] "PING"
        1> RESET
        [1] RESET
        2> PING
        [2] PONG
        2> MULTI
        [2] OK
        2> MONITOR
        [2] QUEUED
        2> EXEC
        [2] 1) (error) ERR MONITOR isn't allowed for DENY BLOCKING client
    "#]]
    .assert_eq(&got);
}
