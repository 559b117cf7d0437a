//! The demo: the whole workflow on the built-in sample campaign, with simulated
//! returns, in a fresh folder.
