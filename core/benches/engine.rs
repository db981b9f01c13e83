//! criterion benchmarks of the engine without any I/O: the RESP request parser on pipelined
//! SET/GET buffers, the reply encoder, and command execution (GET/SET) over a 1M-key keyspace.
//!
//! Run with `cargo bench -p redlet-core`. Throughput is reported in commands per second.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use redlet_core::frame::encode_command;
use redlet_core::resp::{Parsed, Protocol, Reply, RequestParser};
use redlet_core::{Config, Output, Server};

const PIPELINE: usize = 1000;

fn pipelined(make: impl Fn(usize) -> Vec<Vec<u8>>) -> Vec<u8> {
    let mut buf = Vec::new();
    for i in 0..PIPELINE {
        buf.extend_from_slice(&encode_command(&make(i)));
    }
    buf
}

fn parser(c: &mut Criterion) {
    let sets = pipelined(|i| {
        vec![
            b"SET".to_vec(),
            format!("key:{i:08}").into_bytes(),
            b"value-xxxxxxxxxx".to_vec(),
        ]
    });
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Elements(PIPELINE as u64));
    g.bench_function("SET x1000 pipelined", |b| {
        b.iter(|| {
            let mut p = RequestParser::new(512 << 20);
            let mut n = 0;
            while let Ok(Parsed::Request) = p.parse(&sets) {
                n += p.argc();
                p.clear_request();
            }
            n
        })
    });
    g.finish();

    let mut g = c.benchmark_group("encode");
    g.throughput(Throughput::Elements(PIPELINE as u64));
    g.bench_function("bulk reply x1000", |b| {
        let mut out = Vec::with_capacity(64 * PIPELINE);
        b.iter(|| {
            out.clear();
            let mut r = Reply::new(&mut out, Protocol::Resp2);
            for _ in 0..PIPELINE {
                r.bulk(b"value-xxxxxxxxxx");
            }
            out.len()
        })
    });
    g.finish();
}

fn execution(c: &mut Criterion) {
    let now = 1_700_000_000_000;
    let mut server = Server::new(Config::default());
    let id = server.connect(now);
    // 1M keys.
    for chunk in 0..1000 {
        let buf = pipelined(|i| {
            let k = chunk * PIPELINE + i;
            vec![
                b"SET".to_vec(),
                format!("key:{k:08}").into_bytes(),
                b"value-xxxxxxxxxx".to_vec(),
            ]
        });
        server.feed(id, &buf, now);
        while server.poll_output().is_some() {}
    }
    let gets = pipelined(|i| {
        vec![
            b"GET".to_vec(),
            format!("key:{:08}", i * 997 % 1_000_000).into_bytes(),
        ]
    });
    let sets = pipelined(|i| {
        vec![
            b"SET".to_vec(),
            format!("key:{:08}", i * 991 % 1_000_000).into_bytes(),
            b"value-yyyyyyyyyy".to_vec(),
        ]
    });
    let mut g = c.benchmark_group("execute (1M keys)");
    g.throughput(Throughput::Elements(PIPELINE as u64));
    for (name, buf) in [("GET x1000", &gets), ("SET x1000", &sets)] {
        g.bench_function(name, |b| {
            let mut out = Vec::new();
            b.iter(|| {
                server.feed(id, buf, now);
                out.clear();
                server.take_output_into(id, &mut out);
                while let Some((_, Output::Write(_))) = server.poll_output() {}
                out.len()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, parser, execution);
criterion_main!(benches);
