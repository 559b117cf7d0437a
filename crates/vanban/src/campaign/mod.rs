//! The campaign ("đợt công tác"): its model, read from `campaign.json`, and the
//! workflow steps built on it (plan, forms, merge, report).
//!
//! This module decides what goes into each document; it does not lay documents out
//! (the built-in templates, [`crate::templates`]), fill templates ([`crate::docx`])
//! or read spreadsheets ([`crate::sheets`]). It takes the campaign's files as bytes or text handed in by
//! the command layer and returns bytes or values.

pub mod demo;
pub mod fit;
pub mod model;
pub mod outline;
pub mod pair;
pub mod plan;
pub mod report;
pub mod sample;

pub use model::{Campaign, CampaignError};
