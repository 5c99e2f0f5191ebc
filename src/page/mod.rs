//! HTML pages of reviews: the Markdown the review posts rendered as GitHub
//! renders it, its chart drawn as SVG, and the page `techlead demo` and
//! `techlead review --local --html` write.

pub mod chart;
pub mod markdown;
pub mod review;
