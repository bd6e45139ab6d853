//! Who works in the demo branch: the manager, the mix of roles, each RM's focus model and book,
//! and how well each person performs.

use super::allocation::book_capacity;
use super::names::{LoginMaker, MANAGER_LOGIN, MANAGER_NAME, StaffNames};
use super::random::{self, DemoRng};
use crate::domain::capability::FocusModel;
use crate::domain::coverage::Segment;
use crate::domain::staff::StaffMember;
use crate::domain::template::Role;

/// One person of the demo branch and the hidden traits their numbers are drawn from.
#[derive(Debug, Clone)]
pub struct Person {
    pub member: StaffMember,
    /// Typical achievement (1.0 = exactly on target).
    pub skill: f64,
    /// Change in achievement per year, so that trends differ between people.
    pub drift_per_year: f64,
    /// How large this person's sales targets are against the role's typical figure.
    pub target_scale: f64,
    /// RMs only: the segment mix of the book and how diligently customers are contacted.
    pub book: Option<BookShape>,
}

#[derive(Debug, Clone)]
pub struct BookShape {
    /// Share of the book in each segment, summing to 1, in `Segment` order.
    pub shares: Vec<(Segment, f64)>,
    /// Likelihood (0–1) that a customer was contacted within the segment's cadence.
    pub diligence: f64,
    /// Share of the book that has gone dormant.
    pub dormant_rate: f64,
}

/// Staff roles other than the manager, in the order small branches fill them.
const STAFF_ROLES: [Role; 4] =
    [Role::RelationshipManager, Role::BankingSalesExecutive, Role::PersonalLoanSalesExecutive, Role::LoanOfficer];

const ROLE_SHARES: [f64; 4] = [0.40, 0.25, 0.20, 0.15];

/// RM book archetypes, taken in turn: mass-retail-only books, wealth books (affluent and
/// private), a business book (SME and corporate) and mixes, each with the focus model it
/// usually goes with.
const BOOKS: [(&[(Segment, f64)], FocusModel); 12] = [
    (&[(Segment::MassRetail, 1.0)], FocusModel::Activity),
    (&[(Segment::Affluent, 0.7), (Segment::Private, 0.3)], FocusModel::Segment),
    (&[(Segment::Sme, 0.75), (Segment::Corporate, 0.25)], FocusModel::Product),
    (&[(Segment::MassRetail, 0.85), (Segment::Affluent, 0.15)], FocusModel::Hybrid),
    (&[(Segment::Affluent, 1.0)], FocusModel::Segment),
    (&[(Segment::MassRetail, 1.0)], FocusModel::Product),
    (&[(Segment::Private, 1.0)], FocusModel::Hybrid),
    (&[(Segment::Sme, 1.0)], FocusModel::Activity),
    (&[(Segment::MassRetail, 0.7), (Segment::Affluent, 0.3)], FocusModel::Segment),
    (&[(Segment::Affluent, 0.6), (Segment::Private, 0.4)], FocusModel::Hybrid),
    (&[(Segment::Corporate, 1.0)], FocusModel::Product),
    (&[(Segment::MassRetail, 0.8), (Segment::Sme, 0.2)], FocusModel::Activity),
];

/// How many of `others` non-manager staff hold each of `STAFF_ROLES`: 40/25/20/15 % by largest
/// remainder, at least one of each once there are four; fewer fill RM, BSE, PLSE, LO in order.
pub fn role_counts(others: usize) -> [usize; 4] {
    let mut counts = [0usize; 4];
    if others < STAFF_ROLES.len() {
        counts.iter_mut().take(others).for_each(|c| *c = 1);
        return counts;
    }
    let exact: Vec<f64> = ROLE_SHARES.iter().map(|s| s * others as f64).collect();
    for (count, e) in counts.iter_mut().zip(&exact) {
        *count = e.floor() as usize;
    }
    let mut order: Vec<usize> = (0..4).collect();
    order.sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())).then(a.cmp(&b)));
    let short = others - counts.iter().sum::<usize>();
    for &i in order.iter().take(short) {
        counts[i] += 1;
    }
    // Small branches round some role to nobody; it borrows from the largest group.
    for i in 0..4 {
        if counts[i] == 0
            && let Some(largest) = (0..4).max_by_key(|&j| (counts[j], usize::MAX - j))
        {
            counts[largest] -= 1;
            counts[i] += 1;
        }
    }
    counts
}

/// Builds the roster: the manager first, then RMs, sales executives, PL sales executives and
/// loan officers, each group in the order its names were drawn.
pub fn build_roster(staff: usize, customers: usize, rng: &mut DemoRng) -> Vec<Person> {
    let names = StaffNames::new(rng);
    let mut logins = LoginMaker::default();
    logins.reserve(MANAGER_LOGIN);
    let others = staff.saturating_sub(1);
    let counts = role_counts(others);

    let mut people = Vec::with_capacity(staff);
    people.push(Person {
        member: StaffMember {
            login: MANAGER_LOGIN.into(),
            name: MANAGER_NAME.into(),
            role: Role::BranchManager,
            manager_login: None,
            focus: None,
            segments: Vec::new(),
            os_user: None,
        },
        skill: random::uniform(rng, 0.95, 1.03),
        drift_per_year: random::uniform(rng, 0.0, 0.03),
        target_scale: 1.0,
        book: None,
    });

    let skills = skill_levels(others, rng);
    let plans = plan_books(counts[0], customers);
    let mut k = 0usize;
    let mut rm_index = 0usize;
    for (role, count) in STAFF_ROLES.iter().zip(counts) {
        for _ in 0..count {
            // The manager's family name is not in the staff list, so no one shares her name.
            let name = names.name(k);
            let login = logins.login_for(&name);
            let skill = skills[k];
            let (focus, book) = if *role == Role::RelationshipManager {
                let (focus, book) = rm_book(plans[rm_index], skill, rng);
                rm_index += 1;
                (Some(focus), Some(book))
            } else {
                (None, None)
            };
            let book_weight = book
                .as_ref()
                .map_or(1.0, |b| b.shares.iter().map(|(s, share)| share * segment_value_weight(*s)).sum::<f64>());
            people.push(Person {
                member: StaffMember {
                    login,
                    name,
                    role: *role,
                    manager_login: Some(MANAGER_LOGIN.into()),
                    focus,
                    segments: book.as_ref().map(|b| b.shares.iter().map(|(s, _)| *s).collect()).unwrap_or_default(),
                    os_user: None,
                },
                skill,
                drift_per_year: random::uniform(rng, -0.04, 0.04),
                target_scale: random::uniform(rng, 0.85, 1.2) * book_weight,
                book,
            });
            k += 1;
        }
    }
    people
}

/// Achievement levels for `n` staff: a few stars (105–115 %), a few strugglers (70–80 %) and
/// the rest between 85 and 105 %, in a seeded order.
fn skill_levels(n: usize, rng: &mut DemoRng) -> Vec<f64> {
    let tail = if n >= 4 { ((n as f64 * 0.15).round() as usize).max(1) } else { 0 };
    let mut levels: Vec<f64> = (0..n)
        .map(|i| {
            if i < tail {
                random::uniform(rng, 1.05, 1.15)
            } else if i < 2 * tail {
                random::uniform(rng, 0.70, 0.80)
            } else {
                random::uniform(rng, 0.85, 1.05)
            }
        })
        .collect();
    random::shuffle(rng, &mut levels);
    levels
}

type BookPlan = (&'static [(Segment, f64)], FocusModel);

const MASS_RETAIL_ONLY: &[(Segment, f64)] = &[(Segment::MassRetail, 1.0)];

/// Each RM's segment mix and focus model: the archetypes in turn, the focus model rotating on
/// later rounds so that every combination turns up in a large branch. When the branch has more
/// customers than those books can hold within their norms, the smallest books beyond the first
/// round become mass-retail books, as a branch with that many customers would staff them.
fn plan_books(rms: usize, customers: usize) -> Vec<BookPlan> {
    let mut plans: Vec<BookPlan> = (0..rms)
        .map(|i| {
            let (shares, usual_focus) = BOOKS[i % BOOKS.len()];
            let rotation = i / BOOKS.len();
            let focus_index = FocusModel::ALL.iter().position(|f| *f == usual_focus).unwrap_or(0);
            (shares, FocusModel::ALL[(focus_index + rotation) % FocusModel::ALL.len()])
        })
        .collect();
    let high = |shares: &[(Segment, f64)]| book_capacity(shares).1;
    let wanted = customers as f64 * 1.2;
    let mut room: f64 = plans.iter().map(|(shares, _)| high(shares)).sum();
    let mut candidates: Vec<usize> = (BOOKS.len().min(5)..rms).filter(|&i| plans[i].0 != MASS_RETAIL_ONLY).collect();
    candidates.sort_by(|&a, &b| high(plans[a].0).total_cmp(&high(plans[b].0)).then(b.cmp(&a)));
    for i in candidates {
        if room >= wanted {
            break;
        }
        room += high(MASS_RETAIL_ONLY) - high(plans[i].0);
        plans[i].0 = MASS_RETAIL_ONLY;
    }
    plans
}

/// An RM's book from its plan, with the shares varied a little and a contact habit that
/// follows the RM's skill.
fn rm_book((archetype, focus): BookPlan, skill: f64, rng: &mut DemoRng) -> (FocusModel, BookShape) {
    let mut shares: Vec<(Segment, f64)> =
        archetype.iter().map(|(s, share)| (*s, share * random::uniform(rng, 0.85, 1.15))).collect();
    let total: f64 = shares.iter().map(|(_, s)| s).sum();
    shares.iter_mut().for_each(|(_, s)| *s /= total);
    let diligence = (0.7 + (skill - 0.95) * 1.5 + random::uniform(rng, -0.15, 0.15)).clamp(0.3, 0.97);
    let dormant_rate = random::uniform(rng, 0.04, 0.12);
    (focus, BookShape { shares, diligence, dormant_rate })
}

/// How much business a customer of the segment brings, relative to a mass-retail customer
/// mix: RMs of wealthier books carry bigger money targets.
fn segment_value_weight(segment: Segment) -> f64 {
    match segment {
        Segment::MassRetail => 0.8,
        Segment::Affluent => 1.1,
        Segment::Private => 1.6,
        Segment::Sme => 1.3,
        Segment::Corporate => 1.8,
    }
}
