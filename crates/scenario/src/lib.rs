//! The scenario language: a crisis written in TOML, compiled into a game.
