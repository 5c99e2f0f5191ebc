//! Base → head: which packages a pull request adds, removes, upgrades or downgrades.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use super::version::compare;
use super::{Ecosystem, Package};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    Added,
    Upgraded,
    Downgraded,
    Removed,
    /// Versions that the ecosystem's order cannot compare.
    Changed,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Upgraded => "upgraded",
            ChangeKind::Downgraded => "downgraded",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

/// One package's change in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub path: String,
    pub kind: ChangeKind,
    pub ecosystem: Ecosystem,
    pub name: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub direct: Option<bool>,
    /// The head line of an added or changed version (none for a removal).
    pub line: Option<usize>,
    pub license: Option<String>,
}

/// The changes from `base` to `head` of one file. Several versions of one
/// package (npm nests them) are paired in version order.
pub fn diff(path: &str, base: &[Package], head: &[Package]) -> Vec<Change> {
    let mut by_name: BTreeMap<String, (Vec<&Package>, Vec<&Package>)> = BTreeMap::new();
    for p in base {
        by_name.entry(p.ecosystem.normalize_name(&p.name)).or_default().0.push(p);
    }
    for p in head {
        by_name.entry(p.ecosystem.normalize_name(&p.name)).or_default().1.push(p);
    }
    let mut out = Vec::new();
    for (before, after) in by_name.values() {
        let mut gone: Vec<&Package> = before.iter().copied().filter(|b| !after.iter().any(|a| a.version == b.version)).collect();
        let mut new: Vec<&Package> = after.iter().copied().filter(|a| !before.iter().any(|b| b.version == a.version)).collect();
        let order = |x: &&Package, y: &&Package| compare(x.ecosystem, &x.version, &y.version).unwrap_or(Ordering::Equal);
        gone.sort_by(order);
        new.sort_by(order);
        let paired = gone.len().min(new.len());
        for (old, now) in gone.iter().zip(&new) {
            let kind = match compare(now.ecosystem, &now.version, &old.version) {
                Some(Ordering::Greater) => ChangeKind::Upgraded,
                Some(Ordering::Less) => ChangeKind::Downgraded,
                _ => ChangeKind::Changed,
            };
            out.push(change(path, kind, Some(old), Some(now)));
        }
        out.extend(new[paired..].iter().map(|now| change(path, ChangeKind::Added, None, Some(now))));
        out.extend(gone[paired..].iter().map(|old| change(path, ChangeKind::Removed, Some(old), None)));
    }
    out.sort_by_key(|c| (c.line.unwrap_or(usize::MAX), c.name.clone()));
    out
}

fn change(path: &str, kind: ChangeKind, old: Option<&Package>, now: Option<&Package>) -> Change {
    let any = now.or(old).expect("a change has a side");
    Change {
        path: path.to_string(),
        kind,
        ecosystem: any.ecosystem,
        name: any.name.clone(),
        from: old.map(|p| p.version.clone()),
        to: now.map(|p| p.version.clone()),
        direct: now.and_then(|p| p.direct).or(old.and_then(|p| p.direct)),
        line: now.map(|p| p.line),
        license: now.and_then(|p| p.license.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn npm(name: &str, version: &str, line: usize) -> Package {
        Package { ecosystem: Ecosystem::Npm, name: name.into(), version: version.into(), direct: Some(true), line, license: None }
    }

    #[test]
    fn each_kind_of_change() {
        let base = [npm("a", "1.0.0", 1), npm("b", "2.0.0", 2), npm("c", "1.0.0", 3)];
        let head = [npm("a", "1.2.0", 1), npm("b", "1.9.9", 2), npm("d", "0.1.0", 3)];
        let kinds: Vec<_> = diff("package-lock.json", &base, &head).into_iter().map(|c| (c.name, c.kind)).collect();
        assert_eq!(kinds, vec![("a".into(), ChangeKind::Upgraded), ("b".into(), ChangeKind::Downgraded), ("d".into(), ChangeKind::Added), ("c".into(), ChangeKind::Removed)]);
    }
}
