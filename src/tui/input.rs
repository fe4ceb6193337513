//! Keys and mouse to actions, through one keymap table per context. The help overlay and
//! the footers are drawn from the same table, so what they say cannot drift from what
//! the keys do.

use crate::tui::text;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

/// What the trainee asked for; the app decides what it means on the screen it is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// `q`: quit (asks first during a run).
    Quit,
    /// Ctrl-C: quit at once.
    ForceQuit,
    /// Open or close the help overlay.
    Help,
    /// Esc: go back.
    Back,
    /// Enter: confirm, continue.
    Confirm,
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    /// A choice by the number shown (1-based).
    Pick(usize),
    ToggleMode,
    /// Switch between choosing replies and typing them (for the next run).
    ToggleInput,
    /// Start typing a filter.
    Filter,
    /// A typed character (filter, name).
    Type(char),
    /// Backspace.
    Erase,
    /// Delete: the character under the cursor of a typed reply.
    Delete,
    /// Ctrl-W: the word before the cursor.
    EraseWord,
    /// Ctrl-U: the whole typed reply.
    ClearInput,
    /// ←/→: the cursor of a typed reply.
    Left,
    Right,
    Retry,
    ReplayBest,
    /// Coach feedback: try the decision again, as practice.
    TryAgain,
    /// The debrief: ask which decision to play on from, as practice.
    RetryFrom,
    Library,
    /// Continue the selected scenario's unfinished attempt.
    Resume,
    /// The trainee's history.
    History,
    /// Give another trainee's name.
    SwitchTrainee,
    /// The history: mark an attempt to compare, or compare with the one marked.
    Compare,
    /// The class debrief: show or hide the answer key.
    AnswerKey,
    /// The class debrief of the selected scenario.
    Class,
    Yes,
    No,
    /// Mouse wheel.
    ScrollUp,
    ScrollDown,
    /// Left click at a cell.
    Click {
        column: u16,
        row: u16,
    },
    Resize {
        width: u16,
        height: u16,
    },
}

/// Where input goes: a screen, a phase of a screen, or an overlay. Each has its keymap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    TooSmall,
    NamePrompt,
    Library,
    /// The library while a filter is being typed.
    Filter,
    Briefing,
    /// The conversation, waiting for a choice.
    Turn,
    /// The conversation, waiting for a typed reply.
    Typing,
    /// The conversation, coach feedback shown.
    Feedback,
    /// The conversation has reached its ending; the debrief is next.
    Over,
    /// Walking through the best path after a debrief.
    Replay,
    /// The debrief, asking which decision to play on from (a number being typed).
    RetryFrom,
    /// Two attempts of one scenario side by side, from the history.
    Compare,
    Debrief,
    History,
    /// The class debrief of one scenario.
    Class,
    /// Enter on a scenario with an unfinished run: resume it or start over.
    Offer,
    Help,
    Confirm,
}

/// A key (or mouse gesture) as the keymap names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Enter,
    Esc,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    F(u8),
    /// Any of the digits 1-9.
    Digit,
    /// Any printable character (typing).
    Printable,
    WheelUp,
    WheelDown,
    Click,
}

/// One line of the keymap: the keys, what they do, and how help and the footer say it.
/// An action that carries the key's own data (a digit, a character, a click's cell) is
/// written with a placeholder, filled in from the key pressed.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [(Key, Action)],
    /// The keys as shown; `None` joins each key's own label with '/'.
    pub label: Option<&'static str>,
    /// One line in the help overlay.
    pub help: &'static str,
    /// The word in the footer, when the binding is shown there.
    pub footer: Option<&'static str>,
}

impl Binding {
    /// The keys as help and the footer show them.
    pub fn keys_label(&self) -> String {
        match self.label {
            Some(label) => label.to_owned(),
            None => self
                .keys
                .iter()
                .map(|(k, _)| text::key_label(*k))
                .collect::<Vec<_>>()
                .join("/"),
        }
    }
}

const fn b(
    keys: &'static [(Key, Action)],
    label: Option<&'static str>,
    help: &'static str,
    footer: Option<&'static str>,
) -> Binding {
    Binding {
        keys,
        label,
        help,
        footer,
    }
}

use Action as C;

// Key lists more than one binding shares.
const ARROWS_VIM: &[(Key, Action)] = &[
    (Key::Up, C::Up),
    (Key::Down, C::Down),
    (Key::Char('k'), C::Up),
    (Key::Char('j'), C::Down),
];
const PAGES: &[(Key, Action)] = &[(Key::PageUp, C::PageUp), (Key::PageDown, C::PageDown)];
const HOME_END: &[(Key, Action)] = &[(Key::Home, C::Home), (Key::End, C::End)];
const WHEEL_SCROLL: &[(Key, Action)] =
    &[(Key::WheelUp, C::ScrollUp), (Key::WheelDown, C::ScrollDown)];
/// Every way to scroll a page: pages, lines (arrows and j/k), the wheel, its ends.
const SCROLL_ALL: &[(Key, Action)] = &[
    (Key::PageUp, C::PageUp),
    (Key::PageDown, C::PageDown),
    (Key::Up, C::Up),
    (Key::Down, C::Down),
    (Key::Char('k'), C::Up),
    (Key::Char('j'), C::Down),
    (Key::WheelUp, C::ScrollUp),
    (Key::WheelDown, C::ScrollDown),
    (Key::Home, C::Home),
    (Key::End, C::End),
];
/// A click, its cell filled in when the mouse event is mapped.
const CLICK: Action = Action::Click { column: 0, row: 0 };

const FORCE_QUIT: Binding = b(
    &[(Key::Ctrl('c'), C::ForceQuit)],
    None,
    text::HELP_FORCE_QUIT,
    None,
);
const HELP: Binding = b(
    &[(Key::Char('?'), C::Help), (Key::F(1), C::Help)],
    None,
    text::HELP_HELP,
    Some(text::FOOT_HELP),
);
const HELP_TYPING: Binding = b(
    &[(Key::F(1), C::Help)],
    None,
    text::HELP_HELP,
    Some(text::FOOT_HELP),
);
const MOVE: Binding = b(
    ARROWS_VIM,
    Some(text::LABEL_MOVE),
    text::HELP_MOVE,
    Some(text::FOOT_MOVE),
);
const MOVE_ARROWS: Binding = b(
    &[(Key::Up, C::Up), (Key::Down, C::Down)],
    Some(text::LABEL_ARROWS),
    text::HELP_MOVE,
    Some(text::FOOT_MOVE),
);
const PAGE_LIST: Binding = b(PAGES, Some(text::LABEL_PAGE), text::HELP_PAGE_LIST, None);
const ENDS_LIST: Binding = b(
    HOME_END,
    Some(text::LABEL_HOME_END),
    text::HELP_ENDS_LIST,
    None,
);
const WHEEL_LIST: Binding = b(
    &[(Key::WheelUp, C::Up), (Key::WheelDown, C::Down)],
    Some(text::LABEL_WHEEL),
    text::HELP_MOVE,
    None,
);
const QUIT: Binding = b(
    &[(Key::Char('q'), C::Quit)],
    None,
    text::HELP_QUIT,
    Some(text::FOOT_QUIT),
);
const QUIT_ASKS: Binding = b(
    &[(Key::Char('q'), C::Quit)],
    None,
    text::HELP_QUIT_ASKS,
    Some(text::FOOT_QUIT),
);
const LEAVE_RUN: Binding = b(&[(Key::Esc, C::Back)], None, text::HELP_LEAVE_RUN, None);
const SCROLL_TRANSCRIPT: Binding = b(
    PAGES,
    Some(text::LABEL_PAGE),
    text::HELP_SCROLL_TRANSCRIPT,
    Some(text::FOOT_SCROLL),
);
const ENDS_TRANSCRIPT: Binding = b(
    HOME_END,
    Some(text::LABEL_HOME_END),
    text::HELP_ENDS_TRANSCRIPT,
    None,
);
const WHEEL_TRANSCRIPT: Binding = b(
    WHEEL_SCROLL,
    Some(text::LABEL_WHEEL),
    text::HELP_SCROLL_TRANSCRIPT,
    None,
);
// While feedback is shown: the feedback when it does not fit, else the transcript.
const SCROLL_FEEDBACK: Binding = b(
    PAGES,
    Some(text::LABEL_PAGE),
    text::HELP_SCROLL_FEEDBACK,
    Some(text::FOOT_SCROLL),
);
const LINES_FEEDBACK: Binding = b(
    ARROWS_VIM,
    Some(text::LABEL_MOVE),
    text::HELP_SCROLL_FEEDBACK,
    None,
);
const WHEEL_FEEDBACK: Binding = b(
    WHEEL_SCROLL,
    Some(text::LABEL_WHEEL),
    text::HELP_SCROLL_FEEDBACK,
    None,
);
const ENDS_FEEDBACK: Binding = b(
    HOME_END,
    Some(text::LABEL_HOME_END),
    text::HELP_ENDS_FEEDBACK,
    None,
);
const SCROLL_PAGE: Binding = b(
    SCROLL_ALL,
    Some(text::LABEL_SCROLL_ALL),
    text::HELP_SCROLL_PAGE,
    Some(text::FOOT_SCROLL),
);
/// The same, left out of the footer (the debrief's keys fill it; help lists it).
const SCROLL_PAGE_QUIET: Binding = Binding {
    footer: None,
    ..SCROLL_PAGE
};
// Editing a line of typed text (a reply, the name, the filter).
const ERASE_BEFORE: Binding = b(
    &[(Key::Backspace, C::Erase)],
    None,
    text::HELP_ERASE_BEFORE,
    None,
);
const DELETE: Binding = b(&[(Key::Delete, C::Delete)], None, text::HELP_DELETE, None);
const CURSOR: Binding = b(
    &[(Key::Left, C::Left), (Key::Right, C::Right)],
    Some(text::LABEL_LEFT_RIGHT),
    text::HELP_CURSOR,
    None,
);
const ERASE_WORD: Binding = b(
    &[(Key::Ctrl('w'), C::EraseWord)],
    None,
    text::HELP_ERASE_WORD,
    None,
);
const MODE: Binding = b(
    &[(Key::Char('m'), C::ToggleMode)],
    None,
    text::HELP_MODE,
    Some(text::FOOT_MODE),
);

const GLOBAL: &[Binding] = &[FORCE_QUIT];

const LIBRARY: &[Binding] = &[
    MOVE,
    b(
        &[(Key::Enter, C::Confirm)],
        None,
        text::HELP_LIBRARY_START,
        Some(text::FOOT_START),
    ),
    b(
        &[(Key::Char('/'), C::Filter)],
        None,
        text::HELP_FILTER_START,
        Some(text::FOOT_FILTER),
    ),
    b(
        &[(Key::Char('r'), C::Resume)],
        None,
        text::HELP_RESUME,
        None,
    ),
    b(
        &[(Key::Char('h'), C::History)],
        None,
        text::HELP_HISTORY,
        None,
    ),
    b(&[(Key::Char('c'), C::Class)], None, text::HELP_CLASS, None),
    b(
        &[(Key::Char('n'), C::SwitchTrainee)],
        None,
        text::HELP_SWITCH_TRAINEE,
        None,
    ),
    MODE,
    b(
        &[(Key::Char('t'), C::ToggleInput)],
        None,
        text::HELP_INPUT,
        Some(text::FOOT_INPUT),
    ),
    PAGE_LIST,
    ENDS_LIST,
    WHEEL_LIST,
    b(&[(Key::Esc, C::Back)], None, text::HELP_FILTER_CLEAR, None),
    HELP,
    QUIT,
];

const FILTER: &[Binding] = &[
    b(
        &[(Key::Printable, C::Type(' '))],
        Some(text::LABEL_TYPING),
        text::HELP_FILTER_TYPE,
        None,
    ),
    ERASE_BEFORE,
    DELETE,
    CURSOR,
    b(
        HOME_END,
        Some(text::LABEL_HOME_END),
        text::HELP_CURSOR_ENDS_FILTER,
        None,
    ),
    ERASE_WORD,
    b(
        &[(Key::Ctrl('u'), C::ClearInput)],
        None,
        text::HELP_CLEAR_FILTER_TEXT,
        None,
    ),
    MOVE_ARROWS,
    b(
        &[(Key::Enter, C::Confirm)],
        None,
        text::HELP_FILTER_DONE,
        Some(text::FOOT_DONE),
    ),
    b(
        &[(Key::Esc, C::Back)],
        None,
        text::HELP_FILTER_CLEAR,
        Some(text::FOOT_CLEAR),
    ),
    HELP_TYPING,
];

const NAME_PROMPT: &[Binding] = &[
    b(
        &[(Key::Printable, C::Type(' '))],
        Some(text::LABEL_TYPING),
        text::HELP_NAME_TYPE,
        None,
    ),
    ERASE_BEFORE,
    DELETE,
    CURSOR,
    b(
        HOME_END,
        Some(text::LABEL_HOME_END),
        text::HELP_CURSOR_ENDS_NAME,
        None,
    ),
    ERASE_WORD,
    b(
        &[(Key::Ctrl('u'), C::ClearInput)],
        None,
        text::HELP_CLEAR_NAME,
        None,
    ),
    b(
        &[(Key::Enter, C::Confirm)],
        None,
        text::HELP_NAME_DONE,
        Some(text::FOOT_CONFIRM),
    ),
    b(
        &[(Key::Esc, C::Back)],
        None,
        text::HELP_BACK_LIBRARY,
        Some(text::FOOT_BACK),
    ),
    HELP_TYPING,
];

const BRIEFING: &[Binding] = &[
    b(
        &[(Key::Enter, C::Confirm)],
        None,
        text::HELP_BEGIN,
        Some(text::FOOT_BEGIN),
    ),
    b(
        &[(Key::Esc, C::Back)],
        None,
        text::HELP_BACK_LIBRARY,
        Some(text::FOOT_BACK),
    ),
    MODE,
    SCROLL_PAGE,
    HELP,
    QUIT,
];

const TURN: &[Binding] = &[
    b(
        &[(Key::Digit, C::Pick(0))],
        Some(text::LABEL_DIGITS),
        text::HELP_PICK,
        Some(text::FOOT_PICK),
    ),
    MOVE,
    b(
        &[(Key::Enter, C::Confirm)],
        None,
        text::HELP_SAY,
        Some(text::FOOT_SAY),
    ),
    b(
        &[(Key::Click, CLICK)],
        Some(text::LABEL_CLICK),
        text::HELP_CLICK,
        None,
    ),
    SCROLL_TRANSCRIPT,
    WHEEL_TRANSCRIPT,
    ENDS_TRANSCRIPT,
    LEAVE_RUN,
    HELP,
    QUIT_ASKS,
];

const TYPING: &[Binding] = &[
    b(
        &[(Key::Printable, C::Type(' '))],
        Some(text::LABEL_TYPING),
        text::HELP_REPLY_TYPE,
        None,
    ),
    ERASE_BEFORE,
    DELETE,
    CURSOR,
    b(
        HOME_END,
        Some(text::LABEL_HOME_END),
        text::HELP_CURSOR_ENDS,
        None,
    ),
    ERASE_WORD,
    b(
        &[(Key::Ctrl('u'), C::ClearInput)],
        None,
        text::HELP_CLEAR_REPLY,
        None,
    ),
    b(&[(Key::Up, C::Up)], None, text::HELP_RECALL_REPLY, None),
    b(
        &[(Key::Enter, C::Confirm)],
        None,
        text::HELP_REPLY_SEND,
        Some(text::FOOT_SEND),
    ),
    SCROLL_TRANSCRIPT,
    WHEEL_TRANSCRIPT,
    b(
        &[(Key::Esc, C::Back)],
        None,
        text::HELP_LEAVE_RUN,
        Some(text::FOOT_LEAVE),
    ),
    HELP_TYPING,
];

const FEEDBACK: &[Binding] = &[
    b(
        &[(Key::Enter, C::Confirm)],
        None,
        text::HELP_CONTINUE,
        Some(text::FOOT_CONTINUE),
    ),
    b(
        &[(Key::Char('t'), C::TryAgain)],
        None,
        text::HELP_TRY_AGAIN,
        Some(text::FOOT_TRY_AGAIN),
    ),
    SCROLL_FEEDBACK,
    LINES_FEEDBACK,
    WHEEL_FEEDBACK,
    ENDS_FEEDBACK,
    LEAVE_RUN,
    HELP,
    QUIT_ASKS,
];

const OVER: &[Binding] = &[
    b(
        &[(Key::Enter, C::Confirm)],
        None,
        text::HELP_TO_DEBRIEF,
        Some(text::FOOT_DEBRIEF),
    ),
    SCROLL_TRANSCRIPT,
    WHEEL_TRANSCRIPT,
    ENDS_TRANSCRIPT,
    LEAVE_RUN,
    HELP,
    QUIT_ASKS,
];

const REPLAY: &[Binding] = &[
    b(
        &[(Key::Enter, C::Confirm)],
        None,
        text::HELP_REPLAY_NEXT,
        Some(text::FOOT_NEXT),
    ),
    SCROLL_TRANSCRIPT,
    WHEEL_TRANSCRIPT,
    ENDS_TRANSCRIPT,
    b(
        &[(Key::Esc, C::Back)],
        None,
        text::HELP_BACK_DEBRIEF,
        Some(text::FOOT_BACK),
    ),
    HELP,
    QUIT,
];

const DEBRIEF: &[Binding] = &[
    b(
        &[(Key::Char('r'), C::Retry)],
        None,
        text::HELP_RETRY,
        Some(text::FOOT_RETRY),
    ),
    b(
        &[(Key::Char('b'), C::ReplayBest)],
        None,
        text::HELP_REPLAY,
        Some(text::FOOT_REPLAY),
    ),
    b(
        &[(Key::Char('t'), C::RetryFrom)],
        None,
        text::HELP_RETRY_FROM,
        Some(text::FOOT_RETRY_FROM),
    ),
    b(
        &[(Key::Char('l'), C::Library), (Key::Esc, C::Library)],
        None,
        text::HELP_BACK_LIBRARY,
        Some(text::FOOT_LIBRARY),
    ),
    SCROLL_PAGE_QUIET,
    HELP,
    QUIT,
];

const HELP_OVERLAY: &[Binding] = &[b(
    &[
        (Key::Esc, C::Help),
        (Key::Char('?'), C::Help),
        (Key::F(1), C::Help),
        (Key::Enter, C::Help),
        (Key::Char('q'), C::Help),
    ],
    None,
    text::HELP_CLOSE,
    Some(text::FOOT_CLOSE),
)];

const CONFIRM: &[Binding] = &[
    b(
        &[(Key::Char('y'), C::Yes)],
        None,
        text::HELP_YES,
        Some(text::FOOT_YES),
    ),
    b(
        &[(Key::Char('n'), C::No), (Key::Esc, C::No)],
        None,
        text::HELP_NO,
        Some(text::FOOT_NO),
    ),
];

const TOO_SMALL: &[Binding] = &[QUIT];

const RETRY_FROM: &[Binding] = &[
    b(
        &[(Key::Printable, C::Type(' '))],
        Some(text::LABEL_TYPING),
        text::HELP_RETRY_FROM_TYPE,
        None,
    ),
    ERASE_BEFORE,
    b(
        &[(Key::Enter, C::Confirm)],
        None,
        text::HELP_RETRY_FROM_GO,
        Some(text::FOOT_START),
    ),
    b(
        &[(Key::Esc, C::Back)],
        None,
        text::HELP_OFFER_CANCEL,
        Some(text::FOOT_BACK),
    ),
];

const OFFER: &[Binding] = &[
    b(
        &[(Key::Char('r'), C::Resume)],
        None,
        text::HELP_OFFER_RESUME,
        Some(text::FOOT_RESUME),
    ),
    b(
        &[(Key::Enter, C::Confirm), (Key::Char('s'), C::Confirm)],
        None,
        text::HELP_OFFER_START,
        Some(text::FOOT_START_OVER),
    ),
    b(
        &[(Key::Esc, C::Back)],
        None,
        text::HELP_OFFER_CANCEL,
        Some(text::FOOT_BACK),
    ),
];

const COMPARE: &[Binding] = &[
    SCROLL_PAGE,
    b(
        &[(Key::Esc, C::Back)],
        None,
        text::HELP_BACK_HISTORY,
        Some(text::FOOT_BACK),
    ),
    HELP,
    QUIT,
];

const CLASS: &[Binding] = &[
    b(
        ARROWS_VIM,
        Some(text::LABEL_MOVE),
        text::HELP_CLASS_STEP,
        Some(text::FOOT_CLASS_STEP),
    ),
    b(
        &[(Key::Char('a'), C::AnswerKey)],
        None,
        text::HELP_ANSWER_KEY,
        Some(text::FOOT_ANSWER_KEY),
    ),
    b(
        &[(Key::Esc, C::Back)],
        None,
        text::HELP_BACK_LIBRARY,
        Some(text::FOOT_LIBRARY),
    ),
    HELP,
    QUIT,
];

const HISTORY: &[Binding] = &[
    MOVE,
    b(
        &[(Key::Enter, C::Confirm)],
        None,
        text::HELP_HISTORY_OPEN,
        Some(text::FOOT_HISTORY_OPEN),
    ),
    b(
        &[(Key::Char('c'), C::Compare)],
        None,
        text::HELP_HISTORY_COMPARE,
        Some(text::FOOT_HISTORY_COMPARE),
    ),
    b(
        &[(Key::Esc, C::Back)],
        None,
        text::HELP_BACK_LIBRARY,
        Some(text::FOOT_LIBRARY),
    ),
    HELP,
    QUIT,
];

/// The keymap of a context (without the bindings every context shares).
pub fn bindings(context: Context) -> &'static [Binding] {
    match context {
        Context::TooSmall => TOO_SMALL,
        Context::NamePrompt => NAME_PROMPT,
        Context::Library => LIBRARY,
        Context::Filter => FILTER,
        Context::Briefing => BRIEFING,
        Context::Turn => TURN,
        Context::Typing => TYPING,
        Context::Feedback => FEEDBACK,
        Context::Over => OVER,
        Context::Replay => REPLAY,
        Context::RetryFrom => RETRY_FROM,
        Context::Debrief => DEBRIEF,
        Context::History => HISTORY,
        Context::Compare => COMPARE,
        Context::Class => CLASS,
        Context::Offer => OFFER,
        Context::Help => HELP_OVERLAY,
        Context::Confirm => CONFIRM,
    }
}

/// The bindings every context shares (Ctrl-C).
pub fn global_bindings() -> &'static [Binding] {
    GLOBAL
}

/// An event from the terminal as an action, in a context.
pub fn map_event(context: Context, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) => map_key(context, key),
        Event::Mouse(mouse) => map_mouse(context, mouse),
        Event::Resize(width, height) => Some(Action::Resize {
            width: *width,
            height: *height,
        }),
        _ => None,
    }
}

/// A key press as an action, in a context. Releases are ignored.
pub fn map_key(context: Context, key: &KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    lookup(context, pressed(key)?)
}

fn map_mouse(context: Context, mouse: &MouseEvent) -> Option<Action> {
    let key = match mouse.kind {
        MouseEventKind::ScrollUp => Key::WheelUp,
        MouseEventKind::ScrollDown => Key::WheelDown,
        MouseEventKind::Down(MouseButton::Left) => Key::Click,
        _ => return None,
    };
    Some(match lookup(context, key)? {
        Action::Click { .. } => Action::Click {
            column: mouse.column,
            row: mouse.row,
        },
        other => other,
    })
}

/// The first binding (shared ones first) that takes the key, with the key's data
/// (its digit, its character) attached.
fn lookup(context: Context, pressed: Key) -> Option<Action> {
    GLOBAL
        .iter()
        .chain(bindings(context))
        .flat_map(|b| b.keys.iter())
        .find(|(pattern, _)| pattern_matches(*pattern, pressed))
        .map(|(_, bound)| action(pressed, *bound))
}

/// A binding's action with what the pressed key carries: the digit picked, the character
/// typed (a click's cell is filled in by the caller).
fn action(pressed: Key, action: Action) -> Action {
    match (action, pressed) {
        (Action::Pick(_), Key::Char(c)) => Action::Pick(c.to_digit(10).map_or(0, |d| d as usize)),
        (Action::Type(_), Key::Char(c)) => Action::Type(c),
        (other, _) => other,
    }
}

fn pattern_matches(pattern: Key, pressed: Key) -> bool {
    match (pattern, pressed) {
        (Key::Digit, Key::Char(c)) => matches!(c, '1'..='9'),
        (Key::Printable, Key::Char(c)) => !c.is_control(),
        (p, k) => p == k,
    }
}

/// The key pressed, as the keymap names keys; `None` for keys it has no name for.
pub fn pressed(key: &KeyEvent) -> Option<Key> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    match key.code {
        KeyCode::Char(c) if ctrl => Some(Key::Ctrl(c.to_ascii_lowercase())),
        KeyCode::Char(_) if alt => None,
        KeyCode::Char(c) => Some(Key::Char(c)),
        KeyCode::Enter => Some(Key::Enter),
        KeyCode::Esc => Some(Key::Esc),
        KeyCode::Backspace => Some(Key::Backspace),
        KeyCode::Delete => Some(Key::Delete),
        KeyCode::Up => Some(Key::Up),
        KeyCode::Down => Some(Key::Down),
        KeyCode::Left => Some(Key::Left),
        KeyCode::Right => Some(Key::Right),
        KeyCode::PageUp => Some(Key::PageUp),
        KeyCode::PageDown => Some(Key::PageDown),
        KeyCode::Home => Some(Key::Home),
        KeyCode::End => Some(Key::End),
        KeyCode::F(n) => Some(Key::F(n)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEventState;

    fn press(context: Context, code: KeyCode) -> Option<Action> {
        map_key(context, &KeyEvent::new(code, KeyModifiers::NONE))
    }

    const ALL: [Context; 18] = [
        Context::Compare,
        Context::RetryFrom,
        Context::Offer,
        Context::History,
        Context::Class,
        Context::TooSmall,
        Context::NamePrompt,
        Context::Library,
        Context::Filter,
        Context::Briefing,
        Context::Turn,
        Context::Typing,
        Context::Feedback,
        Context::Over,
        Context::Replay,
        Context::Debrief,
        Context::Help,
        Context::Confirm,
    ];

    #[test]
    fn digits_pick_a_choice_at_once() {
        for (c, n) in ('1'..='9').zip(1..) {
            assert_eq!(
                press(Context::Turn, KeyCode::Char(c)),
                Some(Action::Pick(n))
            );
        }
        assert_eq!(press(Context::Turn, KeyCode::Char('0')), None);
        // Not while feedback is shown.
        assert_eq!(press(Context::Feedback, KeyCode::Char('1')), None);
    }

    #[test]
    fn arrows_and_j_k_move_and_enter_confirms() {
        for context in [Context::Library, Context::Turn] {
            assert_eq!(press(context, KeyCode::Up), Some(Action::Up));
            assert_eq!(press(context, KeyCode::Char('k')), Some(Action::Up));
            assert_eq!(press(context, KeyCode::Down), Some(Action::Down));
            assert_eq!(press(context, KeyCode::Char('j')), Some(Action::Down));
            assert_eq!(press(context, KeyCode::Enter), Some(Action::Confirm));
        }
    }

    #[test]
    fn feedback_takes_the_scrolling_keys_and_enter() {
        for (code, action) in [
            (KeyCode::Down, Action::Down),
            (KeyCode::Char('j'), Action::Down),
            (KeyCode::Up, Action::Up),
            (KeyCode::Char('k'), Action::Up),
            (KeyCode::PageDown, Action::PageDown),
            (KeyCode::PageUp, Action::PageUp),
            (KeyCode::Home, Action::Home),
            (KeyCode::End, Action::End),
            (KeyCode::Enter, Action::Confirm),
        ] {
            assert_eq!(press(Context::Feedback, code), Some(action), "{code:?}");
        }
    }

    #[test]
    fn typing_contexts_take_letters_as_text() {
        for context in [Context::Filter, Context::NamePrompt] {
            assert_eq!(press(context, KeyCode::Char('j')), Some(Action::Type('j')));
            assert_eq!(press(context, KeyCode::Char('q')), Some(Action::Type('q')));
            assert_eq!(press(context, KeyCode::Char('?')), Some(Action::Type('?')));
            assert_eq!(press(context, KeyCode::Backspace), Some(Action::Erase));
            assert_eq!(press(context, KeyCode::F(1)), Some(Action::Help));
        }
        for context in [Context::Filter, Context::NamePrompt] {
            // They edit as a typed reply does.
            assert_eq!(press(context, KeyCode::Left), Some(Action::Left));
            assert_eq!(press(context, KeyCode::Right), Some(Action::Right));
            assert_eq!(press(context, KeyCode::Home), Some(Action::Home));
            assert_eq!(press(context, KeyCode::End), Some(Action::End));
            assert_eq!(press(context, KeyCode::Delete), Some(Action::Delete));
            let ctrl = |c| {
                map_key(
                    context,
                    &KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
                )
            };
            assert_eq!(ctrl('w'), Some(Action::EraseWord));
            assert_eq!(ctrl('u'), Some(Action::ClearInput));
        }
        // The arrows still move the selection while the filter is typed, and in the list
        // Home/End still select its ends.
        assert_eq!(press(Context::Filter, KeyCode::Down), Some(Action::Down));
        assert_eq!(press(Context::Library, KeyCode::Home), Some(Action::Home));
        assert_eq!(press(Context::Library, KeyCode::Left), None);
        assert_eq!(
            press(Context::Library, KeyCode::Char('/')),
            Some(Action::Filter)
        );
        assert_eq!(press(Context::Library, KeyCode::Char('x')), None);
    }

    #[test]
    fn ctrl_c_quits_everywhere_and_q_where_it_is_not_typed() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for context in ALL {
            assert_eq!(
                map_key(context, &ctrl_c),
                Some(Action::ForceQuit),
                "{context:?}"
            );
        }
        for context in [
            Context::Library,
            Context::Briefing,
            Context::Turn,
            Context::Debrief,
            Context::TooSmall,
        ] {
            assert_eq!(
                press(context, KeyCode::Char('q')),
                Some(Action::Quit),
                "{context:?}"
            );
        }
        assert_eq!(press(Context::Help, KeyCode::Char('q')), Some(Action::Help));
        assert_eq!(
            press(Context::Confirm, KeyCode::Char('y')),
            Some(Action::Yes)
        );
        assert_eq!(press(Context::Confirm, KeyCode::Esc), Some(Action::No));
    }

    #[test]
    fn releases_and_alt_keys_are_ignored() {
        let mut release = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        release.state = KeyEventState::NONE;
        assert_eq!(map_key(Context::Turn, &release), None);
        let alt = KeyEvent::new(KeyCode::Char('1'), KeyModifiers::ALT);
        assert_eq!(map_key(Context::Turn, &alt), None);
        // Shift comes with '?' on many terminals.
        let shifted = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(map_key(Context::Turn, &shifted), Some(Action::Help));
    }

    #[test]
    fn the_mouse_clicks_and_scrolls() {
        let mouse = |kind| {
            Event::Mouse(MouseEvent {
                kind,
                column: 4,
                row: 7,
                modifiers: KeyModifiers::NONE,
            })
        };
        let click = mouse(MouseEventKind::Down(MouseButton::Left));
        assert_eq!(
            map_event(Context::Turn, &click),
            Some(Action::Click { column: 4, row: 7 })
        );
        assert_eq!(map_event(Context::Feedback, &click), None);
        let wheel = mouse(MouseEventKind::ScrollDown);
        assert_eq!(map_event(Context::Turn, &wheel), Some(Action::ScrollDown));
        assert_eq!(
            map_event(Context::Debrief, &wheel),
            Some(Action::ScrollDown)
        );
        assert_eq!(map_event(Context::Library, &wheel), Some(Action::Down));
        assert_eq!(
            map_event(Context::Turn, &Event::Resize(100, 30)),
            Some(Action::Resize {
                width: 100,
                height: 30
            })
        );
    }

    /// Help is drawn from the same table that maps keys, so every binding it lists must
    /// map to its own command in its context (no binding is shadowed by an earlier one).
    #[test]
    fn every_binding_listed_in_help_does_what_it_says() {
        for context in ALL {
            for binding in bindings(context) {
                assert!(!binding.help.is_empty());
                for (key, command) in binding.keys {
                    let pressed = match key {
                        Key::Digit => Key::Char('5'),
                        Key::Printable => Key::Char('z'),
                        k => *k,
                    };
                    assert_eq!(
                        lookup(context, pressed),
                        Some(action(pressed, *command)),
                        "{context:?} {key:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_context_can_get_out() {
        for context in ALL {
            let list = bindings(context);
            let exits = list.iter().flat_map(|b| b.keys).any(|(_, c)| {
                matches!(
                    c,
                    C::Quit | C::Back | C::Help | C::No | C::Library | C::Confirm
                )
            });
            assert!(exits, "{context:?}");
        }
    }

    #[test]
    fn typing_a_reply_takes_every_letter_even_q_and_digits() {
        for c in ['q', '1', 't', ' ', '?'] {
            assert_eq!(
                press(Context::Typing, KeyCode::Char(c)),
                Some(Action::Type(c))
            );
        }
        assert_eq!(
            press(Context::Typing, KeyCode::Enter),
            Some(Action::Confirm)
        );
        assert_eq!(
            press(Context::Typing, KeyCode::Backspace),
            Some(Action::Erase)
        );
        assert_eq!(press(Context::Typing, KeyCode::Esc), Some(Action::Back));
        // The reply's cursor and its editing keys.
        assert_eq!(press(Context::Typing, KeyCode::Left), Some(Action::Left));
        assert_eq!(press(Context::Typing, KeyCode::Right), Some(Action::Right));
        assert_eq!(press(Context::Typing, KeyCode::Home), Some(Action::Home));
        assert_eq!(press(Context::Typing, KeyCode::End), Some(Action::End));
        assert_eq!(
            press(Context::Typing, KeyCode::Delete),
            Some(Action::Delete)
        );
        let ctrl = |c| {
            map_key(
                Context::Typing,
                &KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
            )
        };
        assert_eq!(ctrl('w'), Some(Action::EraseWord));
        assert_eq!(ctrl('u'), Some(Action::ClearInput));
        assert_eq!(ctrl('c'), Some(Action::ForceQuit));
        assert_eq!(
            press(Context::Library, KeyCode::Char('t')),
            Some(Action::ToggleInput)
        );
    }
}
