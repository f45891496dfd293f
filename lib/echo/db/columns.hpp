#pragma once
// Reading nullable columns and enums stored as text, and statements prepared once, for every
// repository.

#include "echo/error.hpp"

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace echo::db {

inline std::optional<std::string> opt_text(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

inline std::optional<std::int64_t> opt_int(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getInt64();
}

// An enum stored as text (session status, attendance role and source, series repeat), parsed by
// the domain's one parser: the repository's boundary. A value the schema's CHECK would refuse
// means a damaged database: Error(io) naming it.
template <class E>
E enum_column(const SQLite::Column& c, std::optional<E> (*parse)(std::string_view), std::string_view what) {
  const auto text = c.getString();
  if (const auto value = parse(text)) return *value;
  throw Error(Exit::io, "invalid " + std::string(what) + " '" + text + "' in the database");
}

// A statement prepared on first use and reused (reset, bindings cleared) by later calls: the
// per-row statements of imports and writers.
inline SQLite::Statement& prepared(std::optional<SQLite::Statement>& slot, SQLite::Database& sql, const char* text) {
  if (!slot) slot.emplace(sql, text);
  slot->reset();
  slot->clearBindings();
  return *slot;
}

} // namespace echo::db
