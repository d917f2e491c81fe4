//! owned-io beside the borrowed built-ins, one criterion group per question.
//!
//! `cargo bench --all-features` runs every group (the futures-io rows need that feature); the
//! HTML report with plots lands in `target/criterion/report/index.html`.

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
        for mut scenario in members {
            for side in [&mut scenario.baseline, &mut scenario.ours] {
                let id = format!("{}/{}", scenario.case, side.name);
                group.bench_function(id, |b| b.iter_custom(|iters| (side.run)(iters)));
            }
        }
        group.finish();
    }
}

criterion_group!(benches, side_by_side);
criterion_main!(benches);
