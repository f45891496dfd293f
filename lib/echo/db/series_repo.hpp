#pragma once
// Series rows: create, read, update, archive and list with derived status (set-based).

#include "echo/db/database.hpp"
#include "echo/domain/series.hpp"

#include <optional>
#include <string>
#include <vector>

namespace echo::db {

// Inserts a series with its skip dates; Error(failure) when the code exists. Returns the id.
std::int64_t create_series(Database& db, const domain::Series& series);
// The series by code with its rule and skip dates; nullopt when none.
std::optional<domain::Series> get_series(Database& db, const std::string& code);
// Writes every column of the series (by id) and replaces its skip dates.
void update_series(Database& db, const domain::Series& series);
// Sets archived_at (keeps an earlier one); false when it was already archived.
bool archive_series(Database& db, std::int64_t series_id, const std::string& at);

struct SeriesRow {
  domain::Series series;
  domain::SeriesCounts counts;
  std::string status; // derived
};
// Every series with session counts and derived status as of `now_utc`, ordered by code; one
// query. `status` filters when not empty.
std::vector<SeriesRow> list_series(Database& db, const std::string& now_utc, const std::string& status = "");
// Counts for one series as of `now_utc`.
domain::SeriesCounts series_counts(Database& db, std::int64_t series_id, const std::string& now_utc);
// Series by ids (for exports).
std::vector<domain::Series> all_series(Database& db);

} // namespace echo::db
