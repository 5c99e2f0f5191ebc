//! How bad an advisory is: the CVSS v3.x / v4.0 base score computed from the
//! vector (the `cvss` crate implements both specifications' formulas), else
//! the database's own word (GitHub's `database_specific.severity`).

use std::fmt;
use std::str::FromStr;

/// The qualitative rating, as CVSS names score bands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Low,
    Medium,
    High,
    Critical,
}

impl Level {
    /// CVSS v3.1 / v4.0 bands: 0.1–3.9 low, 4.0–6.9 medium, 7.0–8.9 high, 9.0–10 critical.
    pub fn of_score(score: f64) -> Level {
        match score {
            s if s >= 9.0 => Level::Critical,
            s if s >= 7.0 => Level::High,
            s if s >= 4.0 => Level::Medium,
            _ => Level::Low,
        }
    }

    /// A database's word: GitHub says `MODERATE` for medium.
    pub fn of_word(word: &str) -> Option<Level> {
        match word.to_ascii_uppercase().as_str() {
            "LOW" => Some(Level::Low),
            "MODERATE" | "MEDIUM" => Some(Level::Medium),
            "HIGH" => Some(Level::High),
            "CRITICAL" => Some(Level::Critical),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
            Level::Critical => "critical",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An advisory's severity and where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Rating {
    pub level: Level,
    /// The base score, when a CVSS vector gave one.
    pub score: Option<f64>,
    /// `CVSS:3.1`, `CVSS:4.0` or `database`.
    pub source: String,
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.score {
            Some(score) => write!(f, "{} ({score:.1}, {})", self.level, self.source),
            None => write!(f, "{} ({})", self.level, self.source),
        }
    }
}

/// The base score of a `CVSS:3.0/…`, `CVSS:3.1/…` or `CVSS:4.0/…` vector.
pub fn base_score(vector: &str) -> Option<f64> {
    Some(cvss::Cvss::from_str(vector.trim()).ok()?.score())
}

/// The rating of a vector, with its version as the source.
pub fn rate_vector(vector: &str) -> Option<Rating> {
    let score = base_score(vector)?;
    let source = vector.split('/').next().unwrap_or("CVSS").to_string();
    Some(Rating { level: Level::of_score(score), score: Some(score), source })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_scores_of_known_vectors() {
        // FIRST's specification examples: v3.1 critical network RCE, v4.0's highest vector.
        assert_eq!(base_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), Some(9.8));
        assert_eq!(base_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N"), Some(6.1));
        assert_eq!(base_score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H"), Some(10.0));
        assert_eq!(base_score("CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N"), Some(6.8));
        assert_eq!(base_score("not a vector"), None);
        assert_eq!(Level::of_word("moderate"), Some(Level::Medium));
        assert_eq!(rate_vector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").unwrap().to_string(), "critical (9.8, CVSS:3.1)");
    }
}
