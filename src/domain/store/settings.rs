//! Small values the program remembers between runs, kept in the store's `setting` table
//! (key, text value): the name of the last trainee, so the next run can offer it.

use super::{Store, StoreError};
use rusqlite::OptionalExtension;

/// The key of the last trainee's name.
const LAST_TRAINEE: &str = "last_trainee";

/// The longest name kept (a longer one is cut at a character boundary).
pub const NAME_LIMIT: usize = 200;

impl Store {
    /// A setting's value, `None` when it was never set.
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.conn()
            .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()
            .map_err(self.err("read"))
    }

    /// Sets a setting, replacing its value.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.write("save a setting in", |store, tx| {
            tx.execute(
                "INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
            .map(|_| ())
            .map_err(|e| StoreError::from_sqlite(&store.path, "save a setting in", e))
        })
    }

    /// The name the last trainee gave, `None` before anyone gave one.
    pub fn last_trainee(&self) -> Result<Option<String>, StoreError> {
        Ok(self
            .setting(LAST_TRAINEE)?
            .filter(|name| !name.trim().is_empty()))
    }

    /// Remembers `name` as the last trainee's (trimmed; an empty name is not kept).
    pub fn set_last_trainee(&mut self, name: &str) -> Result<(), StoreError> {
        let name = name.trim();
        if name.is_empty() {
            return Ok(());
        }
        let end = name
            .char_indices()
            .map(|(i, c)| i + c.len_utf8())
            .take_while(|end| *end <= NAME_LIMIT)
            .last()
            .unwrap_or(0);
        self.set_setting(LAST_TRAINEE, &name[..end])
    }
}
