//! Every string the class server shows a trainee or the trainer, in one place.

/// Shown to a trainee when the trainer ends the class.
pub const CLASS_ENDED: &str =
    "The class has ended. Every answer you gave is saved with the trainer. Thank you!";
/// Shown to a session whose trainee joined again from another connection.
pub const TAKEN_OVER: &str =
    "You joined again from another connection; this one is closed. Your answers are saved.";
/// Shown to a trainee who quits.
pub const GOODBYE: &str = "You left the class. Your answers are saved; join again with the same name to go on where you stopped.";
/// Said to a client dropped for not giving the code in time.
pub const AUTH_TIMED_OUT: &str = "no class code given within 20 seconds";

/// Told to the connection beyond `--max-trainees`.
pub fn class_full(max: usize) -> String {
    format!(
        "The class is full ({max} trainees). Ask the trainer to raise --max-trainees, or to let you in when someone leaves."
    )
}

/// Told to a client that asked for something other than the player.
pub fn refused_request(what: &str) -> String {
    format!(
        "frontline class: {what} requests are refused; this server only runs the training. Join with: ssh -p PORT join@HOST"
    )
}

/// Together pace: the trainee's decision is not open yet.
pub const WAIT_FOR_OPEN: &str =
    "Waiting for the trainer to open this decision; read the conversation so far.";
/// Together pace: a decision the class has already played (joined late, or came back).
pub const CATCH_UP: &str =
    "The class has played this decision already: answer it to catch up with the room.";
/// Together pace: the decision has just been opened.
pub const OPENED: &str = "The trainer opened this decision: choose your answer.";

/// Together pace: an answer is in, held until the trainer reveals.
pub fn answer_held(number: usize) -> String {
    format!(
        "Your answer ({number}) is in. Waiting for the class: the trainer reveals everyone's answers. Another number changes it until then."
    )
}

/// Together pace: how the room answered, shown with the next decision.
pub fn room_answers(same: u64, total: u64, went_on_with: &str) -> String {
    format!(
        "The room: {same} of {total} answered as you did. The conversation went on with: \u{201c}{}\u{201d}",
        crate::domain::sanitize::clean(went_on_with)
    )
}
