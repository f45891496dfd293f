#pragma once
// The audit trail behind `log` and `undo`: the entries with their changes summarised, and taking
// an entry back. Each takes the database and a request and returns plain results; the command
// line only parses and renders. The history itself (triggers, replay) is db/history.hpp.

#include "echo/db/database.hpp"
#include "echo/db/history.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace echo::history {

struct LogRequest {
  std::string entity;    // empty: any; a kind ("participant") or a row ("participant:3")
  std::string since_utc; // empty: any; entries at or after this instant
};

struct Entry {
  std::int64_t id = 0;
  std::string at, actor, action, entity;
  std::optional<std::int64_t> entity_id;
  std::optional<std::string> reason;
  // One line per updated row, a count per table of inserted and deleted rows; first "undoes
  // entry N" when the entry is an undo.
  std::vector<std::string> changes;
  std::optional<std::int64_t> undone_by;
};

// Entries oldest first. Errors: usage (a malformed entity filter).
std::vector<Entry> log(db::Database& db, const LogRequest& request);

struct UndoRequest {
  std::optional<std::int64_t> id; // default: the latest entry not undone
  std::string actor, reason;
};

using UndoResult = db::UndoResult;

// Takes the entry back in one transaction and logs it. Errors: failure (nothing to undo, already
// undone, no row history, later entries changed the same rows).
UndoResult undo(db::Database& db, const UndoRequest& request);

} // namespace echo::history
