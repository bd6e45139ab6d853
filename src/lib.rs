//! branchboard: KRA/KPI scorecards and RM coverage for a bank branch, in one SQLite file.

pub mod cli;
pub mod demo;
pub mod domain;
pub mod export;
pub mod hq;
pub mod import;
pub mod store;
pub mod sync;
pub mod ui;
