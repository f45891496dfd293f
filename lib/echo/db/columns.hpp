#pragma once
// Reading nullable columns, for every repository.

#include <SQLiteCpp/Column.h>

#include <cstdint>
#include <optional>
#include <string>

namespace echo::db {

inline std::optional<std::string> opt_text(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

inline std::optional<std::int64_t> opt_int(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getInt64();
}

} // namespace echo::db
