//! Files compiled into the binary: the example plan, the templates and the static files.
//! `build.rs` generates the lists, sorted by path.

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
