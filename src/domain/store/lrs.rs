//! Sending xAPI statements to a Learning Record Store.
//!
//! Finished attempts not yet sent are posted in batches to the LRS's `statements`
//! resource (`X-Experience-API-Version: 1.0.3`, HTTP basic auth when credentials are
//! given). A batch that fails with a network error, 408, 429 or a 5xx is tried again after
//! an exponentially growing pause; other answers are final. An attempt is marked sent in
//! the store only once the LRS has answered its batch with a 2xx, never before, so an
//! attempt is either known to be stored by the LRS or will be sent again next time (the
//! statement ids are derived from the attempt, so a re-send is recognisable as such).

use super::attempts::{AttemptFilter, AttemptId, StoredAttempt};
use super::{Store, StoreError, time, xapi};
use base64::Engine;
use std::time::Duration;

/// Where and as whom to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lrs {
    /// The LRS endpoint (`https://lrs.example.org/xapi/`) or its statements resource
    /// (`.../xapi/statements`).
    pub endpoint: String,
    pub user: Option<String>,
    pub password: Option<String>,
    /// The account home page for actors ([`xapi::DEFAULT_HOMEPAGE`] unless set).
    pub homepage: String,
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

/// The statements resource for an endpoint.
pub fn statements_url(endpoint: &str) -> String {
    let trimmed = endpoint.trim_end_matches('/');
    if trimmed.ends_with("/statements") {
        trimmed.to_owned()
    } else {
        format!("{trimmed}/statements")
    }
}

/// One request's outcome.
enum Answer {
    Accepted,
    /// Worth another try.
    Transient(String),
    Final(String),
}

fn post(agent: &ureq::Agent, url: &str, lrs: &Lrs, body: &str) -> Answer {
    let mut request = agent
        .post(url)
        .header("X-Experience-API-Version", "1.0.3")
        .header("Content-Type", "application/json");
    if let Some(user) = &lrs.user {
        let pair = format!("{user}:{}", lrs.password.as_deref().unwrap_or(""));
        let token = base64::engine::general_purpose::STANDARD.encode(pair);
        request = request.header("Authorization", format!("Basic {token}"));
    }
    match request.send(body) {
        Err(e) => Answer::Transient(format!("no answer from {url}: {e}")),
        Ok(response) => {
            let status = response.status().as_u16();
            if (200..300).contains(&status) {
                return Answer::Accepted;
            }
            let text: String = response
                .into_body()
                .with_config()
                .limit(4096)
                .read_to_string()
                .unwrap_or_default()
                .chars()
                .filter(|c| !c.is_control())
                .take(200)
                .collect();
            let said = if text.is_empty() {
                String::new()
            } else {
                format!(": {text}")
            };
            let hint = match status {
                401 | 403 => {
                    " (check --lrs-user and --lrs-password, or FRONTLINE_LRS_USER and FRONTLINE_LRS_PASSWORD)"
                }
                404 => {
                    " (check the endpoint URL: it should be the LRS's xAPI endpoint or its statements resource)"
                }
                _ => "",
            };
            let message = format!("the LRS at {url} answered {status}{said}{hint}");
            if status == 408 || status == 429 || status >= 500 {
                Answer::Transient(message)
            } else {
                Answer::Final(message)
            }
        }
    }
}

/// Sends the finished, unsent attempts the filter selects, marking each batch sent as
/// soon as the LRS accepts it. `pause` waits between tries (a test passes a fake).
pub fn send_unsent(
    store: &mut Store,
    filter: &AttemptFilter,
    lrs: &Lrs,
    options: &SendOptions,
    mut pause: impl FnMut(Duration),
) -> Result<SendSummary, StoreError> {
    let mut filter = filter.clone();
    filter.unsent_only = true;
    let mut pending: Vec<StoredAttempt> = Vec::new();
    store.for_each_attempt(&filter, |a| {
        pending.push(a);
        Ok(())
    })?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(options.timeout))
        .build()
        .into();
    let url = statements_url(&lrs.endpoint);
    let mut summary = SendSummary::default();
    let batch = options.batch.max(1);
    for (i, chunk) in pending.chunks(batch).enumerate() {
        let statements: Vec<_> = chunk
            .iter()
            .flat_map(|a| xapi::statements(a, &lrs.homepage))
            .collect();
        let body = serde_json::to_string(&statements).expect("statements serialise");
        let mut wait = options.first_pause;
        let mut last = String::new();
        let mut accepted = false;
        for attempt in 1..=options.tries.max(1) {
            summary.requests += 1;
            match post(&agent, &url, lrs, &body) {
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
        let ids: Vec<AttemptId> = chunk.iter().map(|a| a.id).collect();
        store.mark_sent(&ids, &time::now())?;
        summary.statements += statements.len();
        summary.sent.extend(ids);
    }
    Ok(summary)
}
