//! One integration-test binary (fast to link on 2 cores): every module runs the real `cc`
//! binary against a wiremock server or the sandbox and checks what was sent and printed.

mod apply;
mod cli;
mod common;
mod configuration;
mod connections_status;
mod console_connect;
mod desired_console_connect;
mod desired_huawei;
mod desired_ovh;
mod desired_replace;
mod dry_run;
mod errors;
mod help;
mod hostile;
mod huawei;
mod install;
mod jq;
mod layout;
mod orange;
mod ovh;
mod passthrough;
mod plan;
mod providers;
mod sandbox_state;
mod scripts;
mod tables;
mod terminal;
mod waits;
