//! The built-in official templates (plan and report), built with docx-rs in the
//! layout Nghị định 30/2020/NĐ-CP, Phụ lục I requires.
//!
//! Builds documents only; it never reads a user's .docx (that is [`crate::docx`]).

pub mod schema;
pub mod xml;
pub mod build;
pub mod styles;
pub mod templates;

