//! The briefing: the situation, who the customer is, what is scored, and the mode.

use super::widgets::{hanging, header, panel, scrolled_lines, wrap};
use crate::domain::sanitize::clean;
use crate::domain::scoring::Dimensions;
use crate::tui::app::{App, Play};
use crate::tui::text;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

pub fn render(app: &App, play: &Play, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let scenario = play.run.scenario();
    let [top, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    header(
        &text::briefing_header(&clean(scenario.title())),
        &text::trainee_and_mode(&clean(&play.run.options().trainee), play.run.options().mode),
        top,
        buf,
        theme,
    );
    let block = panel(format!(" {} ", clean(scenario.title())), theme);
    let inner = block.inner(body).inner(ratatui::layout::Margin::new(1, 0));
    block.render(body, buf);
    let lines = lines(app, play, inner.width as usize);
    scrolled_lines(&lines, body, inner, buf, &play.briefing, theme);
}

fn lines(app: &App, play: &Play, cols: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let scenario = play.run.scenario();
    let para = |body: &str| -> Vec<Line<'static>> {
        wrap(body, cols, cols).into_iter().map(Line::raw).collect()
    };
    let mut out = Vec::new();
    out.push(Line::styled(text::BRIEF_SITUATION, theme.heading));
    out.extend(para(scenario.scenario.summary()));
    out.push(Line::raw(""));

    out.push(Line::styled(text::BRIEF_CUSTOMER, theme.heading));
    out.extend(hanging(
        vec![],
        &text::brief_customer(
            &clean(play.run.customer_name()),
            scenario.scenario.channel.get_ref().setting(),
        ),
        0,
        cols,
        theme.customer,
    ));
    out.extend(para(scenario.customer.persona()));
    let mood = play.run.mood();
    out.push(Line::raw(text::brief_mood(play.run.mood_band(), mood)));
    out.push(Line::raw(""));

    out.push(Line::styled(text::BRIEF_SCORED, theme.heading));
    let weights = Dimensions::for_scenario(app.rubric, scenario).weights;
    let uneven = weights
        .iter()
        .any(|w| (w - weights[0]).abs() > f64::EPSILON);
    for (d, w) in app.rubric.dimensions.iter().zip(&weights) {
        let mut name = clean(&d.name).into_owned();
        if uneven {
            name.push_str(&text::brief_weight(*w));
        }
        out.extend(hanging(
            vec![Span::styled(text::speaker(&name), theme.key)],
            &d.description,
            2,
            cols,
            theme.text,
        ));
    }
    out.extend(para(&text::brief_pass(scenario.scenario.pass_mark())));
    out.push(Line::raw(""));

    out.push(Line::styled(text::BRIEF_MODE, theme.heading));
    out.extend(
        wrap(&text::mode_line(play.run.options().mode), cols, cols)
            .into_iter()
            .map(|l| Line::styled(l, theme.key)),
    );
    out.extend(para(if play.typing.is_some() {
        text::BRIEF_KEYS_TYPING
    } else {
        text::BRIEF_KEYS
    }));
    let timed = scenario
        .steps
        .iter()
        .filter(|s| s.time_limit.is_some())
        .count();
    if timed > 0 {
        out.extend(para(&text::brief_timed(timed)));
    }
    out.extend(
        wrap(&text::brief_seed(play.seed), cols, cols)
            .into_iter()
            .map(|l| Line::styled(l, theme.dim)),
    );
    out
}
