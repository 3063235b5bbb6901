//! huawei integration tests (none yet).
