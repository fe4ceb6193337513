//! What the built-in rubric's cues do with typical replies: one row per behaviour a trainer
//! can rely on (docs/scoring.md describes the cues). The agreement test measures the rubric
//! as a whole; these pin single cues, so a pattern edit that breaks one is named.

use frontline::domain::rubric::{Context, Rubric, Scored, Scorer};
use std::sync::OnceLock;

fn score(reply: &str) -> Scored {
    static SCORER: OnceLock<Scorer> = OnceLock::new();
    let scorer = SCORER.get_or_init(|| Scorer::new(&Rubric::builtin()).unwrap());
    let ctx = Context {
        customer: Some("Sam Patel"),
        said: Some("My parcel is three days late and nobody has told me anything."),
    };
    scorer.score(reply, &ctx)
}

fn cues(s: &Scored) -> Vec<&str> {
    s.cues.iter().map(|c| &*c.id).collect()
}

/// (reply, a cue that must count, a cue that must not)
const CASES: &[(&str, Option<&str>, Option<&str>)] = &[
    // A flat no with nowhere to go is discourteous, not only defensive.
    (
        "We're full. There's nothing I can do.",
        Some("dismissive"),
        None,
    ),
    ("No receipt, no refund.", Some("dismissive"), None),
    ("Be patient, it'll turn up.", Some("dismissive"), None),
    ("That's the rule, I'm afraid.", Some("dismissive"), None),
    // ... but offering what you can do is not a flat no.
    (
        "Here is what I can do: a replacement today.",
        None,
        Some("dismissive"),
    ),
    // Capitals cost courtesy as well as non_defensive.
    (
        "WE HAVE ONLY CHARGED YOU ONCE. CHECK YOUR STATEMENT.",
        Some("capitals"),
        None,
    ),
    (
        "I've checked with the DPD depot in Leeds.",
        None,
        Some("capitals"),
    ),
    // Warmth without please / thanks / sorry.
    (
        "I can see why you're fed up. Let me find out.",
        Some("sympathy"),
        None,
    ),
    (
        "You're right, that's not good enough.",
        Some("sympathy"),
        None,
    ),
    (
        "I understand it's urgent. I'll sort it now.",
        Some("sympathy"),
        None,
    ),
    ("Is your son feeling alright?", Some("sympathy"), None),
    ("I'd feel exactly the same.", Some("sympathy"), None),
    ("No, you're not right about that.", None, Some("sympathy")),
    // "Obviously" is condescension (non_defensive), not a courtesy penalty.
    (
        "Obviously we can't accept it.",
        Some("condescend"),
        Some("talk-down"),
    ),
    (
        "As stated in our previous email, dust is normal.",
        Some("talk-down"),
        None,
    ),
    // An email sign-off is a friendly close.
    (
        "I'll call you on Monday. Kind regards, Jo",
        Some("friendly-close"),
        None,
    ),
    // "Take care" closes warmly, at the start of a reply too (it is no order there);
    // taking care of a problem is not a close.
    (
        "Glad that's sorted. Take care!",
        Some("friendly-close"),
        None,
    ),
    ("Take care!", Some("friendly-close"), Some("bare-order")),
    (
        "Take care now, Sam.",
        Some("friendly-close"),
        Some("bare-order"),
    ),
    // Offering more help before the customer goes is a close, not a brush-off; a sales
    // pitch in reply to a request is.
    (
        "Is there anything else I can help with before you go?",
        None,
        Some("brush-off"),
    ),
    (
        "Before you go, have you seen our new unlimited deal?",
        Some("brush-off"),
        None,
    ),
    (
        "I'll take care of it from here.",
        None,
        Some("friendly-close"),
    ),
    // A one-line request for a detail is plain civility, a real request is softened.
    ("Could you send me the order number?", None, Some("soften")),
    (
        "Could you tell me what happened when the driver came?",
        Some("soften"),
        None,
    ),
    // Naming the problem in an apology shows it was heard.
    ("I'm sorry your parcel is late.", Some("acknowledge"), None),
    (
        "Sorry you feel that way.",
        Some("brush-off"),
        Some("acknowledge"),
    ),
    // Form letters and put-offs do not listen.
    (
        "Dear customer, refunds take five days.",
        Some("brush-off"),
        None,
    ),
    (
        "Someone will be in touch in due course.",
        Some("brush-off"),
        None,
    ),
    ("Delays happen. It will arrive.", Some("brush-off"), None),
    // A first-person commitment owns the problem; an excuse or a form reply does not.
    ("I'm taking this away right now.", Some("ownership"), None),
    (
        "I'll ring customer services to see if they can extend it.",
        Some("find-out"),
        None,
    ),
    (
        "It's out of my hands, the system won't let me.",
        Some("deflect"),
        None,
    ),
    ("That's just how it works.", Some("policy-wall"), None),
    ("Please allow up to 10 working days.", Some("passive"), None),
    (
        "We apologise for any inconvenience caused.",
        Some("non-apology"),
        Some("apology"),
    ),
    ("Flight number?", Some("curt-opener"), None),
    ("What's the case number?", None, Some("open-question")),
    (
        "Good afternoon, how can I help you today?",
        None,
        Some("identify-need"),
    ),
    // Naming the feeling, whoever it belongs to.
    (
        "Being overdrawn must be so stressful.",
        Some("reflect-feeling"),
        None,
    ),
];

#[test]
fn each_cue_counts_where_it_should_and_not_where_it_should_not() {
    let mut failures = Vec::new();
    for (reply, counts, not) in CASES {
        let s = score(reply);
        let got = cues(&s);
        if let Some(id) = counts
            && !got.contains(id)
        {
            failures.push(format!("{reply:?}: expected {id}, got {got:?}"));
        }
        if let Some(id) = not
            && got.contains(id)
        {
            failures.push(format!("{reply:?}: {id} should not count, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_cold_refusal_now_scores_below_a_plain_one() {
    let cold = score("We're full. There's nothing I can do.");
    let plain = score("We're full tonight. I can book you into our sister hotel nearby.");
    assert!(
        cold.get("courtesy") < plain.get("courtesy"),
        "cold {} plain {}",
        cold.get("courtesy"),
        plain.get("courtesy")
    );
}
