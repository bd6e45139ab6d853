//! The branch's rules as plain data in, plain data out: periods, templates, scoring, coverage.
//! Nothing here touches a file, a database or a terminal.

pub mod actor;
pub mod book;
pub mod capability;
pub mod coverage;
pub mod customer;
#[cfg(test)]
mod enum_codes;
pub mod identity;
pub mod login;
pub mod number;
pub mod period;
pub mod rebalance;
pub mod scoring;
pub mod settings;
pub mod staff;
pub mod team;
pub mod template;
pub mod text;
