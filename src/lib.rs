//! branchboard: KRA/KPI scorecards and RM coverage for a bank branch, in one SQLite file.

pub mod domain;
pub mod store;
