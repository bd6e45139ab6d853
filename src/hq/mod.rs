//! Head office: every branch together in PostgreSQL (SPEC §8). Branches ship their own figures
//! and computed scorecards (`crate::sync`); this module connects, keeps the schema and roles,
//! applies what branches ship and reads it back for exports and the head-office dashboard.

pub mod connect;
pub mod dashboard;
pub mod export;
pub mod store;
mod tls;
