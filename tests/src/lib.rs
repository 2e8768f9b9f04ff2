//! Integration tests for postage live in `tests/`.
