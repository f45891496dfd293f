#pragma once
// Reading nullable columns and enums stored as text, for every repository.

#include "echo/error.hpp"

#include <SQLiteCpp/Column.h>

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

} // namespace echo::db
