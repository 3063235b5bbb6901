//! Tables and keys of the config file that `cc` does not know, each named with the closest one
//! it does (`CLI.md` §2): a misspelt key (`projet_id`) is otherwise silently ignored and the
//! value it was meant to set looks missing, which is the hardest kind of mistake to see.

use super::Setting;

/// One warning per unknown table or key of `table` (a whole config file), with the closest known
/// name when one is close enough.
pub fn warnings(table: &toml::Table, known: &[Setting]) -> Vec<String> {
    let pairs: Vec<(&str, &str)> = known.iter().filter_map(|s| s.key.split_once('.')).collect();
    let mut sections: Vec<&str> = pairs.iter().map(|(section, _)| *section).collect();
    sections.dedup();
    let mut warnings = Vec::new();
    for (top, value) in table {
        if top != "profiles" {
            warnings.push(unknown(top, top, "", &["profiles"]));
            continue;
        }
        for (profile, tables) in value.as_table().into_iter().flatten() {
            for (section, fields) in tables.as_table().into_iter().flatten() {
                let at = format!("profiles.{profile}.{section}");
                if !sections.contains(&section.as_str()) {
                    warnings.push(unknown(&at, section, "", &sections));
                    continue;
                }
                let own: Vec<&str> = pairs
                    .iter()
                    .filter(|(s, _)| s == section)
                    .map(|(_, field)| *field)
                    .collect();
                for (field, _) in fields.as_table().into_iter().flatten() {
                    if !own.contains(&field.as_str()) {
                        let key = format!("{at}.{field}");
                        warnings.push(unknown(&key, field, &format!("{section}."), &own));
                    }
                }
            }
        }
    }
    warnings
}

/// The warning for the unknown `name` at `at`, naming the closest of `candidates` (after
/// `prefix`: a key is named with its section, as `cc config set` takes it).
fn unknown(at: &str, name: &str, prefix: &str, candidates: &[&str]) -> String {
    let closest = candidates
        .iter()
        .map(|c| (distance(name, c), *c))
        .min()
        .filter(|(d, c)| *d <= (c.len().max(name.len()) / 3).max(1));
    match closest {
        Some((_, c)) => format!("config: unknown `{at}`, ignored; did you mean `{prefix}{c}`?"),
        None => format!("config: unknown `{at}`, ignored"),
    }
}

/// The Levenshtein distance between `a` and `b` (case-insensitive, `-` as `_`).
fn distance(a: &str, b: &str) -> usize {
    let norm = |s: &str| -> Vec<char> { s.to_lowercase().replace('-', "_").chars().collect() };
    let (a, b) = (norm(a), norm(b));
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut last = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (here + 1).min(row[j] + 1).min(last + usize::from(ca != cb));
            last = here;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::setting;

    const KNOWN: [Setting; 3] = [
        setting("orange.url", &[], false, None),
        setting("orange.project_id", &[], false, None),
        setting("console_connect.token", &[], true, None),
    ];

    #[test]
    fn misspelt_tables_and_keys_are_named_with_the_closest_one() {
        let table: toml::Table = "[profiles.default.orange]\nprojet_id = \"p\"\nurl = \"u\"\n\
             [profiles.lab.oragne]\nurl = \"u\"\n[profiles.lab.console-connect]\ntoken = \"t\"\n\
             [profiles.lab.zzz]\n[profile.x]\n"
            .parse()
            .unwrap();
        let warnings = warnings(&table, &KNOWN);
        assert_eq!(
            warnings,
            [
                "config: unknown `profile`, ignored; did you mean `profiles`?",
                "config: unknown `profiles.default.orange.projet_id`, ignored; did you mean `orange.project_id`?",
                "config: unknown `profiles.lab.console-connect`, ignored; did you mean `console_connect`?",
                "config: unknown `profiles.lab.oragne`, ignored; did you mean `orange`?",
                "config: unknown `profiles.lab.zzz`, ignored",
            ]
        );
    }
}
