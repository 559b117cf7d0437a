//! The Vietnamese filters and functions every template can use (see DESIGN.md).

/// Registers the Vietnamese filters and functions on a Tera instance.
pub fn register(_tera: &mut tera::Tera) {}
