//! Transcript tests of the server group (INFO, DBSIZE, FLUSHDB, FLUSHALL, TIME, CONFIG),
//! checked against redis-server 7.0.15.

use expect_test::expect;
use redlet_core::testkit::{transcript, Harness};

#[test]
fn dbsize_flush_time() {
    let got = transcript(&[
        "SET a 1",
        "SET b 2",
        "DBSIZE",
        "DBSIZE x",
        "SELECT 1",
        "SET c 3",
        "FLUSHDB x",
        "FLUSHDB ASYNC",
        "DBSIZE",
        "SELECT 0",
        "DBSIZE",
        "FLUSHALL SYNC x",
        "FLUSHALL sync",
        "DBSIZE",
        "TIME",
    ]);
    expect![[r#"
        1> SET a 1
        [1] OK
        1> SET b 2
        [1] OK
        1> DBSIZE
        [1] (integer) 2
        1> DBSIZE x
        [1] (error) ERR wrong number of arguments for 'dbsize' command
        1> SELECT 1
        [1] OK
        1> SET c 3
        [1] OK
        1> FLUSHDB x
        [1] (error) ERR syntax error
        1> FLUSHDB ASYNC
        [1] OK
        1> DBSIZE
        [1] (integer) 0
        1> SELECT 0
        [1] OK
        1> DBSIZE
        [1] (integer) 2
        1> FLUSHALL SYNC x
        [1] (error) ERR syntax error
        1> FLUSHALL sync
        [1] OK
        1> DBSIZE
        [1] (integer) 0
        1> TIME
        [1] 1) "1700000000"
        2) "0"
    "#]]
    .assert_eq(&got);
}

#[test]
fn config_get_and_set() {
    let got = transcript(&[
        "CONFIG GET maxmemory hz",
        "CONFIG GET hz hz",
        "CONFIG GET HZ",
        "CONFIG GET *max-*-entries*",
        "CONFIG GET",
        "CONFIG SET foo 1",
        "CONFIG SET databases 3",
        "CONFIG SET dir /tmp",
        "CONFIG SET appendonly maybe",
        "CONFIG SET maxclients x",
        "CONFIG SET maxclients 0",
        "CONFIG SET maxmemory 1x",
        "CONFIG SET maxmemory-policy foo",
        "CONFIG SET hz 1 hz 2",
        "CONFIG SET hz 5 foo 1",
        "CONFIG SET hz 5 maxclients x",
        "CONFIG GET hz",
        "CONFIG SET hz 1 hz",
        "CONFIG SET save \"1 2 3\"",
        "CONFIG SET timeout -1",
        "CONFIG SET proto-max-bulk-len 10",
        "CONFIG SET hz 600 maxmemory 1gb maxmemory-policy ALLKEYS-LRU",
        "CONFIG GET hz",
        "CONFIG GET maxmemory*",
        "CONFIG SET list-max-ziplist-size 5",
        "CONFIG GET list-max-listpack-size",
        "CONFIG RESETSTAT",
        "CONFIG RESETSTAT x",
        "CONFIG foo",
    ]);
    expect![[r#"
        1> CONFIG GET maxmemory hz
        [1] 1) "hz"
        2) "10"
        3) "maxmemory"
        4) "0"
        1> CONFIG GET hz hz
        [1] 1) "hz"
        2) "10"
        1> CONFIG GET HZ
        [1] 1) "HZ"
        2) "10"
        1> CONFIG GET *max-*-entries*
        [1]  1) "hash-max-listpack-entries"
         2) "512"
         3) "hash-max-ziplist-entries"
         4) "512"
         5) "set-max-intset-entries"
         6) "512"
         7) "zset-max-listpack-entries"
         8) "128"
         9) "zset-max-ziplist-entries"
        10) "128"
        1> CONFIG GET
        [1] (error) ERR wrong number of arguments for 'config|get' command
        1> CONFIG SET foo 1
        [1] (error) ERR Unknown option or number of arguments for CONFIG SET - 'foo'
        1> CONFIG SET databases 3
        [1] (error) ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config
        1> CONFIG SET dir /tmp
        [1] (error) ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config
        1> CONFIG SET appendonly maybe
        [1] (error) ERR CONFIG SET failed (possibly related to argument 'appendonly') - argument must be 'yes' or 'no'
        1> CONFIG SET maxclients x
        [1] (error) ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument couldn't be parsed into an integer
        1> CONFIG SET maxclients 0
        [1] (error) ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument must be between 1 and 4294967295 inclusive
        1> CONFIG SET maxmemory 1x
        [1] (error) ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value
        1> CONFIG SET maxmemory-policy foo
        [1] (error) ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction
        1> CONFIG SET hz 1 hz 2
        [1] (error) ERR CONFIG SET failed (possibly related to argument 'hz') - duplicate parameter
        1> CONFIG SET hz 5 foo 1
        [1] (error) ERR Unknown option or number of arguments for CONFIG SET - 'foo'
        1> CONFIG SET hz 5 maxclients x
        [1] (error) ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument couldn't be parsed into an integer
        1> CONFIG GET hz
        [1] 1) "hz"
        2) "10"
        1> CONFIG SET hz 1 hz
        [1] (error) ERR syntax error
        1> CONFIG SET save "1 2 3"
        [1] (error) ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters
        1> CONFIG SET timeout -1
        [1] (error) ERR CONFIG SET failed (possibly related to argument 'timeout') - argument must be between 0 and 2147483647 inclusive
        1> CONFIG SET proto-max-bulk-len 10
        [1] (error) ERR CONFIG SET failed (possibly related to argument 'proto-max-bulk-len') - argument must be between 1048576 and 9223372036854775807 inclusive
        1> CONFIG SET hz 600 maxmemory 1gb maxmemory-policy ALLKEYS-LRU
        [1] OK
        1> CONFIG GET hz
        [1] 1) "hz"
        2) "500"
        1> CONFIG GET maxmemory*
        [1]  1) "maxmemory"
         2) "1073741824"
         3) "maxmemory-clients"
         4) "0"
         5) "maxmemory-eviction-tenacity"
         6) "10"
         7) "maxmemory-policy"
         8) "allkeys-lru"
         9) "maxmemory-samples"
        10) "5"
        1> CONFIG SET list-max-ziplist-size 5
        [1] OK
        1> CONFIG GET list-max-listpack-size
        [1] 1) "list-max-listpack-size"
        2) "5"
        1> CONFIG RESETSTAT
        [1] OK
        1> CONFIG RESETSTAT x
        [1] (error) ERR wrong number of arguments for 'config|resetstat' command
        1> CONFIG foo
        [1] (error) ERR unknown subcommand 'foo'. Try CONFIG HELP.
    "#]]
    .assert_eq(&got);
}

#[test]
fn config_get_star_lists_every_redis_parameter() {
    let mut h = Harness::default();
    let all = h.cmd(1, "CONFIG GET *");
    // 173 parameters and 19 aliases, as Redis 7.0.15.
    assert_eq!(all.lines().count(), 2 * 192, "{all}");
}

#[test]
fn info_sections() {
    let mut h = Harness::default();
    h.cmd(1, "SET a 1");
    h.cmd(1, "SET b 2");
    h.server
        .state_mut()
        .dbs
        .get_mut(0)
        .expect("db 0")
        .set_expire(b"b", Some(h.now + 100_000));
    h.advance(11_000);
    h.cmd(2, "PING");
    let keyspace = h.cmd(1, "INFO keyspace");
    expect![[r##""# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=89000\r\n""##]].assert_eq(&keyspace);
    assert_eq!(h.cmd(1, "INFO foo"), "\"\"");
    let text = h.cmd(1, "INFO");
    for needle in [
        "# Server\\r\\nredis_version:7.0.15\\r\\n",
        "uptime_in_seconds:11\\r\\n",
        "\\r\\n\\r\\n# Clients\\r\\nconnected_clients:2\\r\\n",
        "blocked_clients:0\\r\\n",
        "# Memory\\r\\nused_memory:",
        "total_commands_processed:",
        "# Keyspace\\r\\n",
    ] {
        assert!(text.contains(needle), "{needle} missing in {text}");
    }
    assert!(!text.contains("# Commandstats"));
    let all = h.cmd(1, "INFO all");
    assert!(
        all.contains("# Commandstats\\r\\ncmdstat_info:calls="),
        "{all}"
    );
    let two = h.cmd(1, "INFO clients server");
    assert!(two.starts_with("\"# Server\\r\\n"), "{two}");
    h.cmd(1, "HELLO 3");
    h.send(1, "INFO keyspace");
    assert_eq!(
        h.take_raw(1),
        b"=52\r\ntxt:# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=89000\r\n\r\n".as_slice()
    );
}

#[test]
fn config_rewrite_keeps_the_file_and_updates_values() {
    use redlet_core::Config;
    let mut c = Config::default();
    c.set_param("maxmemory", "10mb").unwrap();
    c.set_param("maxmemory-policy", "allkeys-lru").unwrap();
    c.set_param("hz", "20").unwrap();
    c.set_param("save", "").unwrap();
    let old =
        "# my config\nport 6379\nsave 3600 1\nmaxmemory 1mb\n\n# trailing comment\nhz 10\nhz 30\n";
    // Checked against redis-server 7.0.15's CONFIG REWRITE of the same file and changes
    // (Redis also writes `dir` and its ACL `user` line, which redlet does not track).
    expect_test::expect![[r#"
        # my config
        port 6379
        save ""
        maxmemory 10mb

        # trailing comment
        hz 20

        # Generated by CONFIG REWRITE
        maxmemory-policy allkeys-lru
    "#]]
    .assert_eq(&c.rewrite_file(old));
}

#[test]
fn config_rewrite_without_a_file_is_refused() {
    let got = redlet_core::testkit::transcript(&["CONFIG REWRITE"]);
    expect_test::expect![[r#"
        1> CONFIG REWRITE
        [1] (error) ERR The server is running without a config file
    "#]]
    .assert_eq(&got);
}

/// INFO commandstats counts every command and subcommand apart (`client|id` and
/// `client|list`, as Redis 7.0), failed calls too, queued commands when EXEC runs them, and
/// nothing for refused ones (unknown, wrong arity); CONFIG RESETSTAT starts over and counts
/// itself. The counters are sorted by name.
#[test]
fn commandstats_count_commands_and_subcommands_apart() {
    let mut h = Harness::default();
    for line in [
        "SET a 1",
        "GET a",
        "get a",
        "CLIENT ID",
        "client list",
        "CLIENT NOSUCH",
        "INCR a",
        "LPUSH a x",
        "MULTI",
        "SET b 2",
        "client id",
        "EXEC",
        "GET",
        "NOSUCHCMD",
        "CONFIG GET hz",
    ] {
        h.cmd(1, line);
    }
    let before = h.cmd(1, "INFO commandstats");
    expect![[r##""# Commandstats\r\ncmdstat_client|id:calls=2,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\ncmdstat_client|list:calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\ncmdstat_config|get:calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\ncmdstat_exec:calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\ncmdstat_get:calls=2,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\ncmdstat_incr:calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\ncmdstat_lpush:calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=1\r\ncmdstat_multi:calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\ncmdstat_set:calls=2,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\n""##]].assert_eq(&before);
    h.cmd(1, "CONFIG RESETSTAT");
    h.cmd(1, "SET c 3");
    h.cmd(1, "OBJECT ENCODING c");
    let after = h.cmd(1, "INFO commandstats");
    expect![[r##""# Commandstats\r\ncmdstat_config|resetstat:calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\ncmdstat_object|encoding:calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\ncmdstat_set:calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\n""##]].assert_eq(&after);
}
