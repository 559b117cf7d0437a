//! Tests of `vanban report`.
