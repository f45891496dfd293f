#pragma once
// `session import` in two steps, as the attendance importer: plan_import() reads the schedule
// file against a ScheduleDirectory (the hub, read-only) and says everything the import would
// write, with the lines and figures the command prints; apply_import() writes a plan with its
// audit rows. A dry run is a plan not applied: one mechanism, no guards. A dry run before the
// first import plans against EmptyScheduleDirectory (no database at all).

#include "echo/db/database.hpp"
#include "echo/domain/series.hpp"
#include "echo/domain/session.hpp"
#include "echo/schedule/service.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace echo::schedule {

// What the schedule planner reads of the hub.
class ScheduleDirectory {
public:
  virtual ~ScheduleDirectory() = default;
  // The series by code with its rule; nullopt when none.
  virtual std::optional<domain::Series> series(const std::string& code) = 0;
  // Every series code (for "did you mean").
  virtual std::vector<std::string> series_codes() = 0;
  // The sessions of a series with presenters, facilitator and domains (db::list_sessions).
  virtual std::vector<domain::Session> sessions(std::int64_t series_id) = 0;
  // Session id -> attendance records, for the sessions of the series that have any.
  virtual std::map<std::int64_t, int> attendance_counts(std::int64_t series_id) = 0;
  // The ledger: this content was imported for the series before.
  virtual bool import_recorded(const std::string& kind, const std::string& hash, std::int64_t series_id) = 0;
  // This content was imported for the series and nothing an import compares changed since
  // (sessions, their people and domains, the series, the people named by `emails`, which are
  // each someone's own address); no two live sessions share a start. False when unsure.
  virtual bool untouched_since_import(const std::string& kind, const std::string& hash, std::int64_t series_id,
                                      const std::vector<std::string>& emails) = 0;
};

// The directory of a database (reads only).
class DbScheduleDirectory final : public ScheduleDirectory {
public:
  explicit DbScheduleDirectory(db::Database& db) : m_db(db) {}
  std::optional<domain::Series> series(const std::string& code) override;
  std::vector<std::string> series_codes() override;
  std::vector<domain::Session> sessions(std::int64_t series_id) override;
  std::map<std::int64_t, int> attendance_counts(std::int64_t series_id) override;
  bool import_recorded(const std::string& kind, const std::string& hash, std::int64_t series_id) override;
  bool untouched_since_import(const std::string& kind, const std::string& hash, std::int64_t series_id,
                              const std::vector<std::string>& emails) override;

private:
  db::Database& m_db;
};

// A hub with nothing in it yet.
class EmptyScheduleDirectory final : public ScheduleDirectory {
public:
  std::optional<domain::Series> series(const std::string&) override { return std::nullopt; }
  std::vector<std::string> series_codes() override { return {}; }
  std::vector<domain::Session> sessions(std::int64_t) override { return {}; }
  std::map<std::int64_t, int> attendance_counts(std::int64_t) override { return {}; }
  bool import_recorded(const std::string&, const std::string&, std::int64_t) override { return false; }
  bool untouched_since_import(const std::string&, const std::string&, std::int64_t,
                              const std::vector<std::string>&) override {
    return false;
  }
};

// One session row to write.
struct PlannedSession {
  enum class Kind { insert, update };
  Kind kind = Kind::insert;
  domain::Session session; // as written: id set for an update; series_id 0 for a series the plan creates
  std::optional<std::vector<std::string>> presenters; // replace with these (emails or references)
  std::optional<std::string> facilitator;             // replace ("" removes)
  std::optional<std::vector<std::string>> domains;    // replace
};

// One ledger row (import_file) to write: the file for a series.
struct PlannedLedger {
  std::string series;         // code
  std::int64_t series_id = 0; // 0: the series the plan creates
  int rows = 0;               // sessions of the file for it
};

struct ImportPlan {
  ImportResult result; // what the command prints: plan lines, counts, warnings
  std::string path;    // the file, as named in messages and cancel reasons
  std::string actor;
  std::string kind;                            // "schedule:toml", ...
  std::string hash;                            // of the file's content
  std::optional<domain::Series> create_series; // a [series] table naming a new series
  std::optional<domain::Series> update_series; // a [series] table changing one
  std::vector<Rezoned> rezoned;                // sessions the changed zone re-places
  std::vector<PlannedSession> sessions;        // in the file's order, then --prune's cancellations
  std::vector<PlannedLedger> ledger;
  std::vector<std::string> unchanged_by_hash; // series answered from the ledger (no session compared)
};

// Reads and checks the file (every problem listed, Error(data)) and plans it against the hub.
// Writes nothing.
ImportPlan plan_import(ScheduleDirectory& hub, const ImportOptions& options);
// Writes a plan (inside the write transaction the plan was read in) and returns its result.
ImportResult apply_import(db::Database& db, const ImportPlan& plan);

} // namespace echo::schedule
