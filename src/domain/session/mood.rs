//! The customer's mood in words, so a meter never relies on colour alone.

/// The band a mood falls in:
/// furious < -60 <= angry < -20 <= uneasy < 0 <= calm < 60 <= pleased.
///
/// The word must agree with what the customer says: every resolved ending of the shipped
/// scenarios is reached at a mood of 0 or more, with a line of thanks ("I appreciate it"),
/// so a mood at or above neutral reads as calm, never as uneasy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MoodBand {
    Furious,
    Angry,
    Uneasy,
    Calm,
    Pleased,
}

impl MoodBand {
    pub const ALL: [MoodBand; 5] = [
        MoodBand::Furious,
        MoodBand::Angry,
        MoodBand::Uneasy,
        MoodBand::Calm,
        MoodBand::Pleased,
    ];

    pub fn of(mood: i64) -> MoodBand {
        match mood {
            m if m < -60 => MoodBand::Furious,
            m if m < -20 => MoodBand::Angry,
            m if m < 0 => MoodBand::Uneasy,
            m if m < 60 => MoodBand::Calm,
            _ => MoodBand::Pleased,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            MoodBand::Furious => "furious",
            MoodBand::Angry => "angry",
            MoodBand::Uneasy => "uneasy",
            MoodBand::Calm => "calm",
            MoodBand::Pleased => "pleased",
        }
    }
}

impl std::fmt::Display for MoodBand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn band_edges_belong_to_the_band_above() {
        let cases = [
            (-100, MoodBand::Furious),
            (-61, MoodBand::Furious),
            (-60, MoodBand::Angry),
            (-21, MoodBand::Angry),
            (-20, MoodBand::Uneasy),
            (-1, MoodBand::Uneasy),
            (0, MoodBand::Calm),
            (19, MoodBand::Calm),
            (59, MoodBand::Calm),
            (60, MoodBand::Pleased),
            (100, MoodBand::Pleased),
        ];
        for (mood, band) in cases {
            assert_eq!(MoodBand::of(mood), band, "mood {mood}");
        }
        assert_eq!(MoodBand::of(i64::MIN), MoodBand::Furious);
        assert_eq!(MoodBand::of(i64::MAX), MoodBand::Pleased);
        let names: Vec<_> = MoodBand::ALL.iter().map(|b| b.name()).collect();
        assert_eq!(names, ["furious", "angry", "uneasy", "calm", "pleased"]);
    }
}
