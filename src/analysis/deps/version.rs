//! Each ecosystem's version order, as OSV's `ECOSYSTEM` ranges use it:
//! SemVer (npm, crates.io, Go with pseudo-versions), PEP 440 (PyPI),
//! RubyGems, Maven, NuGet and Composer (Packagist).

use std::cmp::Ordering;
use std::str::FromStr;

use super::Ecosystem;

/// Compares two versions of one ecosystem; `None` when either is not a
/// version of that ecosystem (a git branch, a URL), which then matches no range.
pub fn compare(ecosystem: Ecosystem, a: &str, b: &str) -> Option<Ordering> {
    match ecosystem {
        Ecosystem::Npm | Ecosystem::CratesIo => semver_compare(a, b),
        // Go: `v1.2.3`, pseudo-versions `v0.0.0-20230101-abcdef` are SemVer
        // pre-releases, and `+incompatible` is build metadata.
        Ecosystem::Go => semver_compare(a, b),
        Ecosystem::PyPI => Some(pep440_rs::Version::from_str(a.trim()).ok()?.cmp(&pep440_rs::Version::from_str(b.trim()).ok()?)),
        Ecosystem::RubyGems => Some(rubygems_compare(a, b)),
        Ecosystem::Maven => Some(token_compare(a, b, maven_rank)),
        Ecosystem::NuGet => nuget_compare(a, b),
        Ecosystem::Packagist => {
            let (a, b) = (a.trim().trim_start_matches(['v', 'V']), b.trim().trim_start_matches(['v', 'V']));
            // `dev-main` is a branch, not a point in the order.
            (!a.starts_with("dev-") && !b.starts_with("dev-")).then(|| token_compare(a, b, composer_rank))
        }
    }
}

/// A SemVer version, leniently: a leading `v` or `=` is dropped and missing
/// minor/patch numbers are zeros (`1.2` is `1.2.0`).
pub fn lenient_semver(text: &str) -> Option<semver::Version> {
    let text = text.trim().trim_start_matches(['v', '=']);
    if let Ok(v) = semver::Version::parse(text) {
        return Some(v);
    }
    let split = text.find(['-', '+']).unwrap_or(text.len());
    let (core, rest) = text.split_at(split);
    let parts: Vec<&str> = core.split('.').collect();
    if parts.is_empty() || parts.len() > 3 || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let padded = [parts.first().copied().unwrap_or("0"), parts.get(1).copied().unwrap_or("0"), parts.get(2).copied().unwrap_or("0")].join(".");
    semver::Version::parse(&format!("{padded}{rest}")).ok()
}

fn semver_compare(a: &str, b: &str) -> Option<Ordering> {
    // Precedence ignores build metadata (SemVer §10).
    Some(lenient_semver(a)?.cmp_precedence(&lenient_semver(b)?))
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Number(u64),
    Word(String),
}

/// Splits at `.`, `-`, `_`, `+` and at digit/letter boundaries.
fn tokens(version: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, out: &mut Vec<Token>| {
        if !current.is_empty() {
            let token = match current.parse::<u64>() {
                Ok(n) => Token::Number(n),
                Err(_) => Token::Word(current.to_ascii_lowercase()),
            };
            out.push(token);
            current.clear();
        }
    };
    for c in version.trim().chars() {
        if matches!(c, '.' | '-' | '_' | '+') {
            flush(&mut current, &mut out);
            continue;
        }
        if let Some(last) = current.chars().last()
            && last.is_ascii_digit() != c.is_ascii_digit()
        {
            flush(&mut current, &mut out);
        }
        current.push(c);
    }
    flush(&mut current, &mut out);
    out
}

/// Compares token lists; a missing token is `0` against a number and the
/// release (rank of `""`) against a word; words rank below numbers.
fn token_compare(a: &str, b: &str, rank: fn(&str) -> (u8, String)) -> Ordering {
    let (a, b) = (tokens(a), tokens(b));
    for i in 0..a.len().max(b.len()) {
        let ord = match (a.get(i), b.get(i)) {
            (Some(Token::Number(x)), Some(Token::Number(y))) => x.cmp(y),
            (Some(Token::Word(x)), Some(Token::Word(y))) => rank(x).cmp(&rank(y)),
            (Some(Token::Number(_)), Some(Token::Word(_))) => Ordering::Greater,
            (Some(Token::Word(_)), Some(Token::Number(_))) => Ordering::Less,
            (Some(Token::Number(x)), None) => x.cmp(&0),
            (None, Some(Token::Number(y))) => 0.cmp(y),
            (Some(Token::Word(x)), None) => rank(x).cmp(&rank("")),
            (None, Some(Token::Word(y))) => rank("").cmp(&rank(y)),
            (None, None) => Ordering::Equal,
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    Ordering::Equal
}

/// Maven's qualifier order: alpha < beta < milestone < rc < snapshot < release < sp < others (alphabetical).
fn maven_rank(word: &str) -> (u8, String) {
    match word {
        "alpha" | "a" => (0, String::new()),
        "beta" | "b" => (1, String::new()),
        "milestone" | "m" => (2, String::new()),
        "rc" | "cr" => (3, String::new()),
        "snapshot" => (4, String::new()),
        "" | "ga" | "final" | "release" => (5, String::new()),
        "sp" => (6, String::new()),
        other => (7, other.to_string()),
    }
}

/// Composer's stability order: dev < alpha < beta < RC < stable < patch.
fn composer_rank(word: &str) -> (u8, String) {
    match word {
        "dev" => (0, String::new()),
        "alpha" | "a" => (1, String::new()),
        "beta" | "b" => (2, String::new()),
        "rc" => (3, String::new()),
        "" | "stable" => (4, String::new()),
        "patch" | "pl" | "p" => (5, String::new()),
        other => (6, other.to_string()),
    }
}

/// `Gem::Version#<=>`: segments of digits or letters, a letter segment marks a
/// pre-release (below any number), trailing zeros do not count.
fn rubygems_compare(a: &str, b: &str) -> Ordering {
    let segments = |v: &str| {
        let mut t = tokens(&v.trim().replace('-', ".pre."));
        while matches!(t.last(), Some(Token::Number(0))) {
            t.pop();
        }
        t
    };
    let (a, b) = (segments(a), segments(b));
    for i in 0..a.len().max(b.len()) {
        let ord = match (a.get(i).cloned().unwrap_or(Token::Number(0)), b.get(i).cloned().unwrap_or(Token::Number(0))) {
            (Token::Number(x), Token::Number(y)) => x.cmp(&y),
            (Token::Word(x), Token::Word(y)) => x.cmp(&y),
            (Token::Word(_), Token::Number(_)) => Ordering::Less,
            (Token::Number(_), Token::Word(_)) => Ordering::Greater,
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    Ordering::Equal
}

/// NuGet: up to four numbers, then an optional pre-release (case-insensitive,
/// compared as SemVer's); build metadata ignored.
fn nuget_compare(a: &str, b: &str) -> Option<Ordering> {
    fn split(v: &str) -> Option<([u64; 4], Option<String>)> {
        let v = v.trim().split('+').next()?;
        let (core, pre) = match v.split_once('-') {
            Some((core, pre)) => (core, Some(pre.to_ascii_lowercase())),
            None => (v, None),
        };
        let mut numbers = [0u64; 4];
        for (i, part) in core.split('.').enumerate() {
            *numbers.get_mut(i)? = part.parse().ok()?;
        }
        Some((numbers, pre))
    }
    let ((na, pa), (nb, pb)) = (split(a)?, split(b)?);
    Some(na.cmp(&nb).then_with(|| match (pa, pb) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(x), Some(y)) => semver::Prerelease::new(&x).ok().zip(semver::Prerelease::new(&y).ok()).map_or_else(|| x.cmp(&y), |(x, y)| x.cmp(&y)),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Ordering::*;

    fn check(ecosystem: Ecosystem, pairs: &[(&str, &str, Ordering)]) {
        for (a, b, want) in pairs {
            assert_eq!(compare(ecosystem, a, b), Some(*want), "{ecosystem}: {a} vs {b}");
        }
    }

    #[test]
    fn orders_of_each_ecosystem() {
        check(Ecosystem::Npm, &[("1.2.3", "1.10.0", Less), ("1.0.0-rc.1", "1.0.0", Less), ("v2.0", "2.0.0", Equal)]);
        check(Ecosystem::Go, &[("v0.0.0-20230101000000-abcdefabcdef", "v0.1.0", Less), ("v2.0.0+incompatible", "2.0.0", Equal), ("v1.2.3", "1.2.4", Less)]);
        check(Ecosystem::PyPI, &[("1.0rc1", "1.0", Less), ("1.0.post1", "1.0", Greater), ("1.0.dev0", "1.0a1", Less), ("2!1.0", "3.0", Greater), ("1.0", "1.0.0", Equal)]);
        check(Ecosystem::RubyGems, &[("1.0.0.pre", "1.0.0", Less), ("1.0", "1.0.0", Equal), ("1.0.a10", "1.0.b1", Less), ("2.2.10", "2.2.9", Greater)]);
        check(
            Ecosystem::Maven,
            &[("1.0-alpha-1", "1.0", Less), ("1.0-SNAPSHOT", "1.0", Less), ("1.0", "1.0-sp1", Less), ("1.0.RELEASE", "1.0", Equal), ("2.12.7.1", "2.12.7", Greater), ("1.0-rc1", "1.0-beta2", Greater)],
        );
        check(Ecosystem::NuGet, &[("1.0.0.1", "1.0.0", Greater), ("1.0.0-Beta", "1.0.0-alpha", Greater), ("1.0.0-rc.1", "1.0.0", Less), ("13.0.1", "13.0.1.0", Equal)]);
        check(Ecosystem::Packagist, &[("v5.4.1", "5.4.10", Less), ("2.0.0-RC1", "2.0.0", Less), ("2.0.0-beta2", "2.0.0-RC1", Less)]);
        assert_eq!(compare(Ecosystem::Packagist, "dev-main", "1.0"), None);
        assert_eq!(compare(Ecosystem::Npm, "github:user/repo", "1.0.0"), None);
    }
}
