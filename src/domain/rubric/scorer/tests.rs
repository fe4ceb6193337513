use super::*;
use crate::domain::rubric::check_rubric;

const SMALL: &str = r#"
format = 1

[[dimension]]
id = "listening"
name = "Active listening"

[[dimension]]
id = "non_defensive"
name = "Non-defensive"

[[dimension]]
id = "courtesy"
name = "Courtesy"
cap = 2

[[cue]]
id = "apology"
dimension = "courtesy"
points = 1
patterns = ['\bsorry\b', '\bapologi[sz]e\b']

[[cue]]
id = "thanks"
dimension = "courtesy"
points = 1
patterns = ['\bthanks?\b']

[[cue]]
id = "please"
dimension = "courtesy"
points = 1
patterns = ['\bplease\b']

[[cue]]
id = "non-apology"
dimension = "courtesy"
points = -2
patterns = ['\bsorry\W+but\b', '\bsorry (?:that )?you feel\b']

[[cue]]
id = "useless"
dimension = "non_defensive"
points = -2
patterns = ['\buseless\b']

[[cue]]
id = "your-fault"
dimension = "non_defensive"
points = -2
negatable = true
patterns = ['\byour fault\b']

[[cue]]
id = "dont-know"
dimension = "non_defensive"
points = -1
patterns = ["\\bi don't know\\b"]
unless = ['\bfind out\b']

[[cue]]
id = "understand"
dimension = "listening"
points = 1
patterns = ['\bunderstand\b']

[[cue]]
id = "name"
dimension = "courtesy"
points = 1
kind = "customer-name"

[[cue]]
id = "reflection"
dimension = "listening"
points = 2
kind = "reflection"

[[cue]]
id = "shouting"
dimension = "non_defensive"
points = -2
kind = "shouting"
"#;

fn scorer() -> Scorer {
    let rubric: Rubric = toml::from_str(SMALL).unwrap();
    assert_eq!(check_rubric(&rubric, SMALL), vec![]);
    Scorer::new(&rubric).unwrap()
}

fn ids(s: &Scored) -> Vec<&str> {
    s.cues.iter().map(|c| &*c.id).collect()
}

#[test]
fn a_cue_counts_once_and_names_its_words() {
    let s = scorer().score(
        "Sorry, so sorry, really SORRY about that.",
        &Context::default(),
    );
    assert_eq!(ids(&s), ["apology"]);
    assert_eq!(s.cues[0].matched, "Sorry");
    assert_eq!(s.get("courtesy"), 1);
    assert_eq!(s.points.len(), 3);
}

#[test]
fn dimensions_are_capped() {
    let s = scorer().score("Sorry, thanks, please.", &Context::default());
    assert_eq!(s.cues.len(), 3);
    assert_eq!(s.get("courtesy"), 2, "the courtesy cap is 2");
}

#[test]
fn negation_cancels_a_reward_but_idioms_do_not_negate() {
    let s = scorer().score("I'm not sorry.", &Context::default());
    assert_eq!(ids(&s), Vec::<&str>::new());
    assert_eq!(s.ignored[0].reason, "negated by `not`");
    let s = scorer().score("No problem, and thanks", &Context::default());
    assert_eq!(ids(&s), ["thanks"]);
    let s = scorer().score("No, thanks for asking", &Context::default());
    assert_eq!(ids(&s), ["thanks"], "a comma ends the negator's reach");
    let s = scorer().score("I don't understand why", &Context::default());
    assert_eq!(ids(&s), Vec::<&str>::new());
    let s = scorer().score("I do not know but I understand", &Context::default());
    assert_eq!(ids(&s), ["understand"], "`but` starts a new clause");
}

#[test]
fn reverse_negation_counts_the_opposite() {
    let text = SMALL.replacen(
        "format = 1",
        "format = 1\n[scoring]\nnegation = \"reverse\"",
        1,
    );
    let rubric: Rubric = toml::from_str(&text).unwrap();
    let s = Scorer::new(&rubric)
        .unwrap()
        .score("I am not sorry", &Context::default());
    assert_eq!(s.get("courtesy"), -1);
    assert_eq!(s.cues[0].matched, "not sorry");
}

#[test]
fn a_penalty_can_be_negated_when_the_rubric_says_so() {
    let s = scorer().score("It's your fault.", &Context::default());
    assert_eq!(s.get("non_defensive"), -2);
    let s = scorer().score("It's not your fault.", &Context::default());
    assert_eq!(s.get("non_defensive"), 0);
}

#[test]
fn non_apologies_are_penalties_not_apologies() {
    let s = scorer().score("Sorry, but that's the rule.", &Context::default());
    assert_eq!(ids(&s), ["non-apology"]);
    assert_eq!(s.get("courtesy"), -2);
    assert!(s.ignored[0].reason.contains("non-apology"));
    let s = scorer().score("I'm sorry you feel that way", &Context::default());
    assert_eq!(ids(&s), ["non-apology"]);
    let s = scorer().score(
        "I'm sorry for the wait. Sorry, but the shop is closed.",
        &Context::default(),
    );
    assert_eq!(ids(&s), ["apology", "non-apology"]);
}

#[test]
fn quoted_customer_words_do_not_trip_penalties() {
    let s = scorer().score(
        "You called us 'useless' and I understand why.",
        &Context::default(),
    );
    assert_eq!(ids(&s), ["understand"]);
    let s = scorer().score(
        "When you say \u{201C}useless\u{201D}, what happened?",
        &Context::default(),
    );
    assert_eq!(ids(&s), Vec::<&str>::new());
    assert_eq!(s.ignored[0].reason, "the customer's words, quoted");
    let s = scorer().score("That is useless.", &Context::default());
    assert_eq!(ids(&s), ["useless"]);
    // Reported speech without quote marks counts as quoting only with the customer's words.
    let ctx = Context {
        said: Some("Your app is useless."),
        ..Context::default()
    };
    let s = scorer().score("You said the app is useless, so let's fix it", &ctx);
    assert!(!ids(&s).contains(&"useless"));
    let s = scorer().score("You said it was slow. It is useless", &ctx);
    assert!(ids(&s).contains(&"useless"));
}

#[test]
fn apostrophes_inside_words_are_not_quotes() {
    assert_eq!(
        quoted_spans("don't say it's useless"),
        Vec::<Range<usize>>::new()
    );
    let text = "you wrote 'it's useless' today";
    let spans = quoted_spans(text);
    assert_eq!(&text[spans[0].clone()], "it's useless");
}

#[test]
fn unless_stops_a_cue() {
    let s = scorer().score("I don't know.", &Context::default());
    assert_eq!(s.get("non_defensive"), -1);
    let s = scorer().score("I don't know, but I'll find out.", &Context::default());
    assert_eq!(s.get("non_defensive"), 0);
}

#[test]
fn customer_name_matches_any_part_as_a_word() {
    let ctx = Context {
        customer: Some("Mrs Dana Whitfield"),
        ..Context::default()
    };
    assert_eq!(
        ids(&scorer().score("Thanks, Dana", &ctx)),
        ["thanks", "name"]
    );
    assert_eq!(
        scorer().score("Ms Whitfield?", &ctx).cues[0].matched,
        "Whitfield"
    );
    assert!(ids(&scorer().score("Danae and Mrs Jones", &ctx)).is_empty());
    assert!(ids(&scorer().score("Dana", &Context::default())).is_empty());
}

#[test]
fn reflection_credits_reused_content_words_by_stem() {
    let ctx = Context {
        said: Some("The blender stopped working after three weeks!"),
        ..Context::default()
    };
    let s = scorer().score("So it stops working within weeks of buying it?", &ctx);
    assert_eq!(ids(&s), ["reflection"]);
    assert_eq!(s.cues[0].matched, "stops, working, weeks");
    assert_eq!(s.get("listening"), 2);
    let s = scorer().score("The after is the after.", &ctx);
    assert!(ids(&s).is_empty(), "stop words earn nothing");
}

#[test]
fn a_scorer_remembers_the_last_line_without_mixing_lines_up() {
    let blender = Context {
        said: Some("The blender stopped working after three weeks!"),
        ..Context::default()
    };
    let flight = Context {
        said: Some("My flight was cancelled and nobody told me."),
        ..Context::default()
    };
    let reply = "So the flight was cancelled, and it stopped working after three weeks?";
    let s = scorer();
    // The same scorer, one line after the other and back: each time what a fresh scorer
    // gives for that line.
    for ctx in [&blender, &flight, &blender, &flight] {
        assert_eq!(s.score(reply, ctx), scorer().score(reply, ctx));
    }
    assert_eq!(
        s.score(reply, &blender).cues[0].matched,
        "stopped, working, three, weeks"
    );
    assert_eq!(s.score(reply, &flight).cues[0].matched, "flight, cancelled");
}

#[test]
fn shouting_is_mostly_capitals() {
    let s = scorer().score("I SAID WE CANNOT DO THAT", &Context::default());
    assert_eq!(ids(&s), ["shouting"]);
    let s = scorer().score(
        "Please bring your ID and the PIN from the SMS.",
        &Context::default(),
    );
    assert_eq!(ids(&s), ["please"]);
    let s = scorer().score("I hear you but NO REFUND TODAY, okay", &Context::default());
    assert!(ids(&s).contains(&"shouting"));
}

#[test]
fn bad_patterns_are_findings_at_the_pattern() {
    let text = SMALL.replace(r"'\bthanks?\b'", r"'\bthanks(\b'");
    let rubric: Rubric = toml::from_str(&text).unwrap();
    let errors = Scorer::new(&rubric).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, "bad-pattern");
    assert_eq!(&text[errors[0].span.clone().unwrap()], r"'\bthanks(\b'");
}

#[test]
fn any_text_scores_without_panicking() {
    let scorer = scorer();
    let ctx = Context {
        customer: Some("'\u{0}Ω"),
        said: Some("\u{301}\u{301} \"' '"),
    };
    for text in [
        "",
        "'",
        "\"",
        "''''",
        "\u{0}\u{FFFD}\u{301}é",
        "don\u{2019}t \u{201C}x",
        &"sorry ".repeat(10_000),
        &"é".repeat(MAX_REPLY_BYTES),
        &format!("{}ü", "a".repeat(MAX_REPLY_BYTES - 1)),
    ] {
        let s = scorer.score(text, &ctx);
        assert!(s.points.values().all(|p| p.abs() <= 3));
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]
    #[test]
    fn the_builtin_rubric_scores_any_text_within_its_caps(
        reply in "\\PC{0,300}|[a-zA-Z '\"!?,.]{0,300}",
        said in proptest::option::of("\\PC{0,80}"),
        customer in proptest::option::of("\\PC{0,20}"),
    ) {
        let scorer = builtin();
        let ctx = Context { customer: customer.as_deref(), said: said.as_deref() };
        let scored = scorer.score(&reply, &ctx);
        proptest::prop_assert_eq!(scored.points.len(), 3);
        proptest::prop_assert!(scored.points.values().all(|p| p.abs() <= 3));
        for hit in &scored.cues {
            proptest::prop_assert!(hit.points != 0 && !hit.id.is_empty());
        }
    }
}

fn builtin() -> &'static Scorer {
    static SCORER: std::sync::OnceLock<Scorer> = std::sync::OnceLock::new();
    SCORER.get_or_init(|| Scorer::new(&Rubric::builtin()).unwrap())
}

#[test]
fn the_builtin_rubric_gets_a_prefilter() {
    // Without one, ASCII replies take the full set: the same scores, but at a fraction of
    // the speed, and nothing else would show it (docs/performance.md).
    assert!(builtin().prefilter.is_some());
}

#[test]
fn a_scorer_can_be_shared_between_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Scorer>();
    let scorer = builtin();
    let handles: Vec<_> = (0..2)
        .map(|_| {
            std::thread::spawn(move || scorer.score("Thanks for waiting", &Context::default()))
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap().get("courtesy"), 2);
    }
}

/// The general splitter, over decoded characters: what the ASCII fast path must equal.
fn words_by_char(text: &str) -> Vec<(usize, usize, u32)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    split_words(text, chars.len(), |i| {
        let (at, c) = chars[i];
        (at, c, c.is_alphanumeric())
    })
    .iter()
    .map(|w| (w.start, w.end, w.clause))
    .collect()
}

#[test]
fn ascii_words_split_as_the_general_splitter_does() {
    let cases = [
        "",
        "'",
        "don't",
        "'quoted' words'",
        "rock'n'roll, isn't it?",
        "Sorry -- but it's late. So: we'll see; however (maybe) yet",
        "a''b ''c'' d'",
        "TWO  spaces\tand\nlines!!",
        "123 go, 4'5",
    ];
    for text in cases {
        let fast: Vec<(usize, usize, u32)> = ascii_words(text)
            .iter()
            .map(|w| (w.start, w.end, w.clause))
            .collect();
        assert_eq!(fast, words_by_char(text), "{text:?}");
    }
}

proptest::proptest! {
    #[test]
    fn ascii_words_match_the_general_splitter_on_any_ascii(text in "[ -~\t\n]{0,80}") {
        let fast: Vec<(usize, usize, u32)> = ascii_words(&text)
            .iter()
            .map(|w| (w.start, w.end, w.clause))
            .collect();
        proptest::prop_assert_eq!(fast, words_by_char(&text));
    }
}

#[test]
fn stem_numbers_stay_apart_across_a_clear_of_the_memo() {
    let stemmer = Stemmer::create(Algorithm::English);
    let mut stems = Stems::default();
    let waiting = stems.id(&stemmer, "waiting");
    assert_eq!(
        stems.id(&stemmer, "waited"),
        waiting,
        "one stem, one number"
    );
    for i in 0..=MAX_REMEMBERED_STEMS {
        stems.id(&stemmer, &format!("word{i}"));
    }
    // Full: a new reply starts by forgetting, and numbers are given out afresh.
    stems.forget_if_full();
    let parcel = stems.id(&stemmer, "parcel");
    assert_ne!(stems.id(&stemmer, "waiting"), parcel);
    assert_eq!(stems.id(&stemmer, "parcels"), parcel);
}

/// Each pattern of the built-in rubric, and patterns of other shapes, built both ways.
fn both_ways() -> &'static [(String, meta::Regex, Regex)] {
    static BUILT: std::sync::OnceLock<Vec<(String, meta::Regex, Regex)>> =
        std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let builtin = Rubric::builtin();
        let others = [
            r"\w+",
            r"^\W*",
            r"(?m)^.*$",
            r"a*?",
            r"s\b|\Bss",
            r"(?-i)Ok|ok+",
            r"\p{L}{2,}",
            "",
        ];
        builtin
            .cues
            .iter()
            .flat_map(|c| c.patterns.iter().map(|p| p.get_ref().as_str()))
            .chain(others)
            .map(|p| (p.to_owned(), cue_regex(p).unwrap(), compile(p).unwrap()))
            .collect()
    })
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// A cue's own regex (no prefilter) finds exactly what `compile` finds, on any text.
    #[test]
    fn cue_regexes_find_what_compile_finds(
        text in "\\PC{0,200}|[a-zA-Z '\"!?,.\u{e9}\u{df}\u{130}]{0,200}",
    ) {
        for (source, ours, theirs) in both_ways() {
            let ours: Vec<_> = ours.find_iter(&text).map(|m| m.range()).collect();
            let theirs: Vec<_> = theirs.find_iter(&text).map(|m| m.range()).collect();
            proptest::prop_assert_eq!(ours, theirs, "{}", source);
        }
    }
}

/// Words that start many of the built-in cues, so random replies built from them match
/// plenty of patterns, near each other and overlapping.
const CUE_WORDS: &[&str] = &[
    "sorry",
    "but",
    "I",
    "I'm",
    "I'll",
    "you",
    "you're",
    "not",
    "no",
    "thank",
    "thanks",
    "please",
    "could",
    "would",
    "can't",
    "that's",
    "the",
    "policy",
    "rule",
    "let",
    "me",
    "check",
    "calm",
    "down",
    "obviously",
    "so",
    "what",
    "why",
    "how",
    "help",
    "hi",
    "Dana",
    "nothing",
    "can",
    "do",
    "fault",
    "my",
    "our",
    "your",
    "it's",
    "wait",
    "!!",
    "?",
    ".",
    ",",
    "\"",
    "said",
    "feel",
    "that",
    "must",
    "be",
    "frustrating",
    "understand",
    "see",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
    #[test]
    fn the_prefilter_finds_what_the_full_set_finds(
        words in proptest::collection::vec(proptest::sample::select(CUE_WORDS), 0..40),
        caps in proptest::bool::ANY,
    ) {
        let mut reply = words.join(" ");
        if caps {
            reply = reply.to_uppercase();
        }
        let scorer = builtin();
        let ctx = Context { customer: Some("Dana Whitfield"), said: Some("I want my money back, you said so.") };
        proptest::prop_assert_eq!(
            scorer.score_with(&reply, &ctx, Candidates::Prefilter),
            scorer.score_with(&reply, &ctx, Candidates::FullSet)
        );
    }
}
