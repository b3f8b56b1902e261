//! One client connection: HTTP/1.1 requests read with httparse under
//! deadlines (a slow client is cut off, not waited for), answered by
//! [`super::respond`], written with `Content-Length`, kept alive while the
//! client asks for it and the server is not stopping.

use super::{respond, Answer, HostEvent, Request, State};
use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// The head of a request must arrive within this, once it has started.
const HEAD_DEADLINE: Duration = Duration::from_secs(10);
/// The body must arrive within this after the head.
const BODY_DEADLINE: Duration = Duration::from_secs(10);
/// How long an idle kept-alive connection waits for the next request.
const IDLE: Duration = Duration::from_secs(5);
/// How often an idle connection looks whether the server is stopping.
const IDLE_TICK: Duration = Duration::from_millis(200);
/// The largest request head accepted.
const MAX_HEAD: usize = 16 * 1024;
const MAX_HEADERS: usize = 64;

/// Why no request could be read.
enum ReadFailure {
    /// The client closed, or stayed idle: close quietly.
    Closed,
    /// Answer with this status, then close.
    Answer(u16, &'static str),
}

/// Serves requests on `stream` until the client or the server ends it.
pub fn serve(state: &State, mut stream: TcpStream, peer: SocketAddr) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
    let mut buf: Vec<u8> = Vec::with_capacity(4096);
    loop {
        let started = Instant::now();
        let request = match read_request(state, &mut stream, &mut buf) {
            Ok(request) => request,
            Err(ReadFailure::Closed) => return,
            Err(ReadFailure::Answer(status, text)) => {
                let answer = Answer::text(status, text);
                let _ = write(&mut stream, &answer, false, false);
                log(state, peer.ip(), "-", "-", status, 0, started);
                return;
            }
        };
        state.in_flight.fetch_add(1, Ordering::SeqCst);
        let client = client_address(peer.ip(), &request);
        let answer = respond(state, &request, client);
        let keep_alive = request.keep_alive && !state.stopping.load(Ordering::SeqCst);
        let head_only = request.method == "HEAD";
        let sent = write(&mut stream, &answer, keep_alive, head_only);
        state.in_flight.fetch_sub(1, Ordering::SeqCst);
        log(
            state,
            client,
            &request.method,
            &request.path,
            answer.status,
            if head_only { 0 } else { answer.body.len() },
            started,
        );
        if sent.is_err() || !keep_alive {
            return;
        }
    }
}

fn log(
    state: &State,
    client: IpAddr,
    method: &str,
    path: &str,
    status: u16,
    bytes: usize,
    started: Instant,
) {
    let _ = state.events.send(HostEvent::Request {
        client,
        method: method.to_string(),
        path: path.to_string(),
        status,
        bytes,
        elapsed: started.elapsed(),
    });
}

/// The client a request is from: the peer, or, when the peer is a reverse
/// proxy on this machine, the last address it added to
/// `X-Forwarded-For`.
fn client_address(peer: IpAddr, request: &Request) -> IpAddr {
    if !peer.is_loopback() {
        return peer;
    }
    request
        .header("X-Forwarded-For")
        .and_then(|v| v.rsplit(',').next())
        .and_then(|a| a.trim().parse().ok())
        .unwrap_or(peer)
}

/// Reads one request; bytes after it stay in `buf` for the next.
fn read_request(
    state: &State,
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
) -> Result<Request, ReadFailure> {
    let mut chunk = [0u8; 8192];
    // Idle until the first byte, looking out for shutdown.
    let idle_since = Instant::now();
    while buf.is_empty() {
        if state.stopping.load(Ordering::SeqCst) || idle_since.elapsed() > IDLE {
            return Err(ReadFailure::Closed);
        }
        let _ = stream.set_read_timeout(Some(IDLE_TICK));
        match stream.read(&mut chunk) {
            Ok(0) => return Err(ReadFailure::Closed),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if is_timeout(&e) => continue,
            Err(_) => return Err(ReadFailure::Closed),
        }
    }
    let deadline = Instant::now() + HEAD_DEADLINE;
    let (head_len, mut request) = loop {
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut parsed = httparse::Request::new(&mut headers);
        match parsed.parse(buf) {
            Ok(httparse::Status::Complete(n)) => break (n, Request::from_parsed(&parsed)?),
            Ok(httparse::Status::Partial) => {}
            Err(httparse::Error::TooManyHeaders) => {
                return Err(ReadFailure::Answer(431, "Too many headers"))
            }
            Err(_) => return Err(ReadFailure::Answer(400, "Bad request")),
        }
        if buf.len() > MAX_HEAD {
            return Err(ReadFailure::Answer(431, "Request head too large"));
        }
        read_more(stream, buf, &mut chunk, deadline)?;
    };
    buf.drain(..head_len);
    if request.header("Transfer-Encoding").is_some() {
        return Err(ReadFailure::Answer(411, "Send a Content-Length"));
    }
    let length = match request.header("Content-Length") {
        None => 0,
        Some(v) => v
            .trim()
            .parse::<u64>()
            .map_err(|_| ReadFailure::Answer(400, "Bad Content-Length"))?,
    };
    if length > crate::http::intake::MAX_BODY_BYTES {
        return Err(ReadFailure::Answer(
            413,
            "A submission may be at most 64 KiB",
        ));
    }
    let length = length as usize;
    let deadline = Instant::now() + BODY_DEADLINE;
    while buf.len() < length {
        read_more(stream, buf, &mut chunk, deadline)?;
    }
    request.body = buf.drain(..length).collect();
    Ok(request)
}

fn read_more(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
    chunk: &mut [u8],
    deadline: Instant,
) -> Result<(), ReadFailure> {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Err(ReadFailure::Answer(408, "Request timeout"));
    }
    let _ = stream.set_read_timeout(Some(left));
    match stream.read(chunk) {
        Ok(0) => Err(ReadFailure::Closed),
        Ok(n) => {
            buf.extend_from_slice(&chunk[..n]);
            Ok(())
        }
        Err(e) if is_timeout(&e) => Err(ReadFailure::Answer(408, "Request timeout")),
        Err(_) => Err(ReadFailure::Closed),
    }
}

fn is_timeout(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
    )
}

impl Request {
    fn from_parsed(parsed: &httparse::Request) -> Result<Request, ReadFailure> {
        let bad = || ReadFailure::Answer(400, "Bad request");
        let method = parsed.method.ok_or_else(bad)?.to_string();
        let target = parsed.path.ok_or_else(bad)?;
        let (path, _query) = crate::http::path::split_target(target).ok_or_else(bad)?;
        let headers: Vec<(String, String)> = parsed
            .headers
            .iter()
            .map(|h| {
                (
                    h.name.to_string(),
                    String::from_utf8_lossy(h.value).trim().to_string(),
                )
            })
            .collect();
        let version = parsed.version.unwrap_or(1);
        let connection = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("Connection"))
            .map(|(_, v)| v.to_ascii_lowercase());
        let keep_alive = match (version, connection.as_deref()) {
            (_, Some(c)) if c.contains("close") => false,
            (0, Some(c)) => c.contains("keep-alive"),
            (0, None) => false,
            _ => true,
        };
        Ok(Request {
            method,
            path: path.to_string(),
            headers,
            body: Vec::new(),
            keep_alive,
        })
    }
}

/// Writes an answer with its length; the body is left out for `HEAD`.
fn write(
    stream: &mut TcpStream,
    answer: &Answer,
    keep_alive: bool,
    head_only: bool,
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Length: {}\r\nConnection: {}\r\n",
        answer.status,
        reason(answer.status),
        answer.body.len(),
        if keep_alive { "keep-alive" } else { "close" }
    );
    for (name, value) in &answer.headers {
        head.push_str(name);
        head.push_str(": ");
        head.push_str(value);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    if head_only || answer.body.is_empty() {
        stream.write_all(head.as_bytes())?;
    } else {
        let mut out = Vec::with_capacity(head.len() + answer.body.len());
        out.extend_from_slice(head.as_bytes());
        out.extend_from_slice(&answer.body);
        stream.write_all(&out)?;
    }
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        301 => "Moved Permanently",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}
