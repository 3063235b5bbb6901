//! Huawei Cloud Connect v3.

pub mod sign;
