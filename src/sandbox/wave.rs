//! Sine and cosine for the sandbox's daily curves (a connection's utilisation, an interface's
//! traffic), without the C maths library.
//!
//! `f64::sin` and `f64::cos` are calls into glibc's `libm.so.6`, and these two curves were the
//! last of its users: linking them made every start of `cc` load that library (`cc` starts once
//! for every compile of a C build when it is first on `PATH`; `bench/README.md`, row 1, and
//! `crate::progress` for the other user). The angle here is in whole turns, which the curves
//! have anyway (a fraction of a day), so reducing it to an eighth of a turn is exact, and there a
//! Taylor polynomial of degree 18 is within a few units in the last place of the library's
//! answer: the sandbox's figures, rounded to a thousandth at most, are the same as before.

use std::f64::consts::TAU;

/// The cosine of an angle of `turns` whole turns (`cos(2π · turns)`).
pub(crate) fn cos_turns(turns: f64) -> f64 {
    // Even and of period 1: a quarter of a turn or less from 0 or from a half turn.
    let x = (turns - turns.round()).abs();
    let (x, sign) = match x > 0.25 {
        true => (0.5 - x, -1.0),
        false => (x, 1.0),
    };
    // Past an eighth, the sine of what is left to a quarter.
    let value = match x > 0.125 {
        true => sin_near_zero(TAU * (0.25 - x)),
        false => cos_near_zero(TAU * x),
    };
    sign * value
}

/// The sine of an angle of `turns` whole turns (`sin(2π · turns)`).
pub(crate) fn sin_turns(turns: f64) -> f64 {
    cos_turns(turns - 0.25)
}

/// `1/n!` for the Taylor terms, from 0! to 19!.
const INVERSE_FACTORIALS: [f64; 20] = {
    let mut table = [1.0; 20];
    let mut n = 1;
    while n < 20 {
        table[n] = table[n - 1] / n as f64;
        n += 1;
    }
    table
};

/// `cos θ` for `|θ| ≤ π/4`: the terms up to `θ^18/18!` (the next is under 1e-19).
fn cos_near_zero(theta: f64) -> f64 {
    let square = theta * theta;
    (0..=9).rev().fold(0.0, |sum, k| {
        let term = INVERSE_FACTORIALS[2 * k];
        sum * square + if k % 2 == 0 { term } else { -term }
    })
}

/// `sin θ` for `|θ| ≤ π/4`: the terms up to `θ^19/19!`.
fn sin_near_zero(theta: f64) -> f64 {
    let square = theta * theta;
    theta
        * (0..=9).rev().fold(0.0, |sum, k| {
            let term = INVERSE_FACTORIALS[2 * k + 1];
            sum * square + if k % 2 == 0 { term } else { -term }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_the_c_library_over_several_turns() {
        // Every 1/7919 of a turn from -3 to 3 turns, and the curves' own instants. The library
        // is given `2π · turns` rounded, an error that grows with the angle: allowed for.
        for i in -3 * 7919..=3 * 7919 {
            let turns = f64::from(i) / 7919.0;
            let (cos, sin) = ((TAU * turns).cos(), (TAU * turns).sin());
            let within = 4e-16 + f64::EPSILON * (TAU * turns).abs();
            assert!((cos_turns(turns) - cos).abs() < within, "cos {turns}");
            assert!((sin_turns(turns) - sin).abs() < within, "sin {turns}");
        }
        for second in (0..86_400).step_by(60) {
            let day = f64::from(second) / 86_400.0;
            let expected = (TAU * (day - 0.1)).cos();
            assert!((cos_turns(day - 0.1) - expected).abs() < 2e-15, "{second}");
        }
    }

    #[test]
    fn the_curves_figures_are_those_of_the_c_library_as_the_sandbox_rounds_them() {
        // Every minute of a day, at the largest scales the curves are used at (a 10 Gbit/s
        // connection in Mbit/s to a thousandth; 90 MB/s to a hundredth).
        let round = |v: f64, places: f64| (v * places).round() / places;
        for minute in 0..1440 {
            let hour = f64::from(minute) / 60.0;
            let before = (std::f64::consts::PI * (hour - 8.0) / 12.0).sin().max(0.0);
            let after = sin_turns((hour - 8.0) / 24.0).max(0.0);
            assert_eq!(
                round(10_000.0 * (0.08 + 0.55 * before), 1000.0),
                round(10_000.0 * (0.08 + 0.55 * after), 1000.0),
                "utilisation at {hour} h"
            );
            let day = hour / 24.0;
            let before = 0.55 - 0.45 * (TAU * (day - 0.1)).cos();
            let after = 0.55 - 0.45 * cos_turns(day - 0.1);
            assert_eq!(
                round(before * 9.0e7, 100.0),
                round(after * 9.0e7, 100.0),
                "traffic at {hour} h"
            );
        }
    }

    #[test]
    fn the_landmarks_are_exact() {
        assert_eq!(cos_turns(0.0), 1.0);
        assert_eq!(cos_turns(0.5), -1.0);
        assert_eq!(cos_turns(-1.0), 1.0);
        assert_eq!(sin_turns(0.25), 1.0);
        assert_eq!(sin_turns(0.0), 0.0);
        assert_eq!(sin_turns(0.5), 0.0);
        assert!(cos_turns(0.25).abs() < 1e-16);
    }
}
