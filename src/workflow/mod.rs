//! Workflows around the pipeline: takes what the CLI asks for and gives it by calling
//! [`crate::pipeline`] (never the stages one by one): `watch` and `serve` rebuild on save, `batch`
//! builds many plans at once, `scaffold` starts a new plan, `verify` checks a release folder.

pub mod batch;
pub mod ci;
pub mod preview;
pub mod scaffold;
pub mod serve;
pub mod summary;
pub mod verify;
pub mod watch;
