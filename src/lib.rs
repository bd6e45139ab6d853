//! branchboard: KRA/KPI scorecards and RM coverage for a bank branch, in one SQLite file.

pub mod domain;
pub mod store;
pub mod import;
pub mod export;
pub mod cli;
pub mod demo;
pub mod ui;
