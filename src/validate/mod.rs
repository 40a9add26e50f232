//! Validate: takes the parsed sections, the edition and the plan settings, and gives diagnostics:
//! template headings (missing, misordered, misspelt, wrongly levelled, repeated), skipped heading
//! levels, images, links, footnotes, tables placed or not, and the sign-off. It also gives, for
//! each heading, the template heading it fills, which the view stage uses.
//!
//! Each part is a module: `headings`, `content` (images, links, footnotes), `tables`, `sign_off`,
//! `lint` (author lints), `prose` (figures typed in sentences, checked against the tables) and `allow` (the `allow:` front-matter key). [`crate::pipeline`] runs
//! them in order.

pub mod allow;
pub mod content;
pub mod glyphs;
pub mod headings;
pub mod lint;
pub mod pdf_safety;
pub mod prose;
pub mod sign_off;
pub mod tables;

pub use content::{anchors, check_content};
pub use headings::{check_headings, headings, FoundHeading};
pub use prose::check_prose;
pub use sign_off::{check_sign_off, dirty_refusal, release_refusal};
pub use tables::check_tables;
