//! Framing between the client and the server, in front of tower-lsp-server's own.
//!
//! tower-lsp-server (0.23) stops reading after the first undecodable message (its framed reader
//! ends on an error), so one malformed frame would take the server down. This layer reads the
//! real stdin itself, answers what is broken with the JSON-RPC error the spec asks for
//! (`-32700` parse error, `-32600` invalid request, id `null`), resynchronises on the next
//! `Content-Length` header, and hands the server only well-formed messages, re-framed. Its
//! writer interleaves those answers with the server's output whole frames at a time.

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader, DuplexStream};
use tokio::sync::mpsc;

/// A frame larger than this is refused rather than buffered.
const MAX_BODY: usize = 512 * 1024 * 1024;
/// A header line longer than this is garbage.
const MAX_HEADER_LINE: usize = 8 * 1024;

/// What the reader makes of one frame's body: pass it on, or answer it with this error body.
pub type Validate = fn(&[u8]) -> Result<(), String>;

pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

pub fn error_body(code: i64, message: &str) -> Vec<u8> {
    serde_json::json!({"jsonrpc": "2.0", "error": {"code": code, "message": message}, "id": null})
        .to_string()
        .into_bytes()
}

enum Read {
    Body(Vec<u8>),
    /// A broken frame; the reader has skipped to the next header.
    Broken(String),
    End,
}

/// Reads one frame. Headers are `Name: value` lines ending in an empty line; only
/// `Content-Length` matters.
async fn read_frame<R: AsyncBufRead + Unpin>(input: &mut R) -> Read {
    let mut length: Option<usize> = None;
    let mut problem: Option<String> = None;
    let mut seen_any = false;
    loop {
        let mut line = Vec::new();
        let n = match (&mut *input)
            .take(MAX_HEADER_LINE as u64)
            .read_until(b'\n', &mut line)
            .await
        {
            Ok(n) => n,
            Err(_) => return Read::End,
        };
        if n == 0 {
            return if seen_any {
                Read::Broken("input ended inside a header".into())
            } else {
                Read::End
            };
        }
        seen_any = true;
        if !line.ends_with(b"\n") && n >= MAX_HEADER_LINE {
            problem.get_or_insert_with(|| "header line too long".into());
            skip_to_header(input).await;
            return Read::Broken(problem.unwrap_or_default());
        }
        let text = String::from_utf8_lossy(&line);
        let mut text = text.trim_end_matches(['\r', '\n']);
        // A body cut short or overlong leaves the rest of a message glued to the next header
        // line (`...}Content-Length: 57`): start that header where its name starts, or every
        // later message would be read out of step.
        if let Some((name, _)) = text.split_once(':') {
            if !is_header_name(name.trim()) {
                if let Some(i) = find_ignore_case(text, "content-length").filter(|&i| i > 0) {
                    text = &text[i..];
                }
            }
        }
        if text.is_empty() {
            if length.is_none() && problem.is_none() {
                // Blank lines between frames are tolerated.
                seen_any = false;
                continue;
            }
            break;
        }
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) if n <= MAX_BODY => length = Some(n),
                    Ok(n) => {
                        problem.get_or_insert_with(|| format!("Content-Length {n} is too large"));
                    }
                    Err(_) => {
                        problem.get_or_insert_with(|| format!("bad Content-Length {:?}", value.trim()));
                    }
                }
            }
            Some((name, _)) if is_header_name(name.trim()) => {}
            _ => {
                problem.get_or_insert_with(|| format!("malformed header line {text:?}"));
                skip_to_header(input).await;
                return Read::Broken(problem.unwrap_or_default());
            }
        }
    }
    if let Some(p) = problem {
        skip_to_header(input).await;
        return Read::Broken(p);
    }
    let Some(length) = length else {
        return Read::Broken("missing Content-Length".into());
    };
    let mut body = vec![0; length];
    match input.read_exact(&mut body).await {
        Ok(_) => Read::Body(body),
        Err(_) => Read::End,
    }
}

/// A header field name is an RFC 7230 token.
fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Skips input up to the next line that starts a header block (`Content-Length`).
async fn skip_to_header<R: AsyncBufRead + Unpin>(input: &mut R) {
    const MARK: &[u8] = b"Content-Length";
    loop {
        let buf = match input.fill_buf().await {
            Ok(b) if !b.is_empty() => b,
            _ => return,
        };
        if let Some(i) = buf.windows(MARK.len()).position(|w| w.eq_ignore_ascii_case(MARK)) {
            input.consume(i);
            return;
        }
        // Keep a tail that may hold the start of the mark.
        let keep = (MARK.len() - 1).min(buf.len());
        let drop = buf.len() - keep;
        if drop == 0 {
            // Less than a mark is buffered: read more by consuming one byte.
            input.consume(1);
        } else {
            input.consume(drop);
        }
    }
}

/// Pumps the client's input to `to_server`, answering broken frames through `answers`.
pub async fn pump_input<R: tokio::io::AsyncRead + Unpin>(
    input: R,
    mut to_server: DuplexStream,
    answers: mpsc::UnboundedSender<Vec<u8>>,
    validate: Validate,
) {
    let mut input = BufReader::with_capacity(64 * 1024, input);
    loop {
        match read_frame(&mut input).await {
            Read::End => break,
            Read::Broken(why) => {
                let _ = answers.send(frame(&error_body(-32700, &format!("Parse error: {why}"))));
            }
            Read::Body(body) => {
                if serde_json::from_slice::<serde::de::IgnoredAny>(&body).is_err() {
                    let _ = answers.send(frame(&error_body(-32700, "Parse error: invalid JSON")));
                    continue;
                }
                if let Err(why) = validate(&body) {
                    let _ = answers.send(frame(&error_body(-32600, &format!("Invalid request: {why}"))));
                    continue;
                }
                if to_server.write_all(&frame(&body)).await.is_err() {
                    break;
                }
            }
        }
    }
    let _ = to_server.shutdown().await;
}

/// Writes the server's frames and the reader's answers to `output`, whole frames at a time,
/// until the server's side ends.
pub async fn pump_output<W: AsyncWrite + Unpin>(
    from_server: DuplexStream,
    mut answers: mpsc::UnboundedReceiver<Vec<u8>>,
    mut output: W,
) {
    let mut from_server = BufReader::with_capacity(64 * 1024, from_server);
    loop {
        tokio::select! {
            biased;
            Some(answer) = answers.recv() => {
                if output.write_all(&answer).await.is_err() { return; }
                let _ = output.flush().await;
            }
            read = read_frame(&mut from_server) => match read {
                Read::Body(body) => {
                    if output.write_all(&frame(&body)).await.is_err() { return; }
                    let _ = output.flush().await;
                }
                Read::Broken(_) => {}
                Read::End => break,
            },
        }
    }
    // Answers still queued (the server's side has ended).
    while let Ok(answer) = answers.try_recv() {
        let _ = output.write_all(&answer).await;
    }
    let _ = output.flush().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn frames_of(input: &[u8]) -> Vec<Result<String, String>> {
        let mut r = BufReader::new(input);
        let mut out = Vec::new();
        loop {
            match read_frame(&mut r).await {
                Read::Body(b) => out.push(Ok(String::from_utf8_lossy(&b).into_owned())),
                Read::Broken(why) => out.push(Err(why)),
                Read::End => return out,
            }
        }
    }

    #[test]
    fn resynchronises_after_broken_headers() {
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let mut input = Vec::new();
        input.extend(frame(b"{\"a\":1}"));
        input.extend(b"garbage without colon\r\n\r\n");
        input.extend(frame(b"{\"b\":2}"));
        input.extend(b"Content-Length: nope\r\n\r\n{}");
        input.extend(frame(b"{\"c\":3}"));
        input.extend(b"content-length: 2\r\ncontent-type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n[]");
        let got = rt.block_on(frames_of(&input));
        assert_eq!(got.len(), 6, "{got:?}");
        assert_eq!(got[0], Ok("{\"a\":1}".into()));
        assert!(got[1].is_err());
        assert_eq!(got[2], Ok("{\"b\":2}".into()));
        assert!(got[3].is_err());
        assert_eq!(got[4], Ok("{\"c\":3}".into()));
        assert_eq!(got[5], Ok("[]".into()));
    }

    /// Regression: a wrong Content-Length left the rest of one message glued to the next
    /// header line, and every later message was read out of step (none answered again).
    #[test]
    fn resynchronises_after_a_wrong_content_length() {
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let body = br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        for announced in [body.len() - 10, body.len() + 10] {
            let mut input = format!("Content-Length: {announced}\r\n\r\n").into_bytes();
            input.extend(body);
            for id in 2..6 {
                input.extend(frame(format!("{{\"id\":{id}}}").as_bytes()));
            }
            let got = rt.block_on(frames_of(&input));
            let bodies: Vec<&str> = got.iter().filter_map(|r| r.as_deref().ok()).collect();
            // Too short: the cut body is passed on (the JSON check answers it) and all four later
            // messages arrive. Too long: the body swallows the next header, so only that one is
            // lost.
            let later: &[&str] = if announced < body.len() {
                &[r#"{"id":2}"#, r#"{"id":3}"#, r#"{"id":4}"#, r#"{"id":5}"#]
            } else {
                &[r#"{"id":3}"#, r#"{"id":4}"#, r#"{"id":5}"#]
            };
            assert!(bodies.ends_with(later), "{announced}: {got:?}");
        }
    }
}
