//! `#[derive(CraComponent)]` (in progress).
