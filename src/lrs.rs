//! Sending xAPI statements to a Learning Record Store: the HTTP layer over the core's
//! statements ([`crate::domain::store::xapi`]) and store, kept out of the core.
//!
//! Finished attempts not yet sent are posted in batches to the LRS's `statements`
//! resource (`X-Experience-API-Version: 1.0.3`, HTTP basic auth when credentials are
//! given). A batch that fails with a network error, 408, 429 or a 5xx is tried again after
//! an exponentially growing pause; other answers are final.
//!
//! What counts as sent: an attempt is marked sent in the store only once the LRS has
//! answered its batch as xAPI says a statements resource does, with `204 No Content`, or
//! `200 OK` and a JSON array of exactly the batch's statement ids. Any other answer (a
//! redirect, a `200` portal page, a `202`, an array of other ids) leaves the batch unsent,
//! so an attempt is either known to be stored by the LRS or goes with the next send (the
//! statement ids are derived from the attempt, so a re-send is recognisable as such).
//!
//! The client follows no redirect: a `3xx` is a final error that says where it pointed
//! (a redirected POST would be re-sent as a GET without its body or credentials). The
//! statements URL is built with the `url` crate: the endpoint's path is kept and
//! `statements` appended as a path segment, the query kept, the fragment dropped; only
//! `http` and `https` are accepted. Credentials written in the URL are taken out of it
//! (used as the user and password unless others are given) and never shown: every line
//! that names the LRS names it without them.

use crate::domain::store::attempts::{AttemptFilter, AttemptId};
use crate::domain::store::{Store, StoreError, time, xapi};
use base64::Engine;
use std::collections::HashSet;
use std::time::Duration;
use url::Url;

/// Where and as whom to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lrs {
    /// The statements resource, without credentials.
    pub url: Url,
    pub user: Option<String>,
    pub password: Option<String>,
    /// The account home page for actors ([`xapi::DEFAULT_HOMEPAGE`] unless set).
    pub homepage: String,
}

impl Lrs {
    /// The LRS at `endpoint` (its xAPI endpoint, or its statements resource). A user and
    /// password written in the URL are used when `user` is not given. A password without
    /// a user is refused: basic auth needs both.
    pub fn new(
        endpoint: &str,
        user: Option<String>,
        password: Option<String>,
        homepage: String,
    ) -> Result<Lrs, String> {
        let (url, in_url) = statements_url(endpoint)?;
        let (user, password) = match (user, in_url) {
            (Some(user), _) => (Some(user), password),
            (None, Some((u, p))) => (Some(u), password.or(p)),
            (None, None) => (None, password),
        };
        if user.is_none() && password.is_some() {
            return Err(
                "a password was given without a user (--lrs-password or FRONTLINE_LRS_PASSWORD): basic auth needs both; add --lrs-user USER (or FRONTLINE_LRS_USER)".into(),
            );
        }
        Ok(Lrs {
            url,
            user,
            password,
            homepage,
        })
    }

    /// Whether credentials would go over plain `http`, readable on the way.
    pub fn credentials_in_clear(&self) -> bool {
        self.user.is_some() && self.url.scheme() == "http"
    }
}

/// How hard to try.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendOptions {
    /// Tries per batch, the first included.
    pub tries: u32,
    /// The pause before the second try; each later pause doubles.
    pub first_pause: Duration,
    /// Attempts per request (each gives two statements).
    pub batch: usize,
    /// The longest one request may take.
    pub timeout: Duration,
}

impl Default for SendOptions {
    fn default() -> SendOptions {
        SendOptions {
            tries: 5,
            first_pause: Duration::from_millis(500),
            batch: 50,
            timeout: Duration::from_secs(30),
        }
    }
}

/// What a send did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SendSummary {
    /// Attempts the LRS accepted (and that are now marked sent).
    pub sent: Vec<AttemptId>,
    pub statements: usize,
    /// Attempts left unsent because a batch failed (sending stops at the first failure).
    pub unsent: usize,
    /// Why the failing batch failed, after every try.
    pub failure: Option<String>,
    /// Requests made, retries included.
    pub requests: u32,
}

/// A user and password written in a URL (percent-decoded).
pub type UrlCredentials = (String, Option<String>);

/// The statements resource for an endpoint, without credentials, and the credentials
/// that were written in it.
pub fn statements_url(endpoint: &str) -> Result<(Url, Option<UrlCredentials>), String> {
    let mut url = Url::parse(endpoint.trim()).map_err(|e| {
        format!(
            "`{}` is not a URL ({e}); give the LRS's xAPI endpoint, like https://lrs.example.org/xapi/",
            redact(endpoint.trim())
        )
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "the LRS must be an http or https URL, not `{}:`",
            url.scheme()
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!("`{}` names no host", redact(endpoint.trim())));
    }
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    };
    let credentials =
        (!url.username().is_empty()).then(|| (decode(url.username()), url.password().map(decode)));
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.set_fragment(None);
    let ends_in_statements = url
        .path_segments()
        .and_then(|mut s| s.rfind(|seg| !seg.is_empty()))
        == Some("statements");
    {
        let mut segments = url
            .path_segments_mut()
            .map_err(|()| "the LRS URL cannot take a path".to_owned())?;
        segments.pop_if_empty();
        if !ends_in_statements {
            segments.push("statements");
        }
    }
    Ok((url, credentials))
}

/// `text` with the user and password of any URL in it replaced by `***`.
pub fn redact(text: &str) -> String {
    let userinfo = regex::Regex::new(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#\s@]*@").expect("a regex");
    userinfo.replace_all(text, "${1}***@").into_owned()
}

/// One request's outcome.
enum Answer {
    Accepted,
    /// Worth another try.
    Transient(String),
    Final(String),
}

/// Text from the LRS, as one short line without control characters.
fn short(text: &str) -> String {
    let line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(200)
        .collect();
    redact(line.trim())
}

fn post(agent: &ureq::Agent, lrs: &Lrs, body: &str, ids: &HashSet<String>) -> Answer {
    let url = &lrs.url;
    let mut request = agent
        .post(url.as_str())
        .header("X-Experience-API-Version", "1.0.3")
        .header("Content-Type", "application/json");
    if let Some(user) = &lrs.user {
        let pair = format!("{user}:{}", lrs.password.as_deref().unwrap_or(""));
        let token = base64::engine::general_purpose::STANDARD.encode(pair);
        request = request.header("Authorization", format!("Basic {token}"));
    }
    let response = match request.send(body) {
        Err(e) => {
            return Answer::Transient(format!("no answer from {url}: {}", short(&e.to_string())));
        }
        Ok(response) => response,
    };
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|v| short(&String::from_utf8_lossy(v.as_bytes())));
    let text = response
        .into_body()
        .with_config()
        .limit(1 << 20)
        .read_to_string()
        .unwrap_or_default();
    match status {
        204 => Answer::Accepted,
        200 => match serde_json::from_str::<Vec<String>>(&text) {
            Ok(answered) => {
                let answered: HashSet<String> =
                    answered.iter().map(|id| id.to_ascii_lowercase()).collect();
                if answered == *ids {
                    Answer::Accepted
                } else {
                    Answer::Final(format!(
                        "the LRS at {url} answered 200 with {} statement ids for the {} sent; nothing is marked sent",
                        answered.len(),
                        ids.len()
                    ))
                }
            }
            Err(_) => Answer::Final(format!(
                "the LRS at {url} answered 200, but not as an xAPI statements resource does (a JSON array of the statements' ids){}; nothing is marked sent (is the URL the LRS's xAPI endpoint, not a web page?)",
                said(&text)
            )),
        },
        300..=399 => Answer::Final(format!(
            "the LRS at {url} answered {status}, pointing to {}; Frontline follows no redirect (it would send the statements without their body or credentials). If that address is the LRS, give it with --lrs",
            location.as_deref().unwrap_or("nowhere (no Location)")
        )),
        201..=299 => Answer::Final(format!(
            "the LRS at {url} answered {status}, not the 200 with the statements' ids (or 204) xAPI asks of it{}; nothing is marked sent",
            said(&text)
        )),
        _ => {
            let hint = match status {
                401 | 403 => {
                    " (check --lrs-user and --lrs-password, or FRONTLINE_LRS_USER and FRONTLINE_LRS_PASSWORD)"
                }
                404 => {
                    " (check the endpoint URL: it should be the LRS's xAPI endpoint or its statements resource)"
                }
                _ => "",
            };
            let message = format!("the LRS at {url} answered {status}{}{hint}", said(&text));
            if status == 408 || status == 429 || status >= 500 {
                Answer::Transient(message)
            } else {
                Answer::Final(message)
            }
        }
    }
}

/// `: what it said`, when it said something.
fn said(text: &str) -> String {
    let text = short(text);
    if text.is_empty() {
        String::new()
    } else {
        format!(": {text}")
    }
}

/// Sends the finished, unsent attempts the filter selects, marking each batch sent as
/// soon as the LRS accepts it. `pause` waits between tries (a test passes a fake). Holds
/// one batch of attempts in memory at a time.
pub fn send_unsent(
    store: &mut Store,
    filter: &AttemptFilter,
    lrs: &Lrs,
    versions: &xapi::Versions,
    options: &SendOptions,
    mut pause: impl FnMut(Duration),
) -> Result<SendSummary, StoreError> {
    let mut filter = filter.clone();
    filter.unsent_only = true;
    let mut pending: Vec<AttemptId> = Vec::new();
    store.for_each_attempt(&filter, |a| {
        pending.push(a.id);
        Ok(())
    })?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(options.timeout))
        .build()
        .into();
    let mut summary = SendSummary::default();
    let batch = options.batch.max(1);
    for (i, chunk) in pending.chunks(batch).enumerate() {
        let mut statements = Vec::new();
        for id in chunk {
            statements.extend(xapi::statements(
                &store.attempt(*id)?,
                &lrs.homepage,
                versions,
            ));
        }
        let ids: HashSet<String> = statements
            .iter()
            .filter_map(|s| s["id"].as_str().map(str::to_ascii_lowercase))
            .collect();
        let body = serde_json::to_string(&statements).expect("statements serialise");
        let mut wait = options.first_pause;
        let mut last = String::new();
        let mut accepted = false;
        for attempt in 1..=options.tries.max(1) {
            summary.requests += 1;
            match post(&agent, lrs, &body, &ids) {
                Answer::Accepted => {
                    accepted = true;
                    break;
                }
                Answer::Final(message) => {
                    last = message;
                    break;
                }
                Answer::Transient(message) => {
                    last = message;
                    if attempt < options.tries {
                        pause(wait);
                        wait = wait.saturating_mul(2);
                    }
                }
            }
        }
        if !accepted {
            summary.unsent = pending.len() - i * batch;
            summary.failure = Some(last);
            break;
        }
        store.mark_sent(chunk, &time::now())?;
        summary.statements += statements.len();
        summary.sent.extend_from_slice(chunk);
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(endpoint: &str) -> String {
        statements_url(endpoint).unwrap().0.to_string()
    }

    #[test]
    fn the_statements_url_keeps_the_path_and_query_and_drops_the_fragment() {
        assert_eq!(
            url("http://host/ok/?a=b#frag"),
            "http://host/ok/statements?a=b"
        );
        assert_eq!(
            url("https://lrs.example.org/xapi"),
            "https://lrs.example.org/xapi/statements"
        );
        assert_eq!(
            url("https://lrs.example.org/xapi/"),
            "https://lrs.example.org/xapi/statements"
        );
        assert_eq!(
            url("https://lrs.example.org"),
            "https://lrs.example.org/statements"
        );
        assert_eq!(
            url("https://lrs.example.org/xapi/statements/"),
            "https://lrs.example.org/xapi/statements"
        );
        assert_eq!(
            url("https://lrs.example.org/xapi/statements?x=1"),
            "https://lrs.example.org/xapi/statements?x=1"
        );
        assert_eq!(
            url("https://lrs.example.org/a%20b/"),
            "https://lrs.example.org/a%20b/statements"
        );
    }

    #[test]
    fn only_http_and_https_are_taken() {
        for bad in [
            "ftp://host/x",
            "file:///etc/passwd",
            "lrs.example.org/xapi",
            "javascript:alert(1)",
        ] {
            assert!(statements_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn credentials_in_the_url_are_taken_out_and_never_shown() {
        let (u, creds) = statements_url("https://frontline:p%40ss@lrs.example.org/xapi/").unwrap();
        assert_eq!(u.as_str(), "https://lrs.example.org/xapi/statements");
        assert_eq!(
            creds,
            Some(("frontline".to_owned(), Some("p@ss".to_owned())))
        );
        let err = statements_url("https://user:hunter2@[bad/xapi").unwrap_err();
        assert!(!err.contains("hunter2"), "{err}");
        assert_eq!(
            redact("see http://a:b@h/x and https://c@d/"),
            "see http://***@h/x and https://***@d/"
        );
    }

    #[test]
    fn a_password_without_a_user_is_refused() {
        let err = Lrs::new(
            "https://h/x",
            None,
            Some("pw".into()),
            "urn:frontline".into(),
        )
        .unwrap_err();
        assert!(err.contains("without a user"), "{err}");
        let lrs = Lrs::new("http://u:pw@h/x", None, None, "urn:frontline".into()).unwrap();
        assert_eq!(lrs.user.as_deref(), Some("u"));
        assert!(lrs.credentials_in_clear());
    }
}
