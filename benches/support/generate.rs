//! Generated scenarios for benchmarks: realistic in shape (three scored choices a step,
//! flags, an escalation, feedback and tactics), arbitrary in words.
// Each bench and test that includes this file uses only part of it.
#![allow(dead_code)]

/// A scenario of `steps` steps, each with three choices; choice 1 sets a flag that a
/// later step's extra choice requires, and every fifth step escalates.
pub fn scenario(id: usize, steps: usize) -> String {
    let mut s = format!(
        "format = 1\n\n[scenario]\nid = \"generated-{id}\"\ntitle = \"Generated {id}\"\n\
         summary = \"A generated scenario for benchmarks.\"\nchannel = \"phone\"\ndifficulty = 3\n\
         minutes = 10\ntags = [\"generated\"]\nstart = \"s0\"\npass_mark = 50\n\n\
         [customer]\nnames = [\"Alex Doe\", \"Sam Roe\"]\npersona = \"Generated.\"\nmood = -20\n"
    );
    for i in 0..steps {
        let next = if i + 1 == steps {
            "done".to_owned()
        } else {
            format!("s{}", i + 1)
        };
        s += &format!(
            "\n[[step]]\nid = \"s{i}\"\nnarration = \"Step {i} begins.\"\n\
             say = [\"What about step {i}?\", \"And step {i}, {{trainee}}?\"]\n"
        );
        if i % 5 == 4 {
            s += "escalate_below = -90\nescalate_to = \"gone\"\n";
        }
        for (c, (score, mood, tactic)) in [
            (2, 10, "acknowledge"),
            (0, 0, "focus-on-issue"),
            (-2, -25, "argue"),
        ]
        .into_iter()
        .enumerate()
        {
            s += &format!(
                "\n  [[step.choice]]\n  say = \"Choice {c} at step {i}, {{customer}}.\"\n  next = \"{next}\"\n  \
                 mood = {mood}\n  score = {{ listening = {score}, non_defensive = {}, courtesy = {} }}\n  \
                 tactics = [\"{tactic}\"]\n  feedback = \"Choice {c} shows {tactic}.\"\n",
                score - (i % 2) as i64,
                score.min(1),
            );
            if c == 1 {
                s += &format!("  sets = [\"flag-{}\"]\n", i % 7);
            }
        }
        if i >= 7 {
            s += &format!(
                "\n  [[step.choice]]\n  say = \"The flagged choice at step {i}.\"\n  requires = [\"flag-{}\"]\n  \
                 next = \"{next}\"\n  mood = 5\n  score = {{ listening = 3, non_defensive = 3, courtesy = 3 }}\n  \
                 tactics = [\"offer-options\"]\n  feedback = \"Offering options lets them choose.\"\n",
                i % 7
            );
        }
    }
    s += "\n[[ending]]\nid = \"done\"\noutcome = \"resolved\"\nsay = \"Thanks.\"\ndebrief = \"Done.\"\n";
    s += "\n[[ending]]\nid = \"gone\"\noutcome = \"lost\"\nsay = \"Bye.\"\ndebrief = \"Lost.\"\n";
    s
}

/// A chain of `steps` steps (s0 -> s1 -> ... -> the ending), one choice each with no
/// feedback: every step draws two warnings (`choices-identical`, `no-feedback`), so
/// 15,000 steps make a 908 KB file with 30,001 findings (the `cannot-pass` one too).
pub fn warning_chain(steps: usize) -> String {
    let mut s = String::from(
        "format = 1\n[scenario]\nid = \"many-warnings\"\ntitle = \"Many warnings\"\nchannel = \"phone\"\n\
         difficulty = 3\nstart = \"s0\"\n[customer]\nname = \"Alex Doe\"\nmood = 0\n",
    );
    for i in 0..steps {
        let next = if i + 1 == steps {
            "e".to_owned()
        } else {
            format!("s{}", i + 1)
        };
        s += &format!("[[step]]\nid=\"s{i}\"\nsay=\"?\"\nchoice=[{{say=\"Y\",next=\"{next}\"}}]\n");
    }
    s += "[[ending]]\nid=\"e\"\noutcome=\"resolved\"\nsay=\"Bye.\"\n";
    s
}
