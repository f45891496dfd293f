#include "echo/history/queries.hpp"

#include <fmt/format.h>

namespace echo::history {

std::vector<Entry> log(db::Database& db, const LogRequest& request) {
  db::LogFilter f;
  f.entity = request.entity;
  f.since_utc = request.since_utc;
  std::vector<Entry> out;
  for (const auto& e : db::log_entries(db, f)) {
    Entry entry{e.id, e.at, e.actor, e.action, e.entity, e.entity_id, e.reason, db::summarize(e.changes), e.undone_by};
    if (e.undoes) entry.changes.insert(entry.changes.begin(), fmt::format("undoes entry {}", *e.undoes));
    out.push_back(std::move(entry));
  }
  return out;
}

UndoResult undo(db::Database& db, const UndoRequest& request) {
  return db::undo(db, request.id, request.actor, request.reason);
}

} // namespace echo::history
