//! Speed of rendering the documents against parsing the declaration they come from, in the
//! same run: a declaration of 500 components with 10 claims each (5,000 claims).
//!
//! Run: `cargo bench -p cra-tests --bench render` (`CRA_BENCH_ROUNDS` sets the rounds;
//! `CRA_BENCH_EACH=1` also times each document alone, each with its own template context).
//! Target: rendering all five documents at most 3 × parsing the declaration with serde_json.

use std::time::Instant;

use cra_core::render::{Format, Renderer};

mod common;
use common::median;

fn main() {
    let rounds: usize = std::env::var("CRA_BENCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(7);
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../examples/door-lock-hub/expected/door-lock-hub.declaration.json"),
    )
    .unwrap();
    let mut declaration = cra_core::read::declaration_from_json(&text).unwrap().value;
    let template = declaration.components[0].clone();
    let claims: Vec<cra_core::Claim> = declaration.components.iter().flat_map(|c| c.claims.clone()).collect();
    declaration.components = (0..500)
        .map(|i| {
            let mut component = template.clone();
            component.name = format!("component-{i:03}");
            let mut chosen: Vec<cra_core::Claim> = Vec::new();
            for claim in claims.iter().cycle().skip(i) {
                if !chosen.iter().any(|c| c.requirement() == claim.requirement()) {
                    chosen.push(claim.clone());
                }
                if chosen.len() == 10 {
                    break;
                }
            }
            component.claims = chosen;
            component
        })
        .collect();
    let json = declaration.to_json();
    let claims: usize = declaration.components.iter().map(|c| c.claims.len()).sum();
    let renderer = Renderer::new();
    let (mut parse, mut render) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let started = Instant::now();
        let parsed: cra_core::Declaration = serde_json::from_str(&json).unwrap();
        parse.push(started.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(parsed);
        let started = Instant::now();
        std::hint::black_box(renderer.render_all(&declaration, &[Format::Html, Format::Markdown]).unwrap());
        render.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    if std::env::var_os("CRA_BENCH_EACH").is_some() {
        for format in [Format::Html, Format::Markdown] {
            for document in cra_core::render::Document::ALL {
                let mut times = Vec::new();
                for _ in 0..rounds {
                    let started = Instant::now();
                    std::hint::black_box(renderer.render(&declaration, document, format).unwrap());
                    times.push(started.elapsed().as_secs_f64() * 1000.0);
                }
                println!("{:40} {:6.2} ms", document.file_name(format), median(times));
            }
        }
    }
    let (parse, render) = (median(parse), median(render));
    println!(
        "render benchmark: {} components, {claims} claims, {} KB of JSON, median of {rounds} rounds",
        declaration.components.len(),
        json.len() / 1000
    );
    println!("parsing with serde_json:                  {parse:8.1} ms");
    println!("rendering all five documents, HTML and MD: {render:8.1} ms");
    println!("ratio:                                    {:8.2} x  (target <= 3 x)", render / parse);
}
