//! Colours and text attributes. One `Theme` with a colour and a monochrome constructor:
//! NO_COLOR (set and not empty) gives the monochrome one, which uses attributes only
//! (bold, italic, reversed ...), never a colour. Nothing on screen is said by colour
//! alone: every state also has a mark or a word.

use crate::domain::session::MoodBand;
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// True for the monochrome theme.
    pub mono: bool,
    pub text: Style,
    pub title: Style,
    pub heading: Style,
    pub border: Style,
    pub dim: Style,
    pub key: Style,
    pub narration: Style,
    pub customer: Style,
    pub trainee: Style,
    pub selected: Style,
    pub good: Style,
    pub bad: Style,
    pub warn: Style,
    pub bar_fill: Style,
    pub bar_empty: Style,
    pub pass_mark: Style,
    pub chart: Style,
    pub input: Style,
}

impl Theme {
    /// The theme with colours.
    pub fn colour() -> Theme {
        Theme {
            mono: false,
            text: Style::new(),
            title: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            heading: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            border: Style::new().fg(Color::DarkGray),
            dim: Style::new().fg(Color::DarkGray),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            narration: Style::new().fg(Color::Gray).add_modifier(Modifier::ITALIC),
            customer: Style::new()
                .fg(Color::LightMagenta)
                .add_modifier(Modifier::BOLD),
            trainee: Style::new()
                .fg(Color::LightBlue)
                .add_modifier(Modifier::BOLD),
            selected: Style::new()
                .fg(Color::Black)
                .bg(Color::LightCyan)
                .add_modifier(Modifier::BOLD),
            good: Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
            bad: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            warn: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            bar_fill: Style::new().fg(Color::Cyan),
            bar_empty: Style::new().fg(Color::DarkGray),
            pass_mark: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            chart: Style::new().fg(Color::LightMagenta),
            input: Style::new().add_modifier(Modifier::UNDERLINED),
        }
    }

    /// The theme without colours: attributes only.
    pub fn mono() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            mono: true,
            text: Style::new(),
            title: bold,
            heading: bold.add_modifier(Modifier::UNDERLINED),
            border: Style::new(),
            dim: Style::new().add_modifier(Modifier::DIM),
            key: bold,
            narration: Style::new().add_modifier(Modifier::ITALIC),
            customer: bold,
            trainee: bold,
            selected: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            good: bold,
            bad: bold,
            warn: bold,
            bar_fill: Style::new(),
            bar_empty: Style::new().add_modifier(Modifier::DIM),
            pass_mark: bold,
            chart: Style::new(),
            input: Style::new().add_modifier(Modifier::UNDERLINED),
        }
    }

    /// The theme the environment asks for: monochrome when `NO_COLOR` is set and not empty.
    pub fn from_env() -> Theme {
        Theme::for_no_color(std::env::var_os("NO_COLOR").as_deref())
    }

    /// The theme for a value of `NO_COLOR` (`None` when unset).
    pub fn for_no_color(no_color: Option<&std::ffi::OsStr>) -> Theme {
        match no_color {
            Some(v) if !v.is_empty() => Theme::mono(),
            _ => Theme::colour(),
        }
    }

    /// How a mood band is drawn (always beside its name).
    pub fn mood(&self, band: MoodBand) -> Style {
        if self.mono {
            return match band {
                MoodBand::Furious | MoodBand::Angry => Style::new().add_modifier(Modifier::BOLD),
                _ => Style::new(),
            };
        }
        let colour = match band {
            MoodBand::Furious => Color::Red,
            MoodBand::Angry => Color::LightRed,
            MoodBand::Uneasy => Color::Yellow,
            MoodBand::Calm => Color::LightGreen,
            MoodBand::Pleased => Color::Green,
        };
        Style::new().fg(colour).add_modifier(Modifier::BOLD)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_set_and_not_empty_gives_the_mono_theme() {
        use std::ffi::OsStr;
        assert!(Theme::for_no_color(Some(OsStr::new("1"))).mono);
        assert!(!Theme::for_no_color(Some(OsStr::new(""))).mono);
        assert!(!Theme::for_no_color(None).mono);
    }

    #[test]
    fn the_mono_theme_uses_no_colour() {
        let t = Theme::mono();
        let styles = [
            t.text,
            t.title,
            t.heading,
            t.border,
            t.dim,
            t.key,
            t.narration,
            t.customer,
            t.trainee,
            t.selected,
            t.good,
            t.bad,
            t.warn,
            t.bar_fill,
            t.bar_empty,
            t.pass_mark,
            t.chart,
            t.input,
        ];
        let bands = MoodBand::ALL.map(|b| t.mood(b));
        for s in styles.iter().chain(bands.iter()) {
            assert_eq!(s.fg, None, "{s:?}");
            assert_eq!(s.bg, None, "{s:?}");
        }
    }
}
