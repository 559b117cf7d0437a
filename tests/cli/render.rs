//! Tests of `vanban render`.
