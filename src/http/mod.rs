//! What `serve` and `host` share of HTTP: turning a request path into an
//! output file (`path`), the headers every response carries (`headers`),
//! and receiving a form post (`intake`). Each server does its own I/O
//! around them: `serve` on tiny_http with live reload, `host` on its own
//! small HTTP/1.1 server with the limits the open internet needs.

pub mod headers;
pub mod intake;
pub mod path;
