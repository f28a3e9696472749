//! Benchmark of `mcauth annotate` and `mcauth report` on a synthetic access history of 1 GiB
//! (set `MCAUTH_BENCH_MIB` for another size), in UTF-8 and in Shift_JIS: prints throughput and
//! the peak memory of the mcauth process, beside a bare read-and-write pass with the csv crate
//! for scale. Run with `cargo bench -p mcauth`; the figures go in the README.
//!
//! A quarter of the rows are authentication errors, every code of the catalogue in turn, a few
//! unknown; the rest are successful connections without a code. Some cells are quoted.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

fn main() {
    let mib: u64 = std::env::var("MCAUTH_BENCH_MIB").ok().and_then(|v| v.parse().ok()).unwrap_or(1024);
    let dir = std::env::temp_dir().join(format!("mcauth-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (header, rows) = sample_rows();
    println!("mcauth annotate benchmark: {} distinct rows, a quarter of them errors", rows.len());
    println!(
        "{:<40} {:>10} {:>11} {:>9} {:>11} {:>12}",
        "run", "input MiB", "output MiB", "seconds", "input MiB/s", "peak RSS MiB"
    );
    for (label, encoding) in [("UTF-8", encoding_rs::UTF_8), ("Shift_JIS", encoding_rs::SHIFT_JIS)] {
        for size in [64.min(mib), mib] {
            let input = dir.join(format!("history-{label}-{size}.csv"));
            write_history(&input, &header, &rows, encoding, size << 20);
            let output = dir.join("annotated.csv");
            let bytes = std::fs::metadata(&input).unwrap().len();
            let (seconds, peak) = annotate(&input, None, &[]);
            report(&format!("annotate {label}, {size} MiB → /dev/null"), bytes, None, seconds, Some(peak));
            let (seconds, peak) = annotate(&input, Some(&output), &[]);
            let written = std::fs::metadata(&output).unwrap().len();
            report(&format!("annotate {label}, {size} MiB → file"), bytes, Some(written), seconds, Some(peak));
            if size == mib {
                let (seconds, peak) = annotate(&input, Some(&output), &["--columns", "id,faq"]);
                let written = std::fs::metadata(&output).unwrap().len();
                report("  the same, --columns id,faq", bytes, Some(written), seconds, Some(peak));
            }
            let _ = std::fs::remove_file(&output);
            if size == mib {
                let (seconds, peak) = report_pass(&input);
                report(&format!("report {label}, {size} MiB → /dev/null"), bytes, None, seconds, Some(peak));
            }
            if size == mib && label == "UTF-8" {
                let seconds = csv_pass(&input, Path::new("/dev/null"));
                report("bare csv crate read+write → /dev/null", bytes, None, seconds, None);
                let seconds = csv_pass(&input, &output);
                let written = std::fs::metadata(&output).unwrap().len();
                report("bare csv crate read+write → file", bytes, Some(written), seconds, None);
                let _ = std::fs::remove_file(&output);
                peers(&dir, &input, bytes);
            }
            if std::env::var_os("MCAUTH_BENCH_KEEP").is_none() {
                let _ = std::fs::remove_file(&input);
            }
        }
    }
    if std::env::var_os("MCAUTH_BENCH_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// The tools an administrator might use instead, on the same file in the same run: each joins
/// the history's `code` column with a table of reasons by code (id, model, message, remedy)
/// and writes every row to /dev/null. Each is skipped, and said so, when it is not installed.
fn peers(dir: &Path, input: &Path, bytes: u64) {
    let table = dir.join("reasons.csv");
    write_reason_table(&table);
    let (input, table) = (input.to_str().unwrap(), table.to_str().unwrap());
    let duckdb = format!(
        "import duckdb; duckdb.sql(\"COPY (SELECT * FROM read_csv('{input}', all_varchar=true) h LEFT JOIN read_csv('{table}', all_varchar=true) r USING (code)) TO '/dev/null' (HEADER)\")"
    );
    let runs: [(&str, &str, Vec<String>, &str); 3] = [
        (
            "xsv join --left",
            "xsv",
            vec!["join".into(), "--left".into(), "code".into(), input.into(), "code".into(), table.into()],
            "cargo install xsv",
        ),
        (
            "mlr join --ul",
            "mlr",
            vec![
                "--csv".into(),
                "join".into(),
                "--ul".into(),
                "-j".into(),
                "code".into(),
                "-f".into(),
                table.into(),
                input.into(),
            ],
            "apt-get install miller",
        ),
        ("DuckDB LEFT JOIN", "python3", vec!["-c".into(), duckdb], "pip install duckdb"),
    ];
    for (label, program, args, install) in runs {
        let start = Instant::now();
        let status = Command::new(program)
            .args(&args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
        match status {
            Ok(status) if status.success() => {
                report(&format!("{label} → /dev/null"), bytes, None, start.elapsed().as_secs_f64(), None)
            }
            _ => println!("{label:<40} skipped: not installed ({install})"),
        }
    }
}

/// Every reason by each of its codes: the table the peers join with.
fn write_reason_table(path: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalogue/auth-errors.toml");
    let catalogue = catalogue::load(&root).unwrap_or_else(|p| panic!("{p}"));
    let labels = catalogue::present::Labels::new(&catalogue, "ja");
    let mut writer = csv::Writer::from_path(path).unwrap();
    writer.write_record(["code", "id", "model", "message", "remedy"]).unwrap();
    for reason in catalogue.reasons() {
        let view = catalogue::present::ReasonView::new(&catalogue, reason, &labels);
        for code in reason.codes() {
            let message = catalogue::markup::plain(&view.message);
            writer
                .write_record([
                    code.as_str(),
                    reason.id().as_str(),
                    reason.model().as_str(),
                    &message,
                    &view.remedy_plain(),
                ])
                .unwrap();
        }
    }
    writer.flush().unwrap();
}

fn report(label: &str, bytes: u64, written: Option<u64>, seconds: f64, peak_kib: Option<u64>) {
    let mib = |b: u64| b as f64 / (1u64 << 20) as f64;
    let written = written.map_or_else(|| "-".to_string(), |w| format!("{:.0}", mib(w)));
    let peak = peak_kib.map_or_else(|| "-".to_string(), |k| format!("{:.1}", k as f64 / 1024.0));
    println!("{label:<40} {:>10.0} {written:>11} {seconds:>9.2} {:>11.0} {peak:>12}", mib(bytes), mib(bytes) / seconds);
}

/// A header whose last column is the catalogue's first result-column header, and rows that cycle
/// through every code of the real catalogue with its message, and successes without a code.
fn sample_rows() -> (String, Vec<String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalogue/auth-errors.toml");
    let catalogue = catalogue::load(&root).unwrap_or_else(|p| panic!("{p}"));
    // Each error's result cell, and its first code, in a column of its own for the tools that
    // can only join on a column (annotate reads the code from the cell).
    let mut errors: Vec<(String, String)> = Vec::new();
    for reason in catalogue.reasons() {
        let codes: Vec<&str> = reason.codes().map(|c| c.as_str()).collect();
        let message = catalogue::markup::plain(reason.message.tr("ja"));
        let cell = format!("「{message}」({})", codes.join(","));
        // Quoted as the console quotes a cell with a comma or a quote in it.
        let cell = if cell.contains([',', '"']) { format!("\"{}\"", cell.replace('"', "\"\"")) } else { cell };
        errors.push((cell, codes[0].to_string()));
    }
    errors.push(("unknown (999999)".to_string(), "999999".to_string()));
    let mut rows = Vec::new();
    for i in 0..errors.len() * 4 {
        let user = if i % 7 == 0 { format!("\"user{i:04}, sales\"") } else { format!("user{i:04}") };
        let side = if i % 2 == 0 { "viewer" } else { "client" };
        let time = format!("2026/11/{:02} {:02}:{:02}:{:02}", 1 + i % 28, i % 24, i % 60, (i * 7) % 60);
        let ip = format!("192.0.2.{}", i % 250);
        let row = if i % 4 == 0 {
            let (cell, code) = &errors[(i / 4) % errors.len()];
            format!("{time},{user},{side},{ip},NG,{code},{cell}")
        } else {
            format!("{time},{user},{side},{ip},OK,,")
        };
        rows.push(row);
    }
    let result_column = catalogue.access_history().and_then(|a| a.result_columns.first()).expect("result_columns");
    (format!("time,user,side,address,result,code,{}", result_column.get_ref()), rows)
}

fn write_history(path: &Path, header: &str, rows: &[String], encoding: &'static encoding_rs::Encoding, bytes: u64) {
    let encode = |text: &str| encoding.encode(text).0.into_owned();
    let encoded: Vec<Vec<u8>> = rows.iter().map(|r| encode(&format!("{r}\r\n"))).collect();
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(path).unwrap());
    out.write_all(&encode(&format!("{header}\r\n"))).unwrap();
    let mut written = 0u64;
    'outer: loop {
        for row in &encoded {
            out.write_all(row).unwrap();
            written += row.len() as u64;
            if written >= bytes {
                break 'outer;
            }
        }
    }
    out.flush().unwrap();
}

/// `mcauth annotate` of `input` into `output`, or to standard output, which is /dev/null.
fn annotate(input: &Path, output: Option<&Path>, extra: &[&str]) -> (f64, u64) {
    let mut args: Vec<std::ffi::OsString> = ["annotate", "--lang", "ja"].iter().chain(extra).map(Into::into).collect();
    args.push(input.as_os_str().to_owned());
    if let Some(output) = output {
        args.extend(["-o".into(), output.as_os_str().to_owned()]);
    }
    mcauth(&args)
}

/// `mcauth report` of `input` to /dev/null (standard output), reading a time and a user on
/// every row with a reason.
fn report_pass(input: &Path) -> (f64, u64) {
    let args = ["report", "--time-column", "time", "--user-column", "user", "--format", "jsonl"];
    let mut args: Vec<std::ffi::OsString> = args.iter().map(Into::into).collect();
    args.push(input.as_os_str().to_owned());
    mcauth(&args)
}

/// Runs the release binary, its standard output to /dev/null; its wall time and its peak
/// resident memory in KiB.
#[expect(clippy::zombie_processes, reason = "the child is reaped by wait4, which also gives its peak memory")]
fn mcauth(args: &[std::ffi::OsString]) -> (f64, u64) {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_mcauth"))
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut status = 0;
    // SAFETY: rusage is plain data, and wait4 fills it for the child just spawned.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let seconds = start.elapsed().as_secs_f64();
    assert_eq!(pid, child.id() as libc::pid_t);
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) <= 1, "mcauth failed: {stderr}");
    (seconds, usage.ru_maxrss as u64)
}

/// The floor: reading and writing every record with the csv crate, changing nothing.
fn csv_pass(input: &Path, output: &Path) -> f64 {
    let start = Instant::now();
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_path(input).unwrap();
    let mut writer = csv::Writer::from_path(output).unwrap();
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record).unwrap() {
        writer.write_byte_record(&record).unwrap();
    }
    writer.flush().unwrap();
    start.elapsed().as_secs_f64()
}
