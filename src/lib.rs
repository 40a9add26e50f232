//! yjplan: compiles a statutory Youth Justice Plan, written as YAML-fronted markdown with data
//! tables, into an accessible HTML page and a tagged PDF, checking it against the YJB template.
//!
//! The modules are listed in pipeline order: load -> compute -> expand -> parse -> validate ->
//! view -> render (HTML, PDF, manifest) -> output. [`pipeline`] is the one place that runs them
//! in that order; `diag`, `resources`, `charts` and `util` serve every stage, and `workflow`
//! (watch, serve, batch, new, verify) sits outside the pipeline and calls it. Stages return
//! values plus diagnostics and never print. This file holds the module list and re-exports only.

pub mod charts;
pub mod compute;
pub mod diag;
pub mod expand;
pub mod load;
pub mod model;
pub mod output;
pub mod parse;
pub mod pipeline;
pub mod render;
pub mod resources;
pub mod util;
pub mod validate;
pub mod view;
pub mod workflow;

pub use pipeline::{build, compile, BuildError, BuildOptions, Built, Compiled};
pub use render::RenderContext;
