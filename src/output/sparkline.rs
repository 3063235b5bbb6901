//! A series in one line (`ovh stats`, `console-connect utilization`): under the table of samples,
//! on a terminal only, a sparkline with the minimum, maximum and last value, because the shape
//! of a day of traffic is seen at a glance and read in a table only slowly. Scripts get the rows
//! (JSON, or a table written to a pipe) and never this line.

/// The eight heights of a bar, lowest first.
const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// The sparkline of `values` (samples that are not finite are skipped), at most `width`
/// characters wide in all, followed by `min`, `max` and `last` in `unit`; `None` when no sample
/// is finite. A series longer than the room left is averaged into buckets, so that the line
/// keeps the whole period's shape.
pub fn line(values: &[f64], unit: &str, width: Option<u16>) -> Option<String> {
    let values: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let (&last, _) = values.split_last()?;
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let unit = if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    };
    let legend = format!(
        "  min {}{unit}  max {}{unit}  last {}{unit}",
        number(min),
        number(max),
        number(last)
    );
    let room = width
        .map(|w| usize::from(w).saturating_sub(legend.chars().count()))
        .unwrap_or(values.len())
        .clamp(8, 120);
    let bars: String = buckets(&values, room)
        .into_iter()
        .map(|v| bar(v, min, max))
        .collect();
    Some(format!("{bars}{legend}\n"))
}

/// `values` averaged into at most `room` buckets of (nearly) equal size, in order.
fn buckets(values: &[f64], room: usize) -> Vec<f64> {
    if values.len() <= room {
        return values.to_vec();
    }
    (0..room)
        .map(|i| {
            let (start, end) = (i * values.len() / room, (i + 1) * values.len() / room);
            let part = &values[start..end.max(start + 1)];
            part.iter().sum::<f64>() / part.len() as f64
        })
        .collect()
}

/// The bar for `value` between `min` and `max` (a flat series sits at the lowest height).
fn bar(value: f64, min: f64, max: f64) -> char {
    if max <= min {
        return BARS[0];
    }
    let step = ((value - min) / (max - min) * (BARS.len() - 1) as f64).round();
    BARS[(step as usize).min(BARS.len() - 1)]
}

/// A value as people read it: whole numbers bare, others to two decimals at most, and from
/// 10 000 up in thousands, millions... (`98.39M`), so that a day of traffic in bytes/s leaves
/// the bars room on an 80-column terminal.
fn number(value: f64) -> String {
    let (scaled, suffix) = match value.abs() {
        a if a >= 1e12 => (value / 1e12, "T"),
        a if a >= 1e9 => (value / 1e9, "G"),
        a if a >= 1e6 => (value / 1e6, "M"),
        a if a >= 1e4 => (value / 1e3, "k"),
        _ => (value, ""),
    };
    let text = format!("{scaled:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_series_is_one_line_with_its_minimum_maximum_and_last() {
        let text = line(&[0.0, 5.0, 10.0, 2.5], "Mbit/s", None).unwrap();
        assert_eq!(text, "▁▅█▃  min 0 Mbit/s  max 10 Mbit/s  last 2.5 Mbit/s\n");
    }

    #[test]
    fn a_long_series_is_averaged_to_fit_the_terminal() {
        let values: Vec<f64> = (0..1000).map(f64::from).collect();
        let text = line(&values, "", Some(60)).unwrap();
        assert!(text.chars().count() <= 61, "{text}");
        assert!(text.starts_with('▁') && text.contains("█  min 0"), "{text}");
    }

    #[test]
    fn large_values_are_scaled_so_that_a_day_of_traffic_fits_80_columns() {
        assert_eq!(number(1250.5), "1250.5");
        assert_eq!(number(98_393_629.73), "98.39M");
        assert_eq!(number(-45_000.0), "-45k");
        let day: Vec<f64> = (0..288).map(|i| 8.1e6 + f64::from(i) * 3.1e5).collect();
        let text = line(&day, "bytes/s", Some(80)).unwrap();
        assert!(text.trim_end().chars().count() <= 80, "{text}");
        assert!(
            text.contains("  min 8.1M bytes/s  max 97.07M bytes/s"),
            "{text}"
        );
    }

    #[test]
    fn nothing_finite_is_no_line_and_a_flat_series_is_low() {
        assert_eq!(line(&[], "dBm", None), None);
        assert_eq!(line(&[f64::NAN, f64::INFINITY], "dBm", None), None);
        assert_eq!(
            line(&[-3.5, -3.5], "dBm", None).unwrap(),
            "▁▁  min -3.5 dBm  max -3.5 dBm  last -3.5 dBm\n"
        );
    }
}
