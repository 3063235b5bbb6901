//! `cc ovh stats` on a real pseudo-terminal (issue 22): the sparkline with min, max and last
//! follows the table on a terminal, and is absent when stdout is a pipe (scripts get the rows
//! only), against the sandbox's series.

use crate::common::{TestEnv, assert_code, run, stdout};
use crate::terminal::{finish, plain, pty};

const L3: &str = "5f8f3b52-0000-4000-8000-000000000002";

/// `--sandbox ovh stats` of a day of traffic on interface 2002 (288 samples).
const STATS: &[&str] = &[
    "--sandbox",
    "ovh",
    "stats",
    L3,
    "--interface",
    "2002",
    "--type",
    "traffic:download",
];

/// The bars of a sparkline, lowest to highest.
const BARS: &str = "▁▂▃▄▅▆▇█";

fn is_bar(c: char) -> bool {
    BARS.contains(c)
}

#[test]
fn the_sparkline_follows_the_table_on_a_terminal_within_its_width() {
    let env = TestEnv::new();
    let (out, code) = finish(pty(&env, STATS, &[]));
    assert_eq!(code, 0, "{out}");
    let out = plain(&out);
    let lines: Vec<&str> = out.lines().map(|l| l.trim_end_matches('\r')).collect();
    assert!(lines[0].starts_with("TIME"), "a table first: {out}");
    let spark = lines.last().expect("a last line");
    let (bars, legend) = spark.split_at(spark.find("  min ").expect("a legend"));
    assert!(
        !bars.is_empty() && bars.chars().all(is_bar),
        "bars, then the legend: {spark:?}"
    );
    assert!(
        legend.contains(" bytes/s  max ") && legend.contains(" bytes/s  last "),
        "{legend:?}"
    );
    // A day of samples is averaged to fit the 80 columns, never wrapped.
    assert!(spark.chars().count() <= 80, "{spark:?}");
    assert!(bars.chars().count() >= 16, "{spark:?}");
    // The rows before it are the samples, one each (288 a day, every 5 minutes).
    assert_eq!(lines.iter().filter(|l| l.contains("bytes/s")).count(), 289);
}

#[tokio::test(flavor = "multi_thread")]
async fn no_sparkline_when_piped_even_as_a_table() {
    let env = TestEnv::new();
    let mut cmd = env.cc();
    cmd.args(STATS).args(["-o", "table"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let text = stdout(&out);
    assert!(text.starts_with("TIME"), "{text}");
    assert_eq!(text.lines().count(), 289, "the header and 288 rows");
    assert!(!text.contains(is_bar) && !text.contains("  min "), "{text}");
}
