//! OOXML helpers shared by the report's post-pass and the template builder
//! (`xtask`): a small element tree for generated XML and the schema's child order.

pub mod schema;
pub mod xml;
