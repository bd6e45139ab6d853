//! Test checks shared by the domain's enums whose codes are stored (branch file, CSVs, seeds,
//! template TOML): each code is pinned to a literal and every variant is listed by strum, so
//! neither a renamed variant nor a new one can change stored data unnoticed.

use serde::Serialize;
use std::fmt::Debug;
use strum::VariantArray;

/// `expected` names every variant of `E` in declaration order with its literal code; each code
/// comes out of `code` and goes back in through `from_code`.
pub(crate) fn assert_codes<E>(code: fn(E) -> &'static str, from_code: fn(&str) -> Option<E>, expected: &[(E, &str)])
where
    E: VariantArray + Copy + PartialEq + Debug,
{
    let listed: Vec<E> = expected.iter().map(|(variant, _)| *variant).collect();
    assert_eq!(listed, E::VARIANTS, "the expected codes must name every variant, in declaration order");
    for &(variant, literal) in expected {
        assert_eq!(code(variant), literal, "{variant:?}");
        assert_eq!(from_code(literal), Some(variant), "{literal:?}");
    }
    assert_eq!(from_code(""), None);
}

/// serde writes every variant of `E` under its code, so templates, settings and the codes in
/// the branch file can never disagree.
pub(crate) fn assert_serde_names_are_codes<E>(code: fn(E) -> &'static str)
where
    E: VariantArray + Copy + Debug + Serialize,
{
    for &variant in E::VARIANTS {
        let written = serde_json::to_value(variant).expect("a unit variant serialises");
        assert_eq!(written, serde_json::Value::String(code(variant).to_string()), "{variant:?}");
    }
}
