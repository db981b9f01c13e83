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

/// The whole INFO EVERYTHING text for a fixed state, pinned byte for byte: keys in two
/// databases (with and without expiries), a memory figure in the K range, maxmemory and a
/// policy set, subscriptions, a running BGSAVE, per-command stats, then the AOF fields an
/// enabled AOF adds and the error statuses.
#[test]
fn info_everything_text_is_pinned() {
    let mut h = Harness::default();
    for line in [
        "CONFIG SET maxmemory 3000000 maxmemory-policy allkeys-lru hz 7",
        "SET a 1",
        "SET b 2",
        "RPUSH l x y z",
        "XADD s 1-1 f v",
        "SELECT 2",
        "SET c 3",
        "GET nosuch",
        "GET c",
        "INCR nosuch",
        "LPUSH c x",
    ] {
        h.cmd(1, line);
    }
    h.cmd(2, "SUBSCRIBE ch1 ch2");
    h.cmd(3, "PSUBSCRIBE p*");
    h.server
        .state_mut()
        .dbs
        .get_mut(0)
        .expect("db 0")
        .set_expire(b"b", Some(h.now + 100_000));
    h.cmd(1, &format!("SET big {}", "x".repeat(2000)));
    {
        let st = h.server.state_mut();
        st.persist.bgsave_started = Some(h.now - 3000);
        st.persist.last_bgsave_secs = Some(4);
        st.persist.saves = 2;
        st.persist.last_load = (5, 6);
    }
    h.advance(90_061_000);
    let db0 = h.server.state_mut().dbs.get_mut(0).expect("db 0");
    db0.set_expire(b"a", Some(h.now + 5_000));
    db0.set_expire(b"l", Some(h.now + 2_001));
    let all = h.cmd(1, "INFO everything");
    expect![[r##""# Server\r\nredis_version:7.0.15\r\nredis_git_sha1:00000000\r\nredis_git_dirty:0\r\nredis_build_id:0\r\nredis_mode:standalone\r\nos:redlet\r\narch_bits:64\r\nmonotonic_clock:redlet\r\nmultiplexing_api:redlet\r\natomicvar_api:c11-builtin\r\ngcc_version:0.0.0\r\nprocess_id:0\r\nprocess_supervised:no\r\nrun_id:4e467e99022605fec452527638f50460e15d3d70\r\ntcp_port:6379\r\nserver_time_usec:1700090061000000\r\nuptime_in_seconds:90061\r\nuptime_in_days:1\r\nhz:7\r\nconfigured_hz:7\r\nlru_clock:5591245\r\nexecutable:\r\nconfig_file:\r\nio_threads_active:0\r\n\r\n# Clients\r\nconnected_clients:3\r\ncluster_connections:0\r\nmaxclients:10000\r\nclient_recent_max_input_buffer:0\r\nclient_recent_max_output_buffer:0\r\nblocked_clients:0\r\ntracking_clients:0\r\nclients_in_timeout_table:0\r\n\r\n# Memory\r\nused_memory:868707\r\nused_memory_human:848.35K\r\nused_memory_rss:868707\r\nused_memory_rss_human:848.35K\r\nused_memory_peak:868707\r\nused_memory_peak_human:848.35K\r\nused_memory_peak_perc:100.00%\r\nused_memory_overhead:866000\r\nused_memory_startup:866000\r\nused_memory_dataset:2707\r\nused_memory_dataset_perc:0.31%\r\ntotal_system_memory:0\r\ntotal_system_memory_human:0B\r\nmaxmemory:3000000\r\nmaxmemory_human:2.86M\r\nmaxmemory_policy:allkeys-lru\r\nmem_fragmentation_ratio:1.00\r\nmem_allocator:redlet\r\nlazyfree_pending_objects:0\r\n\r\n# Persistence\r\nloading:0\r\nasync_loading:0\r\nrdb_changes_since_last_save:8\r\nrdb_bgsave_in_progress:1\r\nrdb_last_save_time:1700000000\r\nrdb_last_bgsave_status:ok\r\nrdb_last_bgsave_time_sec:4\r\nrdb_current_bgsave_time_sec:90064\r\nrdb_saves:2\r\nrdb_last_load_keys_expired:6\r\nrdb_last_load_keys_loaded:5\r\naof_enabled:0\r\naof_rewrite_in_progress:0\r\naof_rewrite_scheduled:0\r\naof_last_rewrite_time_sec:-1\r\naof_current_rewrite_time_sec:-1\r\naof_last_bgrewrite_status:ok\r\naof_rewrites:0\r\naof_last_write_status:ok\r\n\r\n# Stats\r\ntotal_connections_received:3\r\ntotal_commands_processed:14\r\ninstantaneous_ops_per_sec:0\r\ntotal_net_input_bytes:2528\r\ntotal_net_output_bytes:224\r\ninstantaneous_input_kbps:0.00\r\ninstantaneous_output_kbps:0.00\r\nrejected_connections:0\r\nsync_full:0\r\nsync_partial_ok:0\r\nsync_partial_err:0\r\nexpired_keys:1\r\nexpired_stale_perc:0.00\r\nexpired_time_cap_reached_count:0\r\nevicted_keys:0\r\nevicted_clients:0\r\nkeyspace_hits:1\r\nkeyspace_misses:1\r\npubsub_channels:2\r\npubsub_patterns:1\r\npubsubshard_channels:0\r\nlatest_fork_usec:0\r\ntotal_forks:0\r\nunexpected_error_replies:0\r\ntotal_error_replies:1\r\n\r\n# Replication\r\nrole:master\r\nconnected_slaves:0\r\nmaster_failover_state:no-failover\r\nmaster_replid:38d9a17cab582b1bb6d1fd590c858cfda6179370\r\nmaster_replid2:0000000000000000000000000000000000000000\r\nmaster_repl_offset:0\r\nsecond_repl_offset:-1\r\nrepl_backlog_active:0\r\nrepl_backlog_size:1048576\r\nrepl_backlog_first_byte_offset:0\r\nrepl_backlog_histlen:0\r\n\r\n# CPU\r\nused_cpu_sys:0.000000\r\nused_cpu_user:0.000000\r\nused_cpu_sys_children:0.000000\r\nused_cpu_user_children:0.000000\r\nused_cpu_sys_main_thread:0.000000\r\nused_cpu_user_main_thread:0.000000\r\n\r\n# Modules\r\n\r\n# Commandstats\r\ncmdstat_config|set:calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\ncmdstat_get:calls=2,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\ncmdstat_incr:calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\ncmdstat_lpush:calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=1\r\ncmdstat_psubscribe:calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\ncmdstat_rpush:calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\ncmdstat_select:calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\ncmdstat_set:calls=4,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\ncmdstat_subscribe:calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\ncmdstat_xadd:calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\n\r\n# Errorstats\r\n\r\n# Latencystats\r\n\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n# Keyspace\r\ndb0:keys=3,expires=2,avg_ttl=3500\r\ndb2:keys=3,expires=0,avg_ttl=0\r\n""##]].assert_eq(&all);
    {
        let st = h.server.state_mut();
        st.persistence.aof_enabled = true;
        st.persistence.aof_rewrite_in_progress = true;
        st.persistence.aof_rewrite_started = Some(h.now - 2500);
        st.persistence.aof_rewrites = 3;
        st.persistence.aof_last_rewrite_time_sec = 1;
        st.persistence.aof_last_bgrewrite_ok = false;
        st.persistence.aof_last_write_ok = true;
        st.persistence.aof_current_size = 123;
        st.persistence.aof_base_size = 45;
        st.persistence.loading = true;
        st.persist.last_bgsave_failed = true;
        st.persist.bgsave_started = None;
    }
    h.cmd(1, &format!("SET huge {}", "y".repeat(3_000_000)));
    let sections = h.cmd(1, "INFO persistence MEMORY keyspace nosuch server");
    expect![[r##""# Server\r\nredis_version:7.0.15\r\nredis_git_sha1:00000000\r\nredis_git_dirty:0\r\nredis_build_id:0\r\nredis_mode:standalone\r\nos:redlet\r\narch_bits:64\r\nmonotonic_clock:redlet\r\nmultiplexing_api:redlet\r\natomicvar_api:c11-builtin\r\ngcc_version:0.0.0\r\nprocess_id:0\r\nprocess_supervised:no\r\nrun_id:4e467e99022605fec452527638f50460e15d3d70\r\ntcp_port:6379\r\nserver_time_usec:1700090061000000\r\nuptime_in_seconds:90061\r\nuptime_in_days:1\r\nhz:7\r\nconfigured_hz:7\r\nlru_clock:5591245\r\nexecutable:\r\nconfig_file:\r\nio_threads_active:0\r\n\r\n# Memory\r\nused_memory:3868783\r\nused_memory_human:3.69M\r\nused_memory_rss:3868783\r\nused_memory_rss_human:3.69M\r\nused_memory_peak:3868783\r\nused_memory_peak_human:3.69M\r\nused_memory_peak_perc:100.00%\r\nused_memory_overhead:866000\r\nused_memory_startup:866000\r\nused_memory_dataset:3002783\r\nused_memory_dataset_perc:77.62%\r\ntotal_system_memory:0\r\ntotal_system_memory_human:0B\r\nmaxmemory:3000000\r\nmaxmemory_human:2.86M\r\nmaxmemory_policy:allkeys-lru\r\nmem_fragmentation_ratio:1.00\r\nmem_allocator:redlet\r\nlazyfree_pending_objects:0\r\n\r\n# Persistence\r\nloading:1\r\nasync_loading:0\r\nrdb_changes_since_last_save:9\r\nrdb_bgsave_in_progress:0\r\nrdb_last_save_time:1700000000\r\nrdb_last_bgsave_status:err\r\nrdb_last_bgsave_time_sec:4\r\nrdb_current_bgsave_time_sec:-1\r\nrdb_saves:2\r\nrdb_last_load_keys_expired:6\r\nrdb_last_load_keys_loaded:5\r\naof_enabled:1\r\naof_rewrite_in_progress:1\r\naof_rewrite_scheduled:0\r\naof_last_rewrite_time_sec:1\r\naof_current_rewrite_time_sec:2\r\naof_last_bgrewrite_status:err\r\naof_rewrites:3\r\naof_last_write_status:ok\r\naof_current_size:123\r\naof_base_size:45\r\naof_pending_rewrite:0\r\naof_buffer_length:0\r\naof_pending_bio_fsync:0\r\naof_delayed_fsync:0\r\n\r\n# Keyspace\r\ndb0:keys=3,expires=2,avg_ttl=3500\r\ndb2:keys=4,expires=0,avg_ttl=0\r\n""##]].assert_eq(&sections);
    h.cmd(1, "HELLO 3");
    h.cmd(1, "CONFIG SET maxmemory 5000000000");
    let all = h.cmd(1, "INFO all memory");
    expect![[r##""# Server\r\nredis_version:7.0.15\r\nredis_git_sha1:00000000\r\nredis_git_dirty:0\r\nredis_build_id:0\r\nredis_mode:standalone\r\nos:redlet\r\narch_bits:64\r\nmonotonic_clock:redlet\r\nmultiplexing_api:redlet\r\natomicvar_api:c11-builtin\r\ngcc_version:0.0.0\r\nprocess_id:0\r\nprocess_supervised:no\r\nrun_id:4e467e99022605fec452527638f50460e15d3d70\r\ntcp_port:6379\r\nserver_time_usec:1700090061000000\r\nuptime_in_seconds:90061\r\nuptime_in_days:1\r\nhz:7\r\nconfigured_hz:7\r\nlru_clock:5591245\r\nexecutable:\r\nconfig_file:\r\nio_threads_active:0\r\n\r\n# Clients\r\nconnected_clients:3\r\ncluster_connections:0\r\nmaxclients:10000\r\nclient_recent_max_input_buffer:0\r\nclient_recent_max_output_buffer:0\r\nblocked_clients:0\r\ntracking_clients:0\r\nclients_in_timeout_table:0\r\n\r\n# Memory\r\nused_memory:3868783\r\nused_memory_human:3.69M\r\nused_memory_rss:3868783\r\nused_memory_rss_human:3.69M\r\nused_memory_peak:3868783\r\nused_memory_peak_human:3.69M\r\nused_memory_peak_perc:100.00%\r\nused_memory_overhead:866000\r\nused_memory_startup:866000\r\nused_memory_dataset:3002783\r\nused_memory_dataset_perc:77.62%\r\ntotal_system_memory:0\r\ntotal_system_memory_human:0B\r\nmaxmemory:5000000000\r\nmaxmemory_human:4.66G\r\nmaxmemory_policy:allkeys-lru\r\nmem_fragmentation_ratio:1.00\r\nmem_allocator:redlet\r\nlazyfree_pending_objects:0\r\n\r\n# Persistence\r\nloading:1\r\nasync_loading:0\r\nrdb_changes_since_last_save:9\r\nrdb_bgsave_in_progress:0\r\nrdb_last_save_time:1700000000\r\nrdb_last_bgsave_status:err\r\nrdb_last_bgsave_time_sec:4\r\nrdb_current_bgsave_time_sec:-1\r\nrdb_saves:2\r\nrdb_last_load_keys_expired:6\r\nrdb_last_load_keys_loaded:5\r\naof_enabled:1\r\naof_rewrite_in_progress:1\r\naof_rewrite_scheduled:0\r\naof_last_rewrite_time_sec:1\r\naof_current_rewrite_time_sec:2\r\naof_last_bgrewrite_status:err\r\naof_rewrites:3\r\naof_last_write_status:ok\r\naof_current_size:123\r\naof_base_size:45\r\naof_pending_rewrite:0\r\naof_buffer_length:0\r\naof_pending_bio_fsync:0\r\naof_delayed_fsync:0\r\n\r\n# Stats\r\ntotal_connections_received:3\r\ntotal_commands_processed:19\r\ninstantaneous_ops_per_sec:0\r\ntotal_net_input_bytes:3002759\r\ntotal_net_output_bytes:5995\r\ninstantaneous_input_kbps:0.00\r\ninstantaneous_output_kbps:0.00\r\nrejected_connections:0\r\nsync_full:0\r\nsync_partial_ok:0\r\nsync_partial_err:0\r\nexpired_keys:1\r\nexpired_stale_perc:0.00\r\nexpired_time_cap_reached_count:0\r\nevicted_keys:0\r\nevicted_clients:0\r\nkeyspace_hits:1\r\nkeyspace_misses:1\r\npubsub_channels:2\r\npubsub_patterns:1\r\npubsubshard_channels:0\r\nlatest_fork_usec:0\r\ntotal_forks:0\r\nunexpected_error_replies:0\r\ntotal_error_replies:1\r\n\r\n# Replication\r\nrole:master\r\nconnected_slaves:0\r\nmaster_failover_state:no-failover\r\nmaster_replid:38d9a17cab582b1bb6d1fd590c858cfda6179370\r\nmaster_replid2:0000000000000000000000000000000000000000\r\nmaster_repl_offset:0\r\nsecond_repl_offset:-1\r\nrepl_backlog_active:0\r\nrepl_backlog_size:1048576\r\nrepl_backlog_first_byte_offset:0\r\nrepl_backlog_histlen:0\r\n\r\n# CPU\r\nused_cpu_sys:0.000000\r\nused_cpu_user:0.000000\r\nused_cpu_sys_children:0.000000\r\nused_cpu_user_children:0.000000\r\nused_cpu_sys_main_thread:0.000000\r\nused_cpu_user_main_thread:0.000000\r\n\r\n# Modules\r\n\r\n# Commandstats\r\ncmdstat_config|set:calls=2,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\ncmdstat_get:calls=2,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\ncmdstat_hello:calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\ncmdstat_incr:calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\ncmdstat_info:calls=2,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\ncmdstat_lpush:calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=1\r\ncmdstat_psubscribe:calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\ncmdstat_rpush:calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\ncmdstat_select:calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\ncmdstat_set:calls=5,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\ncmdstat_subscribe:calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\ncmdstat_xadd:calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0\r\n\r\n# Errorstats\r\n\r\n# Latencystats\r\n\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n# Keyspace\r\ndb0:keys=3,expires=2,avg_ttl=3500\r\ndb2:keys=4,expires=0,avg_ttl=0\r\n""##]].assert_eq(&all);
}

/// INFO stats' keyspace_hits / keyspace_misses: read lookups count, write lookups do not; the
/// counts of every database add up and survive SWAPDB and FLUSHALL; CONFIG RESETSTAT zeroes
/// them (the figures are redis-server 7.0.15's for the same commands).
#[test]
fn keyspace_hits_and_misses() {
    let mut h = Harness::default();
    let counters = |h: &mut Harness| {
        let info = h.cmd(1, "INFO stats");
        ["keyspace_hits:", "keyspace_misses:"].map(|name| {
            // The rendered reply shows CRLF escaped.
            info.split("\\r\\n")
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or_else(|| panic!("INFO stats has {name}"))
        })
    };
    assert_eq!(counters(&mut h), [0, 0]);
    for line in [
        "SET a 1",
        "GET a",
        "GET nx",
        "INCR n",
        "RPUSH l x",
        "LLEN a",
    ] {
        h.cmd(1, line);
    }
    assert_eq!(
        counters(&mut h),
        [2, 1],
        "GET hit, GET miss, LLEN WRONGTYPE hit"
    );
    h.cmd(2, "SELECT 1");
    h.cmd(2, "MGET a l nx");
    assert_eq!(counters(&mut h), [2, 4], "three misses in database 1");
    for line in ["SWAPDB 0 1", "FLUSHALL", "GET a"] {
        h.cmd(1, line);
    }
    assert_eq!(counters(&mut h), [2, 5]);
    h.cmd(1, "CONFIG RESETSTAT");
    assert_eq!(counters(&mut h), [0, 0]);
}
