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
        [1] 1) "subscribe"
        2) "unsubscribe"
        3) "psubscribe"
        4) "punsubscribe"
        5) "publish"
        6) "pubsub|channels"
        7) "pubsub|numpat"
        8) "pubsub|numsub"
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
