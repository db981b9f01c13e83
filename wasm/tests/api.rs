//! The exported JavaScript API, run on node by wasm-bindgen-test
//! (`cargo test -p redlet-wasm --target wasm32-unknown-unknown`).
//!
//! Time is virtual: the tests pass explicit milliseconds to `tick`, never sleep.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
use redlet_wasm::{encode_command, explain, Playground};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

const T0: f64 = 1_700_000_000_000.0;

type Seen = Rc<RefCell<Option<String>>>;

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
    let v = JsFuture::from(p).await.expect("send promises never reject");
    text(&Uint8Array::new(&v).to_vec())
}

fn send(pg: &mut Playground, client: u32, line: &str) -> Seen {
    let req = encode_command(line)
        .expect("test lines are balanced")
        .to_vec();
    watch(pg.send(client, &req).expect("client is open and idle"))
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
    pg.on_push(cb.as_ref().unchecked_ref::<Function>().clone());
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
    assert!(!pg.blocked_info(c1).unwrap().is_null());
    assert_eq!(cmd(&mut pg, c2, "RPUSH jobs a").await, ":1\\r\\n");
    settle().await;
    assert_eq!(
        blpop.borrow().as_deref(),
        Some("*2\\r\\n$4\\r\\njobs\\r\\n$1\\r\\na\\r\\n")
    );
    assert!(pg.blocked_info(c1).unwrap().is_null());
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
    let reply = JsFuture::from(pg.send(c1, b"*1\r\n$x\r\n").unwrap())
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
    let keys = Array::from(&pg.keyspace(0, 100).unwrap());
    assert_eq!(keys.length(), 1);
    let k = keys.get(0);
    let field = |name: &str| Reflect::get(&k, &name.into()).unwrap();
    assert_eq!(field("key").as_string().as_deref(), Some("greeting"));
    assert_eq!(field("type").as_string().as_deref(), Some("string"));
    assert_eq!(field("ttl").as_f64(), Some(1500.0));
    assert_eq!(field("preview").as_string().as_deref(), Some("\"hello\""));
    assert_eq!(pg.poll_timeout(), Some(T0 + 2000.0));
    pg.tick(T0 + 2000.0);
    assert_eq!(Array::from(&pg.keyspace(0, 100).unwrap()).length(), 0);
}

#[wasm_bindgen_test]
fn command_table_and_explainer_are_exported() {
    let pg = Playground::new(T0);
    let table = Array::from(&pg.commands().unwrap());
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
    let parts = Array::from(&explain(b"*1\r\n$4\r\nPING\r\n").unwrap());
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
