//! The integration tests: one binary, a module per feature, all running the real
//! `afterword` binary on sites in temporary folders.

mod browser;
mod build;
mod check;
mod cli;
mod fuzz;
mod guide;
mod incremental;
mod limits;
mod offline;
mod output_safety;
mod plan;
mod reading;
mod readme;
mod serve;
mod start;
mod support;
mod tidy;
