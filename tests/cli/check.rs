//! Tests of `vanban check`.
