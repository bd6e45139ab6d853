//! Sharing a table's width among its columns by what matters: every column gets its minimum,
//! the more important columns grow to what they want first, and room nobody wants is left blank
//! at the right rather than padding a name column with empty cells.

/// Whether a column stays when the minimums of all columns do not fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Always shown. Only when even the needed columns' minimums do not fit does it get less
    /// than its minimum (numbers then show as `###`, see `format::money_within`).
    Needed,
    /// Dropped (width 0) when there is no room for its minimum, as the trend sparkline is on
    /// a narrow screen.
    Optional,
}

/// What a column needs and wants, and how much it matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The fewest columns it is useful in.
    pub min: u16,
    /// The most it can use (the longest name, 12 sparkline cells); more is left blank. Less
    /// than `min` counts as `min`.
    pub want: u16,
    /// Higher matters more: it grows first and is dropped or shrunk last. Between equal
    /// priorities the column further left grows first and the one further right goes first.
    pub priority: u8,
    pub need: Need,
}

impl Column {
    /// A needed column of exactly `width` (an arrow, a number of known width).
    pub const fn fixed(width: u16, priority: u8) -> Self {
        Self { min: width, want: width, priority, need: Need::Needed }
    }

    /// A needed column that takes from `min` up to `want`.
    pub const fn needed(min: u16, want: u16, priority: u8) -> Self {
        Self { min, want, priority, need: Need::Needed }
    }

    /// A column shown only when its `min` fits.
    pub const fn optional(min: u16, want: u16, priority: u8) -> Self {
        Self { min, want, priority, need: Need::Optional }
    }

    fn want(&self) -> u32 {
        u32::from(self.want.max(self.min))
    }
}

/// The width of each of `columns` in a table `width` columns wide whose columns are `spacing`
/// apart (ratatui's `Table::column_spacing`, 1 by default), ready for `Constraint::Length`:
///
/// 1. Every column gets its `min`. When the minimums do not fit, optional columns are dropped
///    (width 0), least important first, and one dropped is taken back if the room it needs is
///    left over after dropping a later one.
/// 2. If even the needed minimums do not fit, the least important columns get less, down to
///    nothing, so the table never runs past `width` (a view should say it is too narrow).
/// 3. The room left goes to columns up to their `want`, most important first: with the name
///    above the trend, names grow to the longest before the sparkline gets more than its
///    minimum.
/// 4. Room beyond every `want` stays unused: with ratatui's default `Flex::Start` it is blank
///    at the right.
///
/// The spacing is counted between every pair of columns, dropped ones included, because
/// ratatui lays out a `Length(0)` column with spacing around it too; so the widths go to
/// `Table::new` as they are, with a (hidden) cell for every column. When `width` is less than
/// the spacing alone, every column gets 0.
pub fn share(columns: &[Column], width: u16, spacing: u16) -> Vec<u16> {
    let gaps = u32::from(spacing) * columns.len().saturating_sub(1) as u32;
    let room = u32::from(width).saturating_sub(gaps);
    // Least important first; between equals, the rightmost first.
    let mut least_first: Vec<usize> = (0..columns.len()).collect();
    least_first.sort_by_key(|&i| (columns[i].priority, std::cmp::Reverse(i)));

    let mut shown = vec![true; columns.len()];
    let mins = |shown: &[bool]| -> u32 {
        columns.iter().zip(shown).filter(|(_, shown)| **shown).map(|(c, _)| u32::from(c.min)).sum()
    };
    for &i in &least_first {
        if mins(&shown) <= room {
            break;
        }
        if columns[i].need == Need::Optional {
            shown[i] = false;
        }
    }
    // Dropping a wide column may leave room for a narrower one dropped before it.
    for &i in least_first.iter().rev() {
        if !shown[i] && mins(&shown) + u32::from(columns[i].min) <= room {
            shown[i] = true;
        }
    }

    let mut widths: Vec<u32> =
        columns.iter().zip(&shown).map(|(c, &shown)| if shown { u32::from(c.min) } else { 0 }).collect();
    let mut excess = widths.iter().sum::<u32>().saturating_sub(room);
    for &i in &least_first {
        let cut = excess.min(widths[i]);
        widths[i] -= cut;
        excess -= cut;
    }
    let mut spare = room.saturating_sub(widths.iter().sum());
    for &i in least_first.iter().rev() {
        if shown[i] {
            let grow = spare.min(columns[i].want().saturating_sub(widths[i]));
            widths[i] += grow;
            spare -= grow;
        }
    }
    // Each width is at most its column's `min` or `want`, both u16.
    widths.into_iter().map(|w| u16::try_from(w).unwrap_or(u16::MAX)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::buffer::Buffer;
    use ratatui::layout::{Constraint, Rect};
    use ratatui::widgets::{Row, Table, Widget};

    const LONGEST_NAME: &str = "Cross-sell ratio (products per customer)";

    /// The drill-down's KPI table: name, direction arrow, target, actual, achievement, score,
    /// points, status and the trend sparkline.
    fn kpi_table(name_priority: u8, trend_priority: u8) -> [Column; 9] {
        [
            Column::needed(12, LONGEST_NAME.len() as u16, name_priority),
            Column::fixed(1, 3),
            Column::fixed(9, 7),
            Column::fixed(9, 8),
            Column::fixed(5, 6),
            Column::fixed(5, 6),
            Column::fixed(4, 4),
            Column::fixed(9, 5),
            Column::optional(6, 12, trend_priority),
        ]
    }

    /// Inside the table's borders.
    fn inner(screen: u16) -> u16 {
        screen - 2
    }

    fn used(widths: &[u16], spacing: u16) -> u16 {
        widths.iter().sum::<u16>() + spacing * (widths.len() as u16 - 1)
    }

    #[test]
    fn at_72_columns_the_name_gets_the_room_before_the_trend_grows() {
        // Before: names shrank to 6 characters while the trend kept 12 cells.
        let widths = share(&kpi_table(9, 1), inner(72), 1);
        assert_eq!(widths, [14, 1, 9, 9, 5, 5, 4, 9, 6]);
        assert_eq!(used(&widths, 1), 70, "all of the room is used");
    }

    #[test]
    fn at_120_columns_names_show_whole_and_the_trend_gets_its_12_cells() {
        // Before: names were cut at 22 characters.
        assert_eq!(LONGEST_NAME.len(), 40);
        let widths = share(&kpi_table(9, 1), inner(120), 1);
        assert_eq!(widths, [40, 1, 9, 9, 5, 5, 4, 9, 12]);
        assert_eq!(used(&widths, 1), 102, "16 columns left blank at the right");
    }

    #[test]
    fn at_200_columns_no_column_takes_more_than_it_wants() {
        // Before: the name column took 124 cells, most of them empty.
        let widths = share(&kpi_table(9, 1), inner(200), 1);
        assert_eq!(widths, [40, 1, 9, 9, 5, 5, 4, 9, 12]);
    }

    #[test]
    fn priorities_decide_who_grows_first() {
        // The trend above the name: it gets its 12 cells first, the name the rest.
        assert_eq!(share(&kpi_table(1, 9), inner(72), 1), [12, 1, 9, 9, 5, 5, 4, 9, 8]);
        assert_eq!(share(&kpi_table(1, 9), inner(92), 1), [28, 1, 9, 9, 5, 5, 4, 9, 12]);
    }

    #[test]
    fn the_optional_trend_goes_first_when_the_minimums_do_not_fit() {
        // 60 + 8 gaps do not fit in 66; without the trend 54 + 8 do.
        let widths = share(&kpi_table(9, 1), 66, 1);
        assert_eq!(widths, [16, 1, 9, 9, 5, 5, 4, 9, 0]);
        assert_eq!(used(&widths, 1), 66);
        // Narrower still: the least important needed columns give way, never past the width.
        let widths = share(&kpi_table(9, 1), 60, 1);
        assert_eq!(widths, [12, 0, 9, 9, 5, 5, 3, 9, 0], "the arrow, then points, give way");
        assert_eq!(used(&widths, 1), 60);
        assert_eq!(share(&kpi_table(9, 1), 5, 1), [0; 9]);
    }

    #[test]
    fn a_narrow_optional_column_comes_back_when_a_wider_one_is_dropped() {
        let columns = [Column::fixed(10, 9), Column::optional(2, 2, 0), Column::optional(10, 10, 1)];
        // 22 + 2 gaps > 20: dropping the narrow one is not enough, dropping the wide one is,
        // and then the narrow one fits again.
        assert_eq!(share(&columns, 20, 1), [10, 2, 0]);
    }

    #[test]
    fn spacing_is_part_of_the_sum() {
        let columns = [Column::needed(5, 10, 2), Column::needed(5, 10, 1)];
        assert_eq!(share(&columns, 20, 0), [10, 10]);
        assert_eq!(share(&columns, 20, 1), [10, 9]);
        assert_eq!(share(&columns, 20, 3), [10, 7]);
        assert_eq!(share(&[], 20, 1), Vec::<u16>::new());
    }

    /// The widths as ratatui lays them out: each column starts where the sum says, and the last
    /// ends inside the table, also with a dropped column.
    #[test]
    fn ratatui_places_the_columns_where_the_widths_say() {
        for width in [60, 66, 70, 118] {
            let widths = share(&kpi_table(9, 1), width, 1);
            let cells: Vec<String> = widths
                .iter()
                .enumerate()
                .map(|(i, &w)| char::from(b'a' + i as u8).to_string().repeat(usize::from(w)))
                .collect();
            let table =
                Table::new([Row::new(cells.clone())], widths.iter().copied().map(Constraint::Length)).column_spacing(1);
            let area = Rect::new(0, 0, width, 1);
            let mut buffer = Buffer::empty(area);
            table.render(area, &mut buffer);
            let drawn: String = buffer.content().iter().map(|cell| cell.symbol()).collect();
            let expected = format!("{:<width$}", cells.join(" "), width = usize::from(width));
            assert_eq!(drawn, expected, "at {width}: {widths:?}");
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn column() -> impl Strategy<Value = Column> {
            (0u16..20, 0u16..40, 0u8..4, any::<bool>()).prop_map(|(min, want, priority, optional)| Column {
                min,
                want,
                priority,
                need: if optional { Need::Optional } else { Need::Needed },
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(1024))]

            #[test]
            fn the_share_fits_and_wastes_no_wanted_room(
                columns in prop::collection::vec(column(), 0..10), width in 0u16..300, spacing in 0u16..3,
            ) {
                let widths = share(&columns, width, spacing);
                prop_assert_eq!(widths.len(), columns.len());
                let gaps = u32::from(spacing) * columns.len().saturating_sub(1) as u32;
                let sum: u32 = widths.iter().map(|&w| u32::from(w)).sum();
                let room = u32::from(width).saturating_sub(gaps);
                prop_assert!(sum <= room, "{widths:?} take {sum} of {room}");
                let needed_mins: u32 =
                    columns.iter().filter(|c| c.need == Need::Needed).map(|c| u32::from(c.min)).sum();
                for (c, &w) in columns.iter().zip(&widths) {
                    prop_assert!(u32::from(w) <= c.want(), "{c:?} got {w}");
                    if needed_mins <= room {
                        match c.need {
                            Need::Needed => prop_assert!(w >= c.min, "{c:?} got {w}"),
                            Need::Optional => prop_assert!(w == 0 || w >= c.min, "{c:?} got {w}"),
                        }
                    }
                    let shown = w > 0 || (c.min == 0 && c.need == Need::Needed);
                    if shown && u32::from(w) < c.want() {
                        prop_assert_eq!(sum, room, "{:?} got {} with room to spare", c, w);
                    }
                    if c.need == Need::Optional && w == 0 && c.min > 0 {
                        prop_assert!(room - sum < u32::from(c.min), "{:?} dropped with room for it", c);
                    }
                }
            }
        }
    }
}
