//! Reading head office back: the league of branches, people across branches and every RM's
//! coverage for a period and region, what periods there are, and the sync counter.

use super::{HqError, HqStore};
use crate::domain::period::Month;
use crate::domain::scoring::{Band, competition_ranks};
use chrono::NaiveDate;

/// One branch in the league of a period.
#[derive(Debug, Clone, PartialEq)]
pub struct LeagueRow {
    pub branch_code: String,
    pub region: String,
    pub name: String,
    /// Mean overall of the branch's ranked staff; `None` when nobody is ranked.
    pub average_overall: Option<f64>,
    pub ranked: i64,
    /// Ranked staff per band, in `Band::ALL` order.
    pub bands: Vec<(Band, i64)>,
    /// Reported ⁄ targeted cells of staff other than the manager; `None` when nothing is targeted.
    pub completeness: Option<f64>,
    pub is_final: bool,
    /// RMs by load status as of the branch's last sync: under, within, over.
    pub coverage: [i64; 3],
    pub as_of: NaiveDate,
}

/// One person in the people ranking of a period.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonRow {
    pub branch_code: String,
    pub region: String,
    pub login: String,
    pub name: String,
    pub role: String,
    pub overall: f64,
    pub band: Option<String>,
    /// Competition rank across everyone listed.
    pub rank: u32,
    /// What the dashboard's detail shows of the person's scorecard: their rank in the branch,
    /// completeness, change and each KRA's code, name, weight and score (`null` when the read did
    /// not ask for it: the whole scorecard stays in `branchboard.scorecard`).
    pub card: serde_json::Value,
}

/// One RM's coverage as the branch's coverage export shows it, with where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageRow {
    pub branch_code: String,
    pub region: String,
    pub as_of: NaiveDate,
    pub card: serde_json::Value,
}

/// A branch as head office last heard from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchRow {
    pub branch_code: String,
    pub region: String,
    pub name: String,
    pub as_of: NaiveDate,
    pub synced_at: String,
    /// False while its first (or a new) full sync is under way.
    pub complete: bool,
}

/// The periods head office holds scorecards for, and the default one to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HqPeriods {
    /// Every period any branch scored, by name (`YYYY-MM`, `YYYY-Qn`, `YYYY`).
    pub all: Vec<String>,
    /// The latest month with actuals not after the current month.
    pub latest_month: Option<Month>,
    /// Every region, sorted.
    pub regions: Vec<String>,
    /// The month head office's fiscal years start in (see `HqStore::fiscal_start`).
    pub fiscal_start: u32,
}

/// Everything the head-office dashboard shows for a period and region, read together.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub period: String,
    pub region: Option<String>,
    pub league: Vec<LeagueRow>,
    pub people: Vec<PersonRow>,
    pub coverage: Vec<CoverageRow>,
    pub branches: Vec<BranchRow>,
    /// Every listed branch's period is final.
    pub is_final: bool,
    /// Branches left out because their period of this name covers other months.
    pub other_calendars: Vec<String>,
    /// The sync counter the snapshot was read at.
    pub syncs: i64,
}

impl HqStore {
    /// Branches that scored `period`, best average overall first (then by code).
    pub fn league(&mut self, period: &str, region: Option<&str>) -> Result<Vec<LeagueRow>, HqError> {
        let (first, last) = self.span(period)?;
        let rows = self.client.query(
            "SELECT b.branch_code, b.region, b.name, p.final, p.targeted, p.reported, b.as_of,
                    (SELECT avg(s.overall) FROM branchboard.scorecard s
                      WHERE s.branch_code = p.branch_code AND s.period = p.period AND s.rank IS NOT NULL),
                    (SELECT count(*) FROM branchboard.scorecard s
                      WHERE s.branch_code = p.branch_code AND s.period = p.period AND s.rank IS NOT NULL),
                    (SELECT coalesce(array_agg(s.band), '{}') FROM branchboard.scorecard s
                      WHERE s.branch_code = p.branch_code AND s.period = p.period AND s.rank IS NOT NULL),
                    (SELECT coalesce(array_agg(c.status), '{}') FROM branchboard.coverage c
                      WHERE c.branch_code = p.branch_code)
             FROM branchboard.branch_period p JOIN branchboard.branch b ON b.branch_code = p.branch_code
             WHERE p.period = $1 AND ($2::text IS NULL OR b.region = $2) AND b.watermark IS NOT NULL
               AND p.first_month = $3 AND p.last_month = $4",
            &[&period, &region, &first, &last],
        )?;
        let mut league: Vec<LeagueRow> = rows
            .iter()
            .map(|r| {
                let (targeted, reported): (i64, i64) = (r.get(4), r.get(5));
                let bands: Vec<Option<String>> = r.get(9);
                let statuses: Vec<String> = r.get(10);
                let count = |label: &str| bands.iter().filter(|b| b.as_deref() == Some(label)).count() as i64;
                let status = |code: &str| statuses.iter().filter(|s| *s == code).count() as i64;
                LeagueRow {
                    branch_code: r.get(0),
                    region: r.get(1),
                    name: r.get(2),
                    is_final: r.get(3),
                    completeness: (targeted > 0).then(|| reported as f64 / targeted as f64),
                    as_of: r.get(6),
                    average_overall: r.get(7),
                    ranked: r.get(8),
                    bands: Band::ALL.iter().map(|b| (*b, count(b.label()))).collect(),
                    coverage: [status("under"), status("within"), status("over")],
                }
            })
            .collect();
        league.sort_by(|a, b| {
            let key = |row: &LeagueRow| row.average_overall.unwrap_or(f64::NEG_INFINITY);
            key(b).total_cmp(&key(a)).then_with(|| a.branch_code.cmp(&b.branch_code))
        });
        Ok(league)
    }

    /// Staff with an overall in `period` (branch managers excluded), ranked across all listed;
    /// with `kras`, each with the summary of their scorecard the dashboard shows.
    pub fn people(&mut self, period: &str, region: Option<&str>, kras: bool) -> Result<Vec<PersonRow>, HqError> {
        let (first, last) = self.span(period)?;
        let rows = self.client.query(
            "SELECT s.branch_code, b.region, s.login, s.name, s.role, s.overall, s.band,
                    CASE WHEN $3 THEN jsonb_build_object(
                        'rank', s.rank, 'completeness', s.completeness, 'change', s.change,
                        'kras', (SELECT coalesce(jsonb_agg(jsonb_build_object('code', k.kra->'code', 'name', k.kra->'name',
                                     'weight', k.kra->'weight', 'score', k.kra->'score') ORDER BY k.n), '[]'::jsonb)
                                 FROM jsonb_array_elements(s.card->'kras') WITH ORDINALITY AS k(kra, n)))
                    ELSE 'null'::jsonb END
             FROM branchboard.scorecard s JOIN branchboard.branch b ON b.branch_code = s.branch_code
                  JOIN branchboard.branch_period p ON p.branch_code = s.branch_code AND p.period = s.period
             WHERE s.period = $1 AND ($2::text IS NULL OR b.region = $2) AND s.overall IS NOT NULL
               AND s.role <> 'branch_manager' AND b.watermark IS NOT NULL
               AND p.first_month = $4 AND p.last_month = $5
             ORDER BY s.overall DESC, s.branch_code, s.login",
            &[&period, &region, &kras, &first, &last],
        )?;
        let overalls: Vec<Option<f64>> = rows.iter().map(|r| r.get::<_, Option<f64>>(5)).collect();
        let ranks = competition_ranks(&overalls);
        Ok(rows
            .iter()
            .zip(ranks)
            .map(|(r, rank)| PersonRow {
                branch_code: r.get(0),
                region: r.get(1),
                login: r.get(2),
                name: r.get(3),
                role: r.get(4),
                overall: r.get(5),
                band: r.get(6),
                rank: rank.unwrap_or(0),
                card: r.get(7),
            })
            .collect())
    }

    /// Every RM's coverage as of their branch's last sync, by branch and name.
    pub fn coverage(&mut self, region: Option<&str>) -> Result<Vec<CoverageRow>, HqError> {
        let rows = self.client.query(
            "SELECT c.branch_code, b.region, b.as_of, c.card
             FROM branchboard.coverage c JOIN branchboard.branch b ON b.branch_code = c.branch_code
             WHERE ($1::text IS NULL OR b.region = $1) AND b.watermark IS NOT NULL
             ORDER BY c.branch_code, c.card->>'name', c.login",
            &[&region],
        )?;
        Ok(rows
            .iter()
            .map(|r| CoverageRow { branch_code: r.get(0), region: r.get(1), as_of: r.get(2), card: r.get(3) })
            .collect())
    }

    /// Whether every branch listed for `period` (in `region`) holds it as final; false when
    /// no branch does.
    pub fn period_is_final(&mut self, period: &str, region: Option<&str>) -> Result<bool, HqError> {
        let (first, last) = self.span(period)?;
        let row = self.client.query_one(
            "SELECT count(*), count(*) FILTER (WHERE p.final)
             FROM branchboard.branch_period p JOIN branchboard.branch b ON b.branch_code = p.branch_code
             WHERE p.period = $1 AND ($2::text IS NULL OR b.region = $2) AND b.watermark IS NOT NULL
               AND p.first_month = $3 AND p.last_month = $4",
            &[&period, &region, &first, &last],
        )?;
        let (all, final_ones): (i64, i64) = (row.get(0), row.get(1));
        Ok(all > 0 && all == final_ones)
    }

    /// The month most branches start their fiscal year in (1 when none has scored a year):
    /// head office's quarters and years are those, as every branch of one bank should have.
    pub fn fiscal_start(&mut self) -> Result<u32, HqError> {
        let row = self.client.query_opt(
            "SELECT substr(first_month, 6, 2)::int FROM branchboard.branch_period WHERE kind = 'year'
             GROUP BY 1 ORDER BY count(DISTINCT branch_code) DESC, 1 LIMIT 1",
            &[],
        )?;
        Ok(row.map_or(1, |r| r.get::<_, i32>(0) as u32))
    }

    /// The first and last month of `period` in head office's fiscal calendar: only branches
    /// whose period covers exactly those months are compared (a quarter is three given months).
    fn span(&mut self, period: &str) -> Result<(String, String), HqError> {
        let parsed: crate::domain::period::Period =
            period.parse().map_err(|e: crate::domain::period::PeriodParseError| HqError::Refused(e.to_string()))?;
        let months = parsed.months(self.fiscal_start()?);
        Ok((months[0].to_string(), months[months.len() - 1].to_string()))
    }

    /// Branches that scored a period of this name over other months (another fiscal start):
    /// left out of the league, the people and finality, and said so.
    pub fn other_calendars(&mut self, period: &str, region: Option<&str>) -> Result<Vec<String>, HqError> {
        let (first, last) = self.span(period)?;
        Ok(self
            .client
            .query(
                "SELECT p.branch_code FROM branchboard.branch_period p JOIN branchboard.branch b ON b.branch_code = p.branch_code
                 WHERE p.period = $1 AND ($2::text IS NULL OR b.region = $2) AND b.watermark IS NOT NULL
                   AND (p.first_month <> $3 OR p.last_month <> $4)
                 ORDER BY p.branch_code",
                &[&period, &region, &first, &last],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    /// Every branch head office knows, by code.
    pub fn branches(&mut self, region: Option<&str>) -> Result<Vec<BranchRow>, HqError> {
        let rows = self.client.query(
            "SELECT branch_code, region, name, as_of, to_char(synced_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),
                    watermark IS NOT NULL
             FROM branchboard.branch WHERE ($1::text IS NULL OR region = $1) ORDER BY branch_code",
            &[&region],
        )?;
        Ok(rows
            .iter()
            .map(|r| BranchRow {
                branch_code: r.get(0),
                region: r.get(1),
                name: r.get(2),
                as_of: r.get(3),
                synced_at: r.get(4),
                complete: r.get(5),
            })
            .collect())
    }

    /// The periods held, the latest month with actuals up to `current`, and the regions.
    pub fn periods(&mut self, current: Month) -> Result<HqPeriods, HqError> {
        let all: Vec<String> = self
            .client
            .query("SELECT DISTINCT period FROM branchboard.branch_period ORDER BY period", &[])?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let latest: Option<String> = self
            .client
            .query_one("SELECT max(month) FROM branchboard.actual WHERE month <= $1", &[&current.to_string()])?
            .get(0);
        let regions: Vec<String> = self
            .client
            .query("SELECT DISTINCT region FROM branchboard.branch ORDER BY region", &[])?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let fiscal_start = self.fiscal_start()?;
        Ok(HqPeriods { all, latest_month: latest.and_then(|m| m.parse().ok()), regions, fiscal_start })
    }

    /// How many parts have landed, over all branches: unchanged means nothing to reload.
    pub fn syncs(&mut self) -> Result<i64, HqError> {
        Ok(self.client.query_one("SELECT coalesce(sum(syncs), 0)::bigint FROM branchboard.branch", &[])?.get(0))
    }

    /// Everything the dashboard shows for `period` and `region`, in one read-only transaction.
    pub fn snapshot(&mut self, period: &str, region: Option<&str>) -> Result<Snapshot, HqError> {
        self.client.batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?;
        let read = (|| {
            Ok(Snapshot {
                period: period.to_string(),
                region: region.map(str::to_string),
                syncs: self.syncs()?,
                league: self.league(period, region)?,
                people: self.people(period, region, true)?,
                coverage: self.coverage(region)?,
                branches: self.branches(region)?,
                is_final: self.period_is_final(period, region)?,
                other_calendars: self.other_calendars(period, region)?,
            })
        })();
        self.client.batch_execute(if read.is_ok() { "COMMIT" } else { "ROLLBACK" })?;
        read
    }
}
