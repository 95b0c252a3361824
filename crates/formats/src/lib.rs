//! Gambit's file formats: `.efg` (trees) and `.nfg` (tables, payoff and outcome versions).
