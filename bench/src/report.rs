//! The results: a table on stdout, JSON, and an SVG plot.

use std::path::Path;

use plotters::prelude::*;
use serde::Serialize;

/// One line of the table.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub workload: String,
    pub unit: &'static str,
    pub native: f64,
    pub guest: f64,
    /// guest / native.
    pub ratio: f64,
    /// Whether a larger value is better (throughput) or worse (time).
    pub higher_is_better: bool,
    /// The target for guest / native, where it sets one.
    pub target: Option<f64>,
    pub note: String,
}

impl Row {
    pub fn new(workload: String, unit: &'static str, native: f64, guest: f64, higher_is_better: bool) -> Row {
        Row { workload, unit, native, guest, ratio: guest / native, higher_is_better, target: None, note: String::new() }
    }

    pub fn target(mut self, target: f64) -> Row {
        self.target = Some(target);
        self
    }

    pub fn note(mut self, note: String) -> Row {
        self.note = note;
        self
    }

    /// Whether the guest meets the target (`None` without one).
    pub fn met(&self) -> Option<bool> {
        self.target.map(|t| if self.higher_is_better { self.ratio >= t } else { self.ratio <= t })
    }
}

pub fn print_table(rows: &[Row]) {
    println!("{:<44} {:>14} {:>14} {:>8}  {:<10} {}", "workload", "native", "guest", "ratio", "target", "note");
    for r in rows {
        let target = match (r.target, r.met()) {
            (Some(t), Some(met)) => format!("{}{t}x {}", if r.higher_is_better { ">=" } else { "<=" }, if met { "met" } else { "MISSED" }),
            _ => String::new(),
        };
        println!(
            "{:<44} {:>14} {:>14} {:>7.2}x  {:<10} {}",
            r.workload,
            format!("{} {}", human(r.native), r.unit),
            format!("{} {}", human(r.guest), r.unit),
            r.ratio,
            target,
            r.note
        );
    }
}

fn human(v: f64) -> String {
    if v >= 1e6 {
        format!("{:.2}M", v / 1e6)
    } else if v >= 1e4 {
        format!("{:.1}k", v / 1e3)
    } else {
        format!("{v:.1}")
    }
}

pub fn print_sizes(sizes: &[(String, u64)]) {
    if !sizes.is_empty() {
        println!();
    }
    for (what, bytes) in sizes {
        println!("{what:<60} {:>10.1} KiB", *bytes as f64 / 1024.0);
    }
}

#[derive(Serialize)]
struct Report<'a> {
    machine: String,
    rows: &'a [Row],
    /// (what, bytes).
    sizes: &'a [(String, u64)],
}

pub fn write_json(rows: &[Row], sizes: &[(String, u64)], path: &Path) -> anyhow::Result<()> {
    let report = Report { machine: machine(), rows, sizes };
    std::fs::write(path, serde_json::to_string_pretty(&report)? + "\n")?;
    Ok(())
}

/// Kernel, CPU model and count: what the numbers came from.
pub fn machine() -> String {
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo.lines().find_map(|l| l.strip_prefix("model name")).map(|m| m.trim_start_matches([' ', '\t', ':']));
    let cpus = cpuinfo.lines().filter(|l| l.starts_with("processor")).count();
    format!("Linux {}, {} x {}", kernel.trim(), cpus, model.unwrap_or("unknown CPU"))
}

/// Throughput against record size, native and guest: `points` are
/// (size, native records/s, guest records/s).
pub fn plot(points: &[(u32, f64, f64)], path: &Path) -> anyhow::Result<()> {
    let root = SVGBackend::new(path, (720, 420)).into_drawing_area();
    root.fill(&WHITE)?;
    let max = points.iter().map(|p| p.1.max(p.2)).fold(1.0, f64::max) / 1e6 * 1.1;
    let mut chart = ChartBuilder::on(&root)
        .caption("Ring buffer drain: records/s against record size", ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d((12f64..1400f64).log_scale(), 0f64..max)?;
    chart
        .configure_mesh()
        .x_desc("record size (bytes)")
        .y_desc("million records/s")
        .x_labels(6)
        .draw()?;
    for (label, color, pick) in [("native libbpf-rs", BLUE, 1usize), ("wasi:bpf guest", RED, 2usize)] {
        let series: Vec<(f64, f64)> =
            points.iter().map(|p| (f64::from(p.0), if pick == 1 { p.1 } else { p.2 } / 1e6)).collect();
        chart
            .draw_series(LineSeries::new(series.clone(), color.stroke_width(2)))?
            .label(label)
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], color.stroke_width(2)));
        chart.draw_series(series.into_iter().map(|p| Circle::new(p, 4, color.filled())))?;
    }
    chart.configure_series_labels().border_style(BLACK).background_style(WHITE).draw()?;
    root.present()?;
    Ok(())
}
