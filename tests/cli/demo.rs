//! Tests of `vanban demo`.
