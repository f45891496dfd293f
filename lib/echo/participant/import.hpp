#pragma once
// `participant import FILE.csv`: header name,email,profession,organization,region,rural;
// upsert by email; all rows or none.

#include "echo/db/database.hpp"
#include "echo/util/progress.hpp"

#include <cstdint>
#include <filesystem>

namespace echo::participant {

struct ImportResult {
  std::int64_t rows = 0;
  std::int64_t added = 0;
  std::int64_t updated = 0;
  std::int64_t unchanged = 0;
};

// Streams the CSV; a row whose email (or email alias) is known updates that participant (empty
// cells leave fields as they are), any other row adds one. Errors: no_input (missing file),
// data (every bad row listed as file:line: reason; nothing written). `progress` is told of the
// rows and bytes read (util/progress.hpp).
ImportResult import_participants(db::Database& db, const std::filesystem::path& file,
                                 const util::ProgressCallback& progress = {});

} // namespace echo::participant
