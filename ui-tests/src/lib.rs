//! Compile tests for the postage channel generator live in `tests/`.
