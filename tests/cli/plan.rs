//! Tests of `vanban plan`.
