//! Indian person and firm names for the demo branch, and logins derived from them.

use super::random::{self, DemoRng};
use crate::domain::login::is_valid_login;
use std::collections::HashSet;

pub use super::MANAGER_LOGIN;
pub const MANAGER_NAME: &str = "Meera Iyer";

const FIRST_NAMES: [&str; 60] = [
    "Aarav", "Aditi", "Akash", "Ananya", "Anil", "Anjali", "Arjun", "Asha", "Deepa", "Deepak", "Divya", "Farhan",
    "Gaurav", "Geeta", "Harish", "Isha", "Javed", "Kavita", "Kiran", "Lakshmi", "Manish", "Naveen", "Neha", "Nikhil",
    "Nisha", "Pooja", "Pradeep", "Priya", "Rahul", "Rajesh", "Ramesh", "Ravi", "Rekha", "Rohan", "Sachin", "Sanjay",
    "Sarita", "Shalini", "Shreya", "Simran", "Sneha", "Sunil", "Sunita", "Suresh", "Swati", "Tanvi", "Uday", "Usha",
    "Varun", "Vidya", "Vikram", "Vinod", "Yash", "Zoya", "Imran", "Fatima", "Gurpreet", "Harpreet", "Joseph", "Mary",
];

#[rustfmt::skip]
const LAST_NAMES: [&str; 40] = [
    "Agarwal", "Bansal", "Bhat", "Chatterjee", "Chopra", "Das", "Desai", "D'Souza", "Fernandes",
    "Ghosh", "Gill", "Gupta", "Hegde", "Jain", "Joshi", "Kapoor", "Khan", "Kulkarni", "Kumar",
    "Menon", "Mehta", "Mishra", "Mukherjee", "Nair", "Pandey", "Patel", "Pillai", "Rao", "Reddy",
    "Saxena", "Sen", "Shah", "Sharma", "Shetty", "Singh", "Sinha", "Srinivasan", "Thomas", "Varma",
    "Yadav",
];

#[rustfmt::skip]
const TRADES: [&str; 24] = [
    "Textiles", "Traders", "Agro Foods", "Auto Components", "Hardware", "Pharma Distributors",
    "Electricals", "Garments", "Logistics", "Packaging", "Steel Works", "Construction", "Spices",
    "Jewellers", "Polymers", "Printers", "Furnishings", "Dairy Products", "Engineering Works",
    "Tiles & Sanitary", "Medical Stores", "Motors", "Cold Storage", "Fabrics",
];

/// "Pvt Ltd" twice: most small firms are private limited companies.
#[rustfmt::skip]
const SME_SUFFIXES: [&str; 6] = ["Pvt Ltd", "& Sons", "Enterprises", "LLP", "and Co", "Pvt Ltd"];

/// Shops named after a deity rather than the family that owns them.
#[rustfmt::skip]
const DEITY_PREFIXES: [&str; 6] = ["Sri Lakshmi", "Sri Balaji", "Ganesh", "Sai", "Om Sai", "Jai Ambe"];

#[rustfmt::skip]
const CORPORATE_PREFIXES: [&str; 16] = [
    "Deccan", "Coromandel", "Narmada", "Konkan", "Malabar", "Kaveri", "Himalaya", "Sahyadri",
    "Vindhya", "Ganga", "Aravali", "Godavari", "Saurashtra", "Nilgiri", "Indus", "Brahmaputra",
];

#[rustfmt::skip]
const INDUSTRIES: [&str; 14] = [
    "Infra Projects", "Pharmaceuticals", "Steel Industries", "Chemicals", "Power", "Cements",
    "Auto Industries", "Textile Mills", "Foods", "Shipping", "Realty", "Technologies",
    "Fertilisers", "Logistics",
];

/// Staff names: first and last names in a seeded order, paired so that no two of the first
/// 60 × 40 staff share a full name.
pub struct StaffNames {
    first: Vec<&'static str>,
    last: Vec<&'static str>,
}

impl StaffNames {
    pub fn new(rng: &mut DemoRng) -> StaffNames {
        let mut first: Vec<&'static str> = FIRST_NAMES.to_vec();
        let mut last: Vec<&'static str> = LAST_NAMES.to_vec();
        random::shuffle(rng, &mut first);
        random::shuffle(rng, &mut last);
        StaffNames { first, last }
    }

    /// The k-th name. Pair k is (first k mod F, last (k mod F + k div F) mod L): two indices with
    /// the same first name differ in k div F by less than L, so their last names differ.
    pub fn name(&self, k: usize) -> String {
        let (f, l) = (self.first.len(), self.last.len());
        let first = self.first[k % f];
        let last = self.last[(k % f + k / f) % l];
        let round = k / (f * l);
        if round == 0 {
            format!("{first} {last}")
        } else {
            let initial = char::from(b'A' + ((round - 1) % 26) as u8);
            format!("{first} {initial}. {last}")
        }
    }
}

/// Hands out unique logins like `asha.rao`, adding digits on collision.
#[derive(Default)]
pub struct LoginMaker {
    taken: HashSet<String>,
}

impl LoginMaker {
    pub fn reserve(&mut self, login: &str) {
        self.taken.insert(login.to_string());
    }

    pub fn login_for(&mut self, name: &str) -> String {
        let words: Vec<String> = name
            .split_whitespace()
            .map(|w| w.chars().filter(char::is_ascii_alphabetic).collect::<String>().to_ascii_lowercase())
            .filter(|w| w.len() > 1)
            .collect();
        let mut base = match (words.first(), words.last()) {
            (Some(first), Some(last)) if words.len() > 1 => format!("{first}.{last}"),
            (Some(only), _) => only.clone(),
            _ => "staff".to_string(),
        };
        if !base.starts_with(|c: char| c.is_ascii_lowercase()) {
            base.insert(0, 's');
        }
        base.truncate(32);
        let mut candidate = base.clone();
        let mut n = 2u64;
        while self.taken.contains(&candidate) || !is_valid_login(&candidate) {
            let suffix = n.to_string();
            let mut stem = base.clone();
            stem.truncate(32 - suffix.len());
            candidate = format!("{stem}{suffix}");
            n += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }
}

/// A customer who is a person; names repeat, as they do in a real branch.
pub fn person_name(rng: &mut DemoRng) -> String {
    let first = FIRST_NAMES[random::index(rng, FIRST_NAMES.len())];
    let last = LAST_NAMES[random::index(rng, LAST_NAMES.len())];
    if random::chance(rng, 0.15) {
        const INITIALS: &[u8] = b"ABCDGHJKLMNPRSTV";
        let initial = char::from(INITIALS[random::index(rng, INITIALS.len())]);
        format!("{first} {initial}. {last}")
    } else {
        format!("{first} {last}")
    }
}

/// A small business: "Sharma Textiles Pvt Ltd", "Sri Lakshmi Traders".
pub fn sme_name(rng: &mut DemoRng) -> String {
    let trade = TRADES[random::index(rng, TRADES.len())];
    let suffix = SME_SUFFIXES[random::index(rng, SME_SUFFIXES.len())];
    if random::chance(rng, 0.2) {
        let deity = DEITY_PREFIXES[random::index(rng, DEITY_PREFIXES.len())];
        format!("{deity} {trade}")
    } else {
        let family = LAST_NAMES[random::index(rng, LAST_NAMES.len())];
        format!("{family} {trade} {suffix}")
    }
}

/// A corporate client: "Deccan Infra Projects Ltd".
pub fn corporate_name(rng: &mut DemoRng) -> String {
    let prefix = CORPORATE_PREFIXES[random::index(rng, CORPORATE_PREFIXES.len())];
    let industry = INDUSTRIES[random::index(rng, INDUSTRIES.len())];
    format!("{prefix} {industry} Ltd")
}
