//! Tests of `vanban merge`.
