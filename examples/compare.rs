//! owned-io against the borrowed built-ins, side by side, in about 30 seconds.
//!
//! Every scenario of the criterion benches (`benches/scenarios`) runs here in alternating
//! rounds (ours, baseline, ours, baseline, …) so that both sides see the same machine state;
//! the table gives the median of the per-round ratios ours / baseline. A counting global
//! allocator gives heap allocations per operation, and the sizes of the futures close the run.
//!
//! Run with `cargo run --release --all-features --example compare` (without `--all-features`
//! the futures-io rows are left out). `OWNED_IO_COMPARE_SECS` sets the time budget and
//! `OWNED_IO_COMPARE_ONLY` keeps the scenarios whose name or baseline contains it.

use std::alloc::{GlobalAlloc, Layout, System};
use std::mem::size_of;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[path = "../benches/scenarios/mod.rs"]
mod scenarios;

use scenarios::{Run, Scenario, Target};

/// The system allocator, counting allocations (`realloc` included).
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; the counter is a side
// effect that touches no memory handed out.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is passed on as is.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on as is.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on as is.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Heap allocations per operation over a run of `iters` operations.
fn allocations_per_op(run: &mut Run, iters: u64) -> f64 {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    run(iters);
    (ALLOCATIONS.load(Ordering::Relaxed) - before) as f64 / iters as f64
}

/// The number of operations that takes about `slice` on this side.
fn calibrate(run: &mut Run, slice: Duration) -> u64 {
    let mut iters = 1;
    loop {
        let took = run(iters);
        if took >= slice / 8 || iters >= 1 << 30 {
            let per_op = took.as_secs_f64() / iters as f64;
            return ((slice.as_secs_f64() / per_op.max(1e-12)) as u64).max(1);
        }
        iters *= 2;
    }
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 0 {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    }
}

fn per_op(seconds: f64) -> String {
    match seconds {
        s if s >= 1e-3 => format!("{:.2} ms", s * 1e3),
        s if s >= 1e-6 => format!("{:.2} µs", s * 1e6),
        s => format!("{:.1} ns", s * 1e9),
    }
}

struct Row {
    name: String,
    baseline: &'static str,
    ratio: f64,
    baseline_op: f64,
    ours_op: f64,
    rounds: usize,
    allocations: (f64, f64),
    target: Target,
}

const MIN_ROUNDS: usize = 31;

fn measure(mut scenario: Scenario, budget: Duration) -> Row {
    let slice = budget / (2 * MIN_ROUNDS as u32 + 2);
    let iters = calibrate(&mut scenario.ours.run, slice);
    let (mut ratios, mut ours_ops, mut baseline_ops) = (Vec::new(), Vec::new(), Vec::new());
    let started = Instant::now();
    while ratios.len() < MIN_ROUNDS || (started.elapsed() < budget && ratios.len() < 101) {
        let ours = (scenario.ours.run)(iters).as_secs_f64();
        let baseline = (scenario.baseline.run)(iters).as_secs_f64();
        ratios.push(ours / baseline);
        ours_ops.push(ours / iters as f64);
        baseline_ops.push(baseline / iters as f64);
    }
    let allocation_iters = iters.clamp(1, 10_000);
    let allocations = (
        allocations_per_op(&mut scenario.ours.run, allocation_iters),
        allocations_per_op(&mut scenario.baseline.run, allocation_iters),
    );
    Row {
        name: format!("{} {}", scenario.group, scenario.case),
        baseline: scenario.baseline.name,
        ratio: median(&mut ratios),
        baseline_op: median(&mut baseline_ops),
        ours_op: median(&mut ours_ops),
        rounds: ratios.len(),
        allocations,
        target: scenario.target,
    }
}

impl Row {
    fn verdict(&self) -> String {
        match self.target.limit() {
            Some(limit) if self.ratio <= limit => format!("<= {limit:.2} met"),
            Some(limit) => format!("<= {limit:.2} MISSED"),
            None => "-".to_string(),
        }
    }
}

fn print_sizes() {
    use owned_io::{ReadExactOwned, WriteAllBufOwned, WriteAllOwned};
    use tokio::net::TcpStream;
    type Chain = bytes::buf::Chain<bytes::Bytes, bytes::Bytes>;

    println!("\nsize_of each future against the I/O object plus the buffer it owns (bytes):");
    let row = |name: &str, future: usize, owned: usize| {
        println!(
            "  {name:<58} {future:>4}  vs {owned:>4}  (+{})",
            future - owned
        );
    };
    let tcp = size_of::<TcpStream>();
    let vec = size_of::<Vec<u8>>();
    row(
        "ReadExactOwned<TcpStream, Vec<u8>>",
        size_of::<ReadExactOwned<TcpStream, Vec<u8>>>(),
        tcp + vec,
    );
    row(
        "ReadExactOwned<TcpStream, [u8; 4]>",
        size_of::<ReadExactOwned<TcpStream, [u8; 4]>>(),
        tcp + 4,
    );
    row(
        "WriteAllOwned<TcpStream, Vec<u8>>",
        size_of::<WriteAllOwned<TcpStream, Vec<u8>>>(),
        tcp + vec,
    );
    row(
        "WriteAllBufOwned<TcpStream, Chain<Bytes, Bytes>>",
        size_of::<WriteAllBufOwned<TcpStream, Chain>>(),
        tcp + size_of::<Chain>(),
    );
    #[cfg(feature = "futures-io")]
    {
        use owned_io::futures_family;
        let smol = size_of::<smol::net::TcpStream>();
        row(
            "futures_family::ReadExactOwned<smol::net::TcpStream, Vec<u8>>",
            size_of::<futures_family::ReadExactOwned<smol::net::TcpStream, Vec<u8>>>(),
            smol + vec,
        );
        row(
            "futures_family::WriteAllOwned<smol::net::TcpStream, Vec<u8>>",
            size_of::<futures_family::WriteAllOwned<smol::net::TcpStream, Vec<u8>>>(),
            smol + vec,
        );
    }
}

fn main() {
    let secs = std::env::var("OWNED_IO_COMPARE_SECS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(30.0);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if cfg!(debug_assertions) {
        println!("note: a debug build; run with --release for meaningful figures");
    }
    if cfg!(not(feature = "futures-io")) {
        println!("note: built without the futures-io feature: the futures-util rows are left out");
    }
    let only = std::env::var("OWNED_IO_COMPARE_ONLY").unwrap_or_default();
    let scenarios: Vec<Scenario> = scenarios::all()
        .into_iter()
        .filter(|s| format!("{} {} {}", s.group, s.case, s.baseline.name).contains(&only))
        .collect();
    let budget = Duration::from_secs_f64(secs / scenarios.len() as f64);
    println!(
        "{} scenarios, about {:.1} s each, ours and baseline alternating; {cores} cores\n",
        scenarios.len(),
        budget.as_secs_f64()
    );

    let rows: Vec<Row> = scenarios
        .into_iter()
        .map(|scenario| {
            let row = measure(scenario, budget);
            eprintln!("  measured {} against {}", row.name, row.baseline);
            row
        })
        .collect();

    println!(
        "{:<44} {:<30} {:>10} {:>10} {:>9} {:>6} {:>11} {:>15}",
        "scenario", "baseline", "baseline", "ours", "ours/base", "rounds", "allocs/op", "target"
    );
    println!(
        "{:<44} {:<30} {:>10} {:>10} {:>9} {:>6} {:>11}",
        "", "", "per op", "per op", "median", "", "ours base"
    );
    for row in &rows {
        println!(
            "{:<44} {:<30} {:>10} {:>10} {:>9.3} {:>6} {:>5.1} {:>5.1} {:>15}",
            row.name,
            row.baseline,
            per_op(row.baseline_op),
            per_op(row.ours_op),
            row.ratio,
            row.rounds,
            row.allocations.0,
            row.allocations.1,
            row.verdict(),
        );
    }

    print_sizes();

    let worst = rows
        .iter()
        .filter(|row| row.target == Target::Parity)
        .max_by(|a, b| a.ratio.total_cmp(&b.ratio));
    if let Some(worst) = worst {
        println!(
            "\nworst parity ratio: {:.3} ({} against {})",
            worst.ratio, worst.name, worst.baseline
        );
    }
}
