//! console_connect integration tests (none yet).
