//! The exported JavaScript API, run on node by wasm-bindgen-test
//! (`cargo test -p redlet-wasm --target wasm32-unknown-unknown`).
//!
//! Time is virtual: the tests pass explicit milliseconds to `tick`, never sleep.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Promise, Reflect, Uint8Array};
use redlet_wasm::{encode_command, explain, render_replies, Function, Playground};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

const T0: f64 = 1_700_000_000_000.0;

type Seen = Rc<RefCell<Option<String>>>;

/// The promise `send` returns, as js-sys's type (for `JsFuture` and `then`).
fn promise(p: redlet_wasm::Promise) -> Promise {
    p.unchecked_into()
}

/// Records the promise's bytes (as escaped text) once it resolves.
fn watch(p: Promise) -> Seen {
    let seen: Seen = Rc::new(RefCell::new(None));
    let s = seen.clone();
    let cb = Closure::once(move |v: JsValue| {
        *s.borrow_mut() = Some(text(&Uint8Array::new(&v).to_vec()));
    });
    let _ = p.then(&cb);
    cb.forget();
    seen
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b)
        .replace('\r', "\\r")
        .replace('\n', "\\n")
}

/// Lets every queued promise reaction run.
async fn settle() {
    for _ in 0..3 {
        let _ = JsFuture::from(Promise::resolve(&JsValue::NULL)).await;
    }
}

async fn cmd(pg: &mut Playground, client: u32, line: &str) -> String {
    let req = encode_command(line)
        .expect("test lines are balanced")
        .to_vec();
    let p = pg.send(client, &req).expect("client is open and idle");
    let v = JsFuture::from(promise(p))
        .await
        .expect("send promises never reject");
    text(&Uint8Array::new(&v).to_vec())
}

fn send(pg: &mut Playground, client: u32, line: &str) -> Seen {
    let req = encode_command(line)
        .expect("test lines are balanced")
        .to_vec();
    watch(promise(
        pg.send(client, &req).expect("client is open and idle"),
    ))
}

type Pushes = Rc<RefCell<Vec<(u32, Option<String>)>>>;

fn record_pushes(pg: &mut Playground) -> Pushes {
    let pushes: Pushes = Rc::default();
    let p = pushes.clone();
    let cb = Closure::<dyn FnMut(u32, JsValue)>::new(move |c: u32, v: JsValue| {
        let bytes = if v.is_null() {
            None
        } else {
            Some(text(&Uint8Array::new(&v).to_vec()))
        };
        p.borrow_mut().push((c, bytes));
    });
    pg.on_push(cb.as_ref().clone().unchecked_into::<Function>());
    cb.forget();
    pushes
}

#[wasm_bindgen_test]
async fn blpop_stays_pending_until_another_client_pushes() {
    let mut pg = Playground::new(T0);
    let (c1, c2) = (pg.add_client(), pg.add_client());
    let blpop = send(&mut pg, c1, "BLPOP jobs 0");
    settle().await;
    assert_eq!(*blpop.borrow(), None, "BLPOP on an empty list must block");
    assert!(!pg.blocked_info(c1).is_null());
    assert_eq!(cmd(&mut pg, c2, "RPUSH jobs a").await, ":1\\r\\n");
    settle().await;
    assert_eq!(
        blpop.borrow().as_deref(),
        Some("*2\\r\\n$4\\r\\njobs\\r\\n$1\\r\\na\\r\\n")
    );
    assert!(pg.blocked_info(c1).is_null());
}

#[wasm_bindgen_test]
async fn blpop_timeout_resolves_nil_in_virtual_time() {
    let mut pg = Playground::new(T0);
    let c1 = pg.add_client();
    let blpop = send(&mut pg, c1, "BLPOP jobs 1.5");
    assert_eq!(pg.poll_timeout(), Some(T0 + 1500.0));
    pg.tick(T0 + 1499.0);
    settle().await;
    assert_eq!(*blpop.borrow(), None);
    pg.tick(T0 + 1500.0);
    settle().await;
    assert_eq!(blpop.borrow().as_deref(), Some("*-1\\r\\n"));
    assert_eq!(pg.poll_timeout(), None);
}

#[wasm_bindgen_test]
async fn xread_block_is_served_by_another_clients_xadd() {
    let mut pg = Playground::new(T0);
    let (c1, c2) = (pg.add_client(), pg.add_client());
    let xread = send(&mut pg, c1, "XREAD BLOCK 5000 STREAMS events $");
    settle().await;
    assert_eq!(
        *xread.borrow(),
        None,
        "XREAD BLOCK on no new entries must block"
    );
    assert_eq!(pg.poll_timeout(), Some(T0 + 5000.0));
    assert_eq!(
        cmd(&mut pg, c2, "XADD events 1-1 type login").await,
        "$3\\r\\n1-1\\r\\n"
    );
    settle().await;
    assert_eq!(
        xread.borrow().as_deref(),
        Some("*1\\r\\n*2\\r\\n$6\\r\\nevents\\r\\n*1\\r\\n*2\\r\\n$3\\r\\n1-1\\r\\n*2\\r\\n$4\\r\\ntype\\r\\n$5\\r\\nlogin\\r\\n")
    );
}

#[wasm_bindgen_test]
async fn hello_3_changes_the_encoding_of_that_client_only() {
    let mut pg = Playground::new(T0);
    let (c1, c2) = (pg.add_client(), pg.add_client());
    let hello = cmd(&mut pg, c1, "HELLO 3").await;
    assert!(hello.starts_with("%7\\r\\n$6\\r\\nserver"), "{hello}");
    assert_eq!(cmd(&mut pg, c1, "GET missing").await, "_\\r\\n");
    assert_eq!(cmd(&mut pg, c2, "GET missing").await, "$-1\\r\\n");
    assert_eq!(cmd(&mut pg, c1, "HELLO 2").await.get(..4), Some("*14\\"));
    assert_eq!(cmd(&mut pg, c1, "GET missing").await, "$-1\\r\\n");
}

#[wasm_bindgen_test]
async fn protocol_error_closes_only_that_client() {
    let mut pg = Playground::new(T0);
    let pushes = record_pushes(&mut pg);
    let (c1, c2) = (pg.add_client(), pg.add_client());
    let reply = JsFuture::from(promise(pg.send(c1, b"*1\r\n$x\r\n").unwrap()))
        .await
        .unwrap();
    assert_eq!(
        text(&Uint8Array::new(&reply).to_vec()),
        "-ERR Protocol error: invalid bulk length\\r\\n"
    );
    assert!(!pg.is_open(c1));
    assert_eq!(*pushes.borrow(), vec![(c1, None)]);
    assert!(
        pg.send(c1, b"PING\r\n").is_err(),
        "a closed client cannot send"
    );
    assert!(pg.is_open(c2));
    assert_eq!(cmd(&mut pg, c2, "PING").await, "+PONG\\r\\n");
}

#[wasm_bindgen_test]
async fn subscribed_client_receives_publish_as_a_push() {
    let mut pg = Playground::new(T0);
    let pushes = record_pushes(&mut pg);
    let (c1, c2) = (pg.add_client(), pg.add_client());
    assert_eq!(
        cmd(&mut pg, c1, "SUBSCRIBE news").await,
        "*3\\r\\n$9\\r\\nsubscribe\\r\\n$4\\r\\nnews\\r\\n:1\\r\\n"
    );
    assert_eq!(cmd(&mut pg, c2, "PUBLISH news hi").await, ":1\\r\\n");
    assert_eq!(
        *pushes.borrow(),
        vec![(
            c1,
            Some("*3\\r\\n$7\\r\\nmessage\\r\\n$4\\r\\nnews\\r\\n$2\\r\\nhi\\r\\n".into())
        )]
    );
}

#[wasm_bindgen_test]
async fn keyspace_ttl_counts_down_and_expires_on_tick() {
    let mut pg = Playground::new(T0);
    let c1 = pg.add_client();
    assert_eq!(
        cmd(&mut pg, c1, "SET greeting hello PX 2000").await,
        "+OK\\r\\n"
    );
    pg.tick(T0 + 500.0);
    let keys = Array::from(&pg.keyspace(0, 100));
    assert_eq!(keys.length(), 1);
    let k = keys.get(0);
    let field = |name: &str| Reflect::get(&k, &name.into()).unwrap();
    assert_eq!(field("key").as_string().as_deref(), Some("greeting"));
    assert_eq!(field("type").as_string().as_deref(), Some("string"));
    assert_eq!(field("ttl").as_f64(), Some(1500.0));
    assert_eq!(field("preview").as_string().as_deref(), Some("\"hello\""));
    assert_eq!(pg.poll_timeout(), Some(T0 + 2000.0));
    pg.tick(T0 + 2000.0);
    assert_eq!(Array::from(&pg.keyspace(0, 100)).length(), 0);
}

/// Structured results travel as JSON text: quotes, backslashes, newlines and control
/// characters in keys and replies come back to JS exactly.
#[wasm_bindgen_test]
async fn structured_results_keep_every_character() {
    let mut pg = Playground::new(T0);
    let c1 = pg.add_client();
    let key = "a\"b\\c\nd\u{1}é";
    let mut req = b"*3\r\n$3\r\nSET\r\n$".to_vec();
    req.extend_from_slice(format!("{}\r\n{key}\r\n$1\r\nv\r\n", key.len()).as_bytes());
    let p = pg.send(c1, &req).expect("client is open and idle");
    let v = JsFuture::from(promise(p))
        .await
        .expect("send promises never reject");
    assert_eq!(text(&Uint8Array::new(&v).to_vec()), "+OK\\r\\n");
    let keys = Array::from(&pg.keyspace(0, 100));
    let k = Reflect::get(&keys.get(0), &"key".into()).unwrap();
    assert_eq!(k.as_string().as_deref(), Some(key));
    let ttl = Reflect::get(&keys.get(0), &"ttl".into()).unwrap();
    assert_eq!(ttl.as_f64(), Some(-1.0));

    let r = render_replies(b"$3\r\n\"\\\n\r\n:1\r\n-ERR x\r\n$2\r\nab");
    let replies = Array::from(&Reflect::get(&r, &"replies".into()).unwrap());
    let got: Vec<String> = replies.iter().map(|v| v.as_string().unwrap()).collect();
    assert_eq!(got, ["\"\\\"\\\\\\n\"", "(integer) 1", "(error) ERR x"]);
    assert_eq!(
        Reflect::get(&r, &"used".into()).unwrap().as_f64(),
        Some(21.0)
    );
    assert!(Reflect::get(&r, &"error".into()).unwrap().is_null());
}

#[wasm_bindgen_test]
fn command_table_and_explainer_are_exported() {
    let pg = Playground::new(T0);
    let table = Array::from(&pg.commands());
    let get = table
        .iter()
        .find(|c| {
            Reflect::get(c, &"name".into())
                .unwrap()
                .as_string()
                .as_deref()
                == Some("get")
        })
        .expect("GET is in the table");
    assert_eq!(
        Reflect::get(&get, &"arity".into()).unwrap().as_f64(),
        Some(2.0)
    );
    assert_eq!(
        Reflect::get(&get, &"group".into())
            .unwrap()
            .as_string()
            .as_deref(),
        Some("string")
    );
    let parts = Array::from(&explain(b"*1\r\n$4\r\nPING\r\n"));
    let kinds: Vec<String> = parts
        .iter()
        .map(|p| {
            Reflect::get(&p, &"kind".into())
                .unwrap()
                .as_string()
                .unwrap()
        })
        .collect();
    assert_eq!(
        kinds.join(" "),
        "type length crlf type length crlf payload crlf"
    );
}

/// Every type, TTLs, a second database, and a stream with a consumer group, pending entries
/// and a consumer without any (the commands of core/tests/fixtures/gen-rdb-fixtures.sh).
const ALL_TYPES: &[&str] = &[
    "SET str:text hello",
    "SET str:int 12345",
    "SET str:ttl soon PX 60000",
    "RPUSH list a b 3 -4 500",
    "SADD set:intset 1 -2 300",
    "SADD set:hashtable a b 1",
    "ZADD zset 1 a 2.5 b -inf c inf d 0.1 e",
    "HSET hash f v n 7 \"with space\" \"\"",
    "XADD stream 1-1 a 1 b 2",
    "XADD stream 1-2 a 3 b 4",
    "XADD stream 2-0 c 5",
    "XADD stream 3-0 a 6 b 7",
    "XDEL stream 1-2",
    "XGROUP CREATE stream grp 0",
    "XREADGROUP GROUP grp alice COUNT 2 STREAMS stream >",
    "XREADGROUP GROUP grp bob COUNT 1 STREAMS stream >",
    "XACK stream grp 1-1",
    "XGROUP CREATECONSUMER stream grp carol",
    "SELECT 3",
    "SET db3:key v",
    "PEXPIRE db3:key 90000",
];

async fn filled() -> Playground {
    let mut pg = Playground::new(T0);
    let c = pg.add_client();
    for line in ALL_TYPES {
        let reply = cmd(&mut pg, c, line).await;
        assert!(!reply.starts_with('-'), "{line}: {reply}");
    }
    pg
}

#[wasm_bindgen_test]
async fn dump_rdb_loads_into_a_new_playground_with_the_same_data() {
    let pg = filled().await;
    let bytes = pg.dump_rdb();
    assert_eq!(&bytes[..9], b"REDIS0010");
    let mut other = Playground::new(T0 + 1000.0);
    let report = other.load_rdb(&bytes).expect("own dump loads");
    assert_eq!(
        Reflect::get(&report, &"loaded".into()).unwrap().as_f64(),
        Some(10.0)
    );
    // The export covers every type, TTLs and the stream's groups: equal exports, same data.
    assert_eq!(other.export_dataset(), pg.export_dataset());
    let c = other.add_client();
    assert_eq!(cmd(&mut other, c, "PTTL str:ttl").await, ":59000\\r\\n");
    assert_eq!(
        cmd(&mut other, c, "XPENDING stream grp").await,
        "*4\\r\\n:2\\r\\n$3\\r\\n2-0\\r\\n$3\\r\\n3-0\\r\\n*2\\r\\n*2\\r\\n$5\\r\\nalice\\r\\n$1\\r\\n1\\r\\n*2\\r\\n$3\\r\\nbob\\r\\n$1\\r\\n1\\r\\n"
    );
}

#[wasm_bindgen_test]
async fn a_corrupt_rdb_is_refused_and_the_data_kept() {
    let mut pg = filled().await;
    let before = pg.export_dataset();
    let mut bytes = pg.dump_rdb();
    let last = bytes.len() - 1;
    bytes[last] ^= 1; // the CRC64 no longer matches
    let err = pg.load_rdb(&bytes).expect_err("checksum mismatch");
    let msg = Reflect::get(&err, &"message".into()).unwrap().as_string();
    assert!(msg.is_some_and(|m| m.contains("checksum")), "{err:?}");
    assert!(pg.load_rdb(b"REDIS0010\xff").is_err());
    assert_eq!(pg.export_dataset(), before);
}

#[wasm_bindgen_test]
async fn a_dump_written_by_redis_7_0_loads() {
    let mut pg = Playground::new(T0);
    pg.load_rdb(include_bytes!(
        "../../core/tests/fixtures/redis-7.0.15-all-types.rdb"
    ))
    .expect("redis-server 7.0.15's file loads");
    let keys: Vec<String> = Array::from(&pg.keyspace(0, 100))
        .iter()
        .map(|k| {
            let f = |n: &str| Reflect::get(&k, &n.into()).unwrap().as_string().unwrap();
            format!("{} {}", f("key"), f("type"))
        })
        .collect();
    assert_eq!(keys.len(), 13);
    assert!(keys.contains(&"stream stream".to_string()));
    assert!(keys.contains(&"zset:listpack zset".to_string()));
    assert_eq!(Array::from(&pg.keyspace(3, 100)).length(), 1);
}

#[wasm_bindgen_test]
async fn export_replays_to_the_same_dataset() {
    let pg = filled().await;
    let export = pg.export_dataset();
    for needle in [
        r#"HSET "hash" "f" "v" "n" "7" "with space" """#,
        r#"ZADD "zset" -inf "c" 0.10000000000000001 "e" 1 "a" 2.5 "b" inf "d""#,
        r#"XSETID "stream" 3-0 ENTRIESADDED 4 MAXDELETEDID 1-2"#,
        r#"XGROUP CREATE "stream" "grp" 3-0 ENTRIESREAD 4"#,
        r#"XCLAIM "stream" "grp" "alice" 0 2-0 TIME 1700000000000 RETRYCOUNT 1 FORCE JUSTID"#,
        r#"XGROUP CREATECONSUMER "stream" "grp" "carol""#,
        r#"PEXPIREAT "str:ttl" 1700000060000"#,
    ] {
        assert!(export.contains(needle), "{needle} in:\n{export}");
    }
    let mut copy = Playground::new(T0);
    let c = copy.add_client();
    for line in export.lines() {
        let reply = cmd(&mut copy, c, line).await;
        assert!(!reply.starts_with('-'), "{line}: {reply}");
    }
    assert_eq!(copy.export_dataset(), export);
}

#[wasm_bindgen_test]
fn help_comes_from_redis_docs() {
    let pg = Playground::new(T0);
    let h = pg.help("lpush");
    let f = |n: &str| Reflect::get(&h, &n.into()).unwrap().as_string().unwrap();
    assert_eq!(f("name"), "LPUSH");
    assert_eq!(f("syntax"), "key element [element ...]");
    assert_eq!(f("complexity"), "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.");
    assert!(pg.help("nosuch").is_null());
}
