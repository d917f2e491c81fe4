//! owned-io beside the borrowed built-ins, one criterion group per question.
//!
//! `cargo bench --all-features` runs every group (the futures-io rows need that feature); the
//! HTML report with plots lands in `target/criterion/report/index.html`.

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};

mod scenarios;

fn side_by_side(c: &mut Criterion) {
    let mut groups: Vec<(&'static str, Vec<scenarios::Scenario>)> = Vec::new();
    for scenario in scenarios::all() {
        match groups
            .iter_mut()
            .find(|(group, _)| *group == scenario.group)
        {
            Some((_, members)) => members.push(scenario),
            None => groups.push((scenario.group, vec![scenario])),
        }
    }
    for (name, members) in groups {
        let mut group = c.benchmark_group(name);
        let mut done = Vec::new();
        for mut scenario in members {
            for side in [&mut scenario.baseline, &mut scenario.ours] {
                // Ours stands beside more than one baseline in some groups: bench it once.
                let id = format!("{}/{}", scenario.case, side.name);
                if !done.contains(&id) {
                    group.bench_function(&id, |b| b.iter_custom(|iters| (side.run)(iters)));
                    done.push(id);
                }
            }
        }
        group.finish();
    }
}

criterion_group! {
    name = benches;
    // 32 benchmarks: shorter than criterion's defaults so that a full run takes minutes.
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30)
        .nresamples(10_000);
    targets = side_by_side
}
criterion_main!(benches);
