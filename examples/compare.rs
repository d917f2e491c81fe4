//! owned-io against the borrowed built-ins, side by side, in about two and a half minutes.
//!
//! Every scenario of the criterion benches (`benches/scenarios`) runs here in alternating
//! rounds (ours, baseline, ours, baseline, …) so that both sides see the same machine state;
//! the table gives the median of the per-round ratios ours / baseline. A counting global
//! allocator gives heap allocations per operation, and the sizes of the futures close the run.
//!
//! Run with `cargo run --release --all-features --example compare` (without `--all-features`
//! the futures-io rows are left out). `OWNED_IO_COMPARE_SECS` sets the time budget of a run and
//! `OWNED_IO_COMPARE_ONLY` keeps the scenarios whose name or baseline contains it.
//! `--runs N` (or `OWNED_IO_COMPARE_RUNS=N`) repeats the whole comparison and reports, per
//! scenario, the median of the runs' medians and their range; a single run reports the
//! interquartile range of its per-round ratios instead. `--strict` (or
//! `OWNED_IO_COMPARE_STRICT=1`) exits with a failure when a target is missed; by default the
//! comparison reports and exits 0.

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
    quantile(values, 0.5)
}

/// The `q` quantile of `values` (sorted in place), interpolating between neighbours.
fn quantile(values: &mut [f64], q: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let at = q * (values.len() - 1) as f64;
    let (low, high) = (at.floor() as usize, at.ceil() as usize);
    values[low] + (values[high] - values[low]) * (at - low as f64)
}

fn per_op(seconds: f64) -> String {
    match seconds {
        s if s >= 1e-3 => format!("{:.2} ms", s * 1e3),
        s if s >= 1e-6 => format!("{:.2} µs", s * 1e6),
        s => format!("{:.1} ns", s * 1e9),
    }
}

/// One scenario measured in one run.
struct Row {
    name: String,
    baseline: &'static str,
    /// The median of the per-round ratios ours / baseline, and their interquartile range.
    ratio: f64,
    spread: (f64, f64),
    baseline_op: f64,
    ours_op: f64,
    rounds: usize,
    allocations: (f64, f64),
    target: Target,
}

/// Rounds a scenario runs at least, ours and the baseline once each a round.
const MIN_ROUNDS: usize = 31;
/// Rounds a scenario whose single operation takes longer than its share of the time budget
/// runs at least (TCP passes over a million lines take a third of a second each).
const MIN_ROUNDS_SLOW: usize = 11;

fn measure(mut scenario: Scenario, budget: Duration) -> Row {
    let slice = budget / (2 * MIN_ROUNDS as u32 + 2);
    let iters = calibrate(&mut scenario.ours.run, slice);
    let one = (scenario.ours.run)(iters);
    let min_rounds = if one > slice * 2 {
        MIN_ROUNDS_SLOW
    } else {
        MIN_ROUNDS
    };
    let (mut ratios, mut ours_ops, mut baseline_ops) = (Vec::new(), Vec::new(), Vec::new());
    let started = Instant::now();
    while ratios.len() < min_rounds || (started.elapsed() < budget && ratios.len() < 101) {
        // Alternate which side goes first, so that neither always runs on a warmer machine.
        let (ours, baseline) = if ratios.len() % 2 == 0 {
            let ours = (scenario.ours.run)(iters).as_secs_f64();
            (ours, (scenario.baseline.run)(iters).as_secs_f64())
        } else {
            let baseline = (scenario.baseline.run)(iters).as_secs_f64();
            ((scenario.ours.run)(iters).as_secs_f64(), baseline)
        };
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
        spread: (quantile(&mut ratios, 0.25), quantile(&mut ratios, 0.75)),
        baseline_op: median(&mut baseline_ops),
        ours_op: median(&mut ours_ops),
        rounds: ratios.len(),
        allocations,
        target: scenario.target,
    }
}

/// A scenario over every run: the median of the runs' medians, and their range.
struct Summary<'a> {
    runs: Vec<&'a Row>,
    ratio: f64,
}

impl Summary<'_> {
    fn first(&self) -> &Row {
        self.runs[0]
    }

    fn met(&self) -> Option<bool> {
        self.first().target.limit().map(|limit| self.ratio <= limit)
    }

    fn verdict(&self) -> String {
        match (self.first().target.limit(), self.met()) {
            (Some(limit), Some(true)) => format!("<= {limit:.2} met"),
            (Some(limit), _) => format!("<= {limit:.2} MISSED"),
            (None, _) => "-".to_string(),
        }
    }

    /// Within one run, the interquartile range of its per-round ratios; over several runs,
    /// the range of their medians.
    fn spread(&self) -> String {
        if let [only] = self.runs[..] {
            return format!("{:.3}-{:.3}", only.spread.0, only.spread.1);
        }
        let medians = self.runs.iter().map(|row| row.ratio);
        let low = medians.clone().fold(f64::INFINITY, f64::min);
        let high = medians.fold(f64::NEG_INFINITY, f64::max);
        format!("{low:.3}-{high:.3}")
    }
}

fn summarize(runs: &[Vec<Row>]) -> Vec<Summary<'_>> {
    (0..runs[0].len())
        .map(|i| {
            let rows: Vec<&Row> = runs.iter().map(|run| &run[i]).collect();
            let mut medians: Vec<f64> = rows.iter().map(|row| row.ratio).collect();
            Summary {
                ratio: median(&mut medians),
                runs: rows,
            }
        })
        .collect()
}

/// The idiom a scenario measures, by which the table is grouped: each group's targets, and its
/// misses, have one cause.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Idiom {
    ByValue,
    Lent,
    BulkAndTcp,
    Splice,
}

impl Idiom {
    const ALL: [Idiom; 4] = [
        Idiom::Lent,
        Idiom::ByValue,
        Idiom::BulkAndTcp,
        Idiom::Splice,
    ];

    fn of(row: &Row) -> Idiom {
        let all = format!("{} {}", row.name, row.baseline);
        let name = row.name.to_lowercase();
        let bulk = ["tcp", "duplex", "64 kib", "mib", "copy"];
        if name.starts_with("splice") {
            Idiom::Splice
        } else if all.contains("lent") || all.contains("&mut") {
            Idiom::Lent
        } else if bulk.iter().any(|word| name.contains(word)) {
            Idiom::BulkAndTcp
        } else {
            Idiom::ByValue
        }
    }

    fn title(self) -> &'static str {
        match self {
            Idiom::Lent => "lent: the reader and the buffer stay in place, `(&mut r).…(&mut buf)`",
            Idiom::ByValue => {
                "by value, in memory: the reader and the buffer move in and out of each call"
            }
            Idiom::BulkAndTcp => "bulk and TCP: kilobytes a call, or a real socket",
            Idiom::Splice => {
                "splice: zero-copy relays between sockets (wall time or the proxy's CPU)"
            }
        }
    }

    /// Why a target of the group is missed, where the docs explain it.
    fn cause(self) -> &'static str {
        match self {
            Idiom::Lent => "nothing moves per call: a miss here is a regression",
            Idiom::ByValue => {
                "each call moves the parts into the future and back (a few ns); in tight \
                 in-memory loops that shows; lend them in hot loops (README, Two idioms; \
                 benches/README.md, By value)"
            }
            Idiom::BulkAndTcp => {
                "the kernel and memcpy dominate; rows over sockets swing with the machine's \
                 load (benches/README.md, Bulk and TCP)"
            }
            Idiom::Splice => {
                "source, relay and sink share the machine's cores; the pipe size decides most \
                 of the gain (benches/README.md, Splice)"
            }
        }
    }
}

fn print_table(summaries: &[Summary<'_>], runs: usize) {
    let spread = if runs == 1 {
        "rounds p25-p75".to_string()
    } else {
        format!("{runs} runs min-max")
    };
    println!(
        "{:<52} {:<34} {:>10} {:>10} {:>9} {:>15} {:>6} {:>13} {:>15}",
        "scenario",
        "baseline",
        "baseline",
        "ours",
        "ours/base",
        "spread",
        "rounds",
        "allocs/op",
        "target"
    );
    println!(
        "{:<52} {:<34} {:>10} {:>10} {:>9} {:>15} {:>6} {:>13}",
        "", "", "per op", "per op", "median", spread, "", "ours base"
    );
    for idiom in Idiom::ALL {
        let members: Vec<&Summary<'_>> = summaries
            .iter()
            .filter(|s| Idiom::of(s.first()) == idiom)
            .collect();
        if members.is_empty() {
            continue;
        }
        println!("\n{}", idiom.title());
        if members.iter().any(|s| s.met() == Some(false)) {
            println!("  (misses: {})", idiom.cause());
        }
        for summary in members {
            let row = summary.first();
            println!(
                "{:<52} {:<34} {:>10} {:>10} {:>9.3} {:>15} {:>6} {:>6.1} {:>6.1} {:>15}",
                row.name,
                row.baseline,
                per_op(row.baseline_op),
                per_op(row.ours_op),
                summary.ratio,
                summary.spread(),
                row.rounds,
                row.allocations.0,
                row.allocations.1,
                summary.verdict(),
            );
        }
    }
}

/// Per group: how many targets were met, and for a group that missed some, its worst ratio and
/// the cause.
fn print_summary(summaries: &[Summary<'_>]) {
    println!("\nsummary:");
    for idiom in Idiom::ALL {
        let members: Vec<&Summary<'_>> = summaries
            .iter()
            .filter(|s| Idiom::of(s.first()) == idiom && s.met().is_some())
            .collect();
        if members.is_empty() {
            continue;
        }
        let met = members.iter().filter(|s| s.met() == Some(true)).count();
        let name = idiom.title().split(':').next().unwrap_or_default();
        let worst = members
            .iter()
            .filter(|s| s.met() == Some(false))
            .max_by(|a, b| a.ratio.total_cmp(&b.ratio));
        match worst {
            None => println!("  {name}: all {met} targets met"),
            Some(worst) => println!(
                "  {name}: {met} of {} targets met; worst {:.3} ({}, against {}): {}",
                members.len(),
                worst.ratio,
                worst.first().name.trim(),
                worst.first().baseline,
                idiom.cause()
            ),
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
            "  {name:<66} {future:>4}  vs {owned:>4}  (+{})",
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
    {
        use owned_io::{
            CopyBidirectionalOwned, CopyOwned, FlushOwned, ReadLineOwned, ReadOwned,
            ReadToEndOwned, ReadUntilOwned, ShutdownOwned,
        };
        type Buffered = tokio::io::BufReader<TcpStream>;
        let bytes_mut = size_of::<bytes::BytesMut>();
        let buffered = size_of::<Buffered>();
        row(
            "ReadOwned<TcpStream, BytesMut>",
            size_of::<ReadOwned<TcpStream, bytes::BytesMut>>(),
            tcp + bytes_mut,
        );
        row(
            "ReadToEndOwned<TcpStream>",
            size_of::<ReadToEndOwned<TcpStream>>(),
            tcp + vec,
        );
        row(
            "ReadUntilOwned<BufReader<TcpStream>>",
            size_of::<ReadUntilOwned<Buffered>>(),
            buffered + vec,
        );
        row(
            "ReadLineOwned<BufReader<TcpStream>>",
            size_of::<ReadLineOwned<Buffered>>(),
            buffered + vec,
        );
        row(
            "ReadUntilOwned<&mut BufReader<TcpStream>, &mut Vec<u8>> (lent)",
            size_of::<ReadUntilOwned<&mut Buffered, &mut Vec<u8>>>(),
            2 * size_of::<&mut Vec<u8>>(),
        );
        row(
            "ReadBufExactOwned<TcpStream, BytesMut>",
            size_of::<owned_io::ReadBufExactOwned<TcpStream, bytes::BytesMut>>(),
            tcp + bytes_mut,
        );
        row(
            "FlushOwned<TcpStream>",
            size_of::<FlushOwned<TcpStream>>(),
            tcp,
        );
        row(
            "ShutdownOwned<TcpStream>",
            size_of::<ShutdownOwned<TcpStream>>(),
            tcp,
        );
        row(
            "CopyOwned<TcpStream, TcpStream, Vec<u8>>",
            size_of::<CopyOwned<TcpStream, TcpStream, Vec<u8>>>(),
            2 * tcp + vec,
        );
        row(
            "CopyBidirectionalOwned<TcpStream, TcpStream, Vec<u8>, Vec<u8>>",
            size_of::<CopyBidirectionalOwned<TcpStream, TcpStream, Vec<u8>, Vec<u8>>>(),
            2 * tcp + 2 * vec,
        );
    }
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

/// `--runs N` / `OWNED_IO_COMPARE_RUNS`, `--strict` / `OWNED_IO_COMPARE_STRICT`.
struct Options {
    runs: usize,
    strict: bool,
}

fn options() -> Options {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let mut options = Options {
        runs: env("OWNED_IO_COMPARE_RUNS")
            .and_then(|v| v.parse().ok())
            .unwrap_or(1),
        strict: env("OWNED_IO_COMPARE_STRICT").is_some_and(|v| v != "0"),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--strict" => options.strict = true,
            "--runs" => {
                options.runs = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("--runs takes a number of runs");
            }
            other => panic!("unknown argument {other:?}: --runs N and --strict are known"),
        }
    }
    options.runs = options.runs.max(1);
    options
}

/// The processor the figures come from, as `/proc/cpuinfo` names it (figures move between
/// machines of different kinds).
fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            let line = info.lines().find(|line| line.starts_with("model name"))?;
            Some(line.split_once(':')?.1.trim().to_string())
        })
        .unwrap_or_else(|| format!("an unknown {} processor", std::env::consts::ARCH))
}

fn main() -> std::process::ExitCode {
    let options = options();
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
    let keep = |s: &Scenario| format!("{} {} {}", s.group, s.case, s.baseline.name).contains(&only);
    let count = scenarios::all().into_iter().filter(keep).count();
    let budget = Duration::from_secs_f64(secs / count.max(1) as f64);
    println!(
        "{count} scenarios, about {:.1} s each (more for the slowest), ours and baseline \
         alternating; {} run(s); {cores} cores of {}\n",
        budget.as_secs_f64(),
        options.runs,
        cpu_model()
    );

    let runs: Vec<Vec<Row>> = (1..=options.runs)
        .map(|run| {
            scenarios::all()
                .into_iter()
                .filter(keep)
                .map(|scenario| {
                    let row = measure(scenario, budget);
                    eprintln!(
                        "  run {run}: {} against {}: {:.3}",
                        row.name, row.baseline, row.ratio
                    );
                    row
                })
                .collect()
        })
        .collect();
    let summaries = summarize(&runs);
    print_table(&summaries, options.runs);

    print_sizes();

    print_summary(&summaries);
    let missed: Vec<&Summary<'_>> = summaries
        .iter()
        .filter(|s| s.met() == Some(false))
        .collect();
    println!(
        "{} of {} targets met{}",
        summaries.iter().filter(|s| s.met() == Some(true)).count(),
        summaries.iter().filter(|s| s.met().is_some()).count(),
        if options.strict {
            " (strict: a missed target fails the run)"
        } else {
            " (a missed target is reported, not enforced: --strict enforces it)"
        }
    );
    if options.strict && !missed.is_empty() {
        for summary in missed {
            eprintln!(
                "missed: {} against {}: {:.3}, {}",
                summary.first().name,
                summary.first().baseline,
                summary.ratio,
                summary.verdict()
            );
        }
        return std::process::ExitCode::FAILURE;
    }
    std::process::ExitCode::SUCCESS
}
