//! Random bytes from a seeded generator on many connections never crash the server: afterwards
//! it still answers PING. Inputs mix pure noise with RESP-looking fragments so the parser's
//! deeper states are reached too.

mod common;

use std::io::{Read, Write};
use std::time::Duration;

use common::start;

/// xorshift64*: deterministic, so a failure replays with the same seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const FRAGMENTS: &[&[u8]] = &[
    b"*",
    b"$",
    b"\r\n",
    b"\r",
    b"\n",
    b"-1",
    b"0",
    b"3",
    b"536870912",
    b"99999999999999999999",
    b"SET",
    b"GET",
    b"PING",
    b"SELECT",
    b"HELLO",
    b"QUIT",
    b"ECHO",
    b"\"",
    b"'",
    b"\\x",
    b" ",
    b"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n",
    b"*3\r\n$3\r\nSET\r\n",
    b"\0",
    b"\xff",
];

fn noise(rng: &mut Rng) -> Vec<u8> {
    let mut out = Vec::new();
    for _ in 0..rng.below(40) + 1 {
        if rng.below(2) == 0 {
            out.extend_from_slice(FRAGMENTS[rng.below(FRAGMENTS.len() as u64) as usize]);
        } else {
            for _ in 0..rng.below(16) {
                out.push(rng.next() as u8);
            }
        }
    }
    out
}

#[test]
fn random_bytes_never_crash_the_server() {
    let srv = start(&[]);
    let port = srv.port;
    let threads: Vec<_> = (0..16u64)
        .map(|t| {
            std::thread::spawn(move || {
                let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (t + 1));
                for _ in 0..40 {
                    let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
                        continue;
                    };
                    s.set_read_timeout(Some(Duration::from_millis(20))).unwrap();
                    for _ in 0..rng.below(8) + 1 {
                        if s.write_all(&noise(&mut rng)).is_err() {
                            break;
                        }
                        let mut buf = [0u8; 4096];
                        let _ = s.read(&mut buf);
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let mut s = srv.raw();
    s.write_all(b"PING\r\n").unwrap();
    assert_eq!(common::read_n(&mut s, 7), b"+PONG\r\n");
    let mut srv = srv;
    assert!(
        srv.child.try_wait().unwrap().is_none(),
        "server still running"
    );
}
