//! Tests of `vanban forms`.
