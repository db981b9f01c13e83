//! The server through a real client library (the `redis` crate, sync API) and through many
//! concurrent connections.

mod common;

use std::io::Write;

use common::{read_n, start};
use redis::{Commands, Value};

#[test]
fn ping_set_get_binary_safe() {
    let srv = start(&[]);
    let mut c = srv.client();
    let pong: String = redis::cmd("PING").query(&mut c).unwrap();
    assert_eq!(pong, "PONG");
    // Every byte value, CR LF and NUL included, in keys and values.
    let value: Vec<u8> = (0..=255u8).cycle().take(100_000).collect();
    let key: &[u8] = b"k\r\n\0\xff";
    let _: () = c.set(key, &value).unwrap();
    let got: Vec<u8> = c.get(key).unwrap();
    assert_eq!(got, value);
    let _: () = c.set("empty", "").unwrap();
    let got: Vec<u8> = c.get("empty").unwrap();
    assert!(got.is_empty());
    let missing: Option<Vec<u8>> = c.get("missing").unwrap();
    assert_eq!(missing, None);
    let echo: Vec<u8> = redis::cmd("ECHO")
        .arg(&value[..1000])
        .query(&mut c)
        .unwrap();
    assert_eq!(echo, &value[..1000]);
}

#[test]
fn pipelines_and_select() {
    let srv = start(&[]);
    let mut c = srv.client();
    let mut p = redis::pipe();
    for i in 0..1000 {
        p.cmd("SET").arg(format!("key:{i}")).arg(i).ignore();
    }
    for i in (0..1000).step_by(100) {
        p.cmd("GET").arg(format!("key:{i}"));
    }
    let got: Vec<i64> = p.query(&mut c).unwrap();
    assert_eq!(got, (0..1000).step_by(100).collect::<Vec<i64>>());

    // SELECT: databases are separate; an out-of-range index is an error.
    let _: () = redis::cmd("SELECT").arg(1).query(&mut c).unwrap();
    let _: () = c.set("key:0", "db1").unwrap();
    let v: String = c.get("key:0").unwrap();
    assert_eq!(v, "db1");
    let _: () = redis::cmd("SELECT").arg(0).query(&mut c).unwrap();
    let v: i64 = c.get("key:0").unwrap();
    assert_eq!(v, 0);
    let err = redis::cmd("SELECT")
        .arg(16)
        .query::<()>(&mut c)
        .unwrap_err();
    assert_eq!(err.detail(), Some("DB index is out of range"));
    // The connection survives the error.
    let v: Value = redis::cmd("PING").query(&mut c).unwrap();
    assert_eq!(v, Value::SimpleString("PONG".into()));
}

#[test]
fn databases_option_is_applied() {
    let srv = start(&["--databases", "2"]);
    let mut c = srv.client();
    let _: () = redis::cmd("SELECT").arg(1).query(&mut c).unwrap();
    let err = redis::cmd("SELECT").arg(2).query::<()>(&mut c).unwrap_err();
    assert_eq!(err.detail(), Some("DB index is out of range"));
}

#[test]
fn two_hundred_concurrent_clients() {
    let srv = start(&[]);
    let port = srv.port;
    let threads: Vec<_> = (0..200)
        .map(|t| {
            std::thread::spawn(move || {
                let mut c = redis::Client::open(format!("redis://127.0.0.1:{port}/"))
                    .unwrap()
                    .get_connection()
                    .unwrap();
                for i in 0..50 {
                    let k = format!("c{t}:{i}");
                    let _: () = c.set(&k, format!("v{t}:{i}")).unwrap();
                    let v: String = c.get(&k).unwrap();
                    assert_eq!(v, format!("v{t}:{i}"));
                }
                c
            })
        })
        .collect();
    // Hold every connection open until all are done, so 200 are connected at once.
    let conns: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(conns.len(), 200);
    let mut c = srv.client();
    let v: String = c.get("c199:49").unwrap();
    assert_eq!(v, "v199:49");
}

#[test]
fn maxclients_refuses_with_the_redis_error() {
    let srv = start(&["--maxclients", "2"]);
    let _a = srv.raw();
    let _b = srv.raw();
    // Give the server a moment to register both before the third arrives.
    std::thread::sleep(std::time::Duration::from_millis(100));
    let mut third = srv.raw();
    let got = common::read_to_close(&mut third);
    assert_eq!(got, b"-ERR max number of clients reached\r\n");
    drop(_a);
    std::thread::sleep(std::time::Duration::from_millis(100));
    let mut fourth = srv.raw();
    fourth.write_all(b"PING\r\n").unwrap();
    assert_eq!(read_n(&mut fourth, 7), b"+PONG\r\n");
}

#[test]
fn quit_replies_ok_then_closes() {
    let srv = start(&[]);
    let mut s = srv.raw();
    s.write_all(b"PING\r\nQUIT\r\nPING\r\n").unwrap();
    assert_eq!(common::read_to_close(&mut s), b"+PONG\r\n+OK\r\n");
}

#[test]
fn requests_split_across_reads() {
    let srv = start(&[]);
    let mut s = srv.raw();
    s.set_nodelay(true).unwrap();
    let value = vec![b'v'; 50_000];
    let mut req = b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$50000\r\n".to_vec();
    req.extend_from_slice(&value);
    req.extend_from_slice(b"\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
    // Byte by byte through the headers, then in uneven chunks, pausing so reads split.
    for (i, chunk) in req.chunks(7919).enumerate() {
        if i == 0 {
            for b in &chunk[..30] {
                s.write_all(std::slice::from_ref(b)).unwrap();
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            s.write_all(&chunk[30..]).unwrap();
        } else {
            s.write_all(chunk).unwrap();
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let mut want = b"+OK\r\n$50000\r\n".to_vec();
    want.extend_from_slice(&value);
    want.extend_from_slice(b"\r\n");
    assert_eq!(read_n(&mut s, want.len()), want);
}
