#pragma once
// The history behind `echo log` and `echo undo`: every row a command inserts, updates or deletes
// is copied (before and after, as JSON) into change_row by triggers, and the command's audit entry
// claims those rows when its transaction commits. Undo replays them backwards.

#include "echo/db/database.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace echo::db {

// (Re)writes the change_row triggers of every table of the current schema into the
// history_trigger table (schema 15 and later); migrate() calls it after a migration changed
// tables. It drops the persistent triggers of older schemas, and this connection's TEMP ones.
void install_history_triggers(Database& db);
// Makes the triggers of history_trigger (which must exist) TEMP triggers of this connection,
// which has none: a writing connection does it before its first write, so that a command that
// only reads never parses them (SQLite parses the whole schema when it first prepares a
// statement). Call it outside a transaction. With `tables`, only the triggers of those tables;
// triggers the connection has already are not loaded again.
void load_history_triggers(Database& db, const std::vector<std::string>* tables = nullptr);
// False for the tables whose changes the history does not keep: its own, SQLite's, and
// first_participation (derived from attendance).
bool history_records(const std::string& table);
// Each table that foreign keys reference with an ON DELETE or ON UPDATE action, and the tables
// holding those keys (whose rows such a write changes too).
std::map<std::string, std::vector<std::string>> foreign_key_children(Database& db);
// Drops this connection's TEMP history triggers (e.g. when the tables changed under them).
void drop_history_triggers(Database& db);

// Tables with a rowid whose inserts are found at the end of a write (rowid above the mark, or an
// id the write deleted), not by a trigger per row: a bulk import stays fast.
std::vector<std::string> rowid_tables(Database& db);
// The highest rowid of each table, at the start of a write.
std::vector<std::pair<std::string, std::int64_t>> insert_marks(Database& db, const std::vector<std::string>& tables);
// Files the rows inserted since the marks under entry `entry`. The write's change rows so far are
// filed under `first`..`entry` (a command that wrote its audit entry part-way has its earlier
// rows under that entry): its deletes among them tell which old rowids it used again.
void log_inserts(Database& db, const std::vector<std::pair<std::string, std::int64_t>>& marks, std::int64_t first,
                 std::int64_t entry);

// The table a row change belongs to and its values.
struct RowChange {
  std::string table;
  std::string key;                // the row: its id, or a JSON array of its primary key
  std::string last;               // op "inserts": the last id of the range that starts at key
  std::string op;                 // insert, inserts (new rows with ids key..last), update, delete
  std::optional<std::string> old; // JSON object (update, delete)
  std::optional<std::string> now; // JSON object (insert, update)
};

struct LogEntry {
  std::int64_t id = 0;
  std::string at, actor, action, entity;
  std::optional<std::int64_t> entity_id;
  std::optional<std::string> reason;
  std::string details; // JSON
  std::optional<std::int64_t> undone_by;
  std::optional<std::int64_t> undoes;
  std::vector<RowChange> changes;
};

struct LogFilter {
  std::string entity;             // empty: any; "participant" or "participant:3"
  std::string since_utc;          // empty: any; entries at or after
  std::optional<std::int64_t> id; // only this entry
  bool with_changes = true;
};

// One line per updated row ("participant 5: region \"A\" -> \"B\"") and a count per table of
// inserted ("attendance +3") and deleted ("attendance -1") rows.
std::vector<std::string> summarize(const std::vector<RowChange>& changes);

// Entries oldest first. Error(usage) for a malformed entity filter.
std::vector<LogEntry> log_entries(Database& db, const LogFilter& filter);

struct UndoResult {
  std::int64_t undone = 0; // the entry taken back
  std::int64_t entry = 0;  // the new entry recording the undo
  std::string action;
  std::size_t rows = 0; // rows restored
};

// Takes back entry `id` (default: the latest entry not yet undone) in one transaction, and logs
// it. Errors: failure when there is nothing to undo, the entry is already undone, it kept no row
// history, or later entries changed the same rows (named, to be undone first).
UndoResult undo(Database& db, std::optional<std::int64_t> id, const std::string& actor, const std::string& reason);

// Forgets what the history holds about participant `id` (their rows, aliases and the names of
// rows resolved to them): for `participant remove`.
void forget_participant_history(Database& db, std::int64_t id);

} // namespace echo::db
