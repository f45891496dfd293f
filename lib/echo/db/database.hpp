#pragma once
// The SQLite connection of echo: opening with the right pragmas, schema versions, migrations,
// one BEGIN IMMEDIATE transaction per write, online backups. SQLite errors become echo::Error.

#include "echo/error.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace echo::db {

enum class Access {
  read,  // the file must exist (Error no_input otherwise) and be at the current schema
  write, // a missing file is created, mode 0600, at the current schema
  admin, // like read, but an older schema is accepted (db info, db migrate, db backup)
};

struct OpenOptions {
  std::filesystem::path path;
  Access access = Access::read;
  int busy_timeout_ms = 5000;
};

// The schema version this build of echo writes and expects.
int latest_schema_version();

struct Migration {
  int version;
  const char* name;
  const char* sql;
};
const std::vector<Migration>& migrations();

class Database {
public:
  // Opens (or, for Access::write, creates) the database. Errors: no_input (missing), io (not a
  // database, damaged), failure (schema older or newer than this build), temp_fail (locked).
  static std::unique_ptr<Database> open(const OpenOptions& options);
  // A private in-memory database with every migration applied (for tests).
  static std::unique_ptr<Database> open_memory();
  // Rows a connection changes before it refreshes the planner's statistics on closing.
  static constexpr std::int64_t k_optimize_after_changes = 10000;

  [[nodiscard]] SQLite::Database& sql() { return *m_db; }
  [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
  // True when this open created the file.
  [[nodiscard]] bool created() const { return m_created; }
  [[nodiscard]] int schema_version();

  // Runs fn inside one BEGIN IMMEDIATE transaction; commits when it returns, rolls back when it
  // throws. SQLite errors are translated (busy -> temp_fail, corrupt -> io).
  // Rows it changed that no audit entry claimed are logged under the command (set_command).
  template <class F> decltype(auto) write(F&& fn) {
    begin_immediate();
    try {
      if constexpr (std::is_void_v<decltype(fn())>) {
        fn();
        log_unclaimed_changes();
        commit();
      } else {
        decltype(auto) result = fn();
        log_unclaimed_changes();
        commit();
        return result;
      }
    } catch (...) {
      rollback();
      rethrow_translated();
    }
  }
  // Like write(), for bulk imports: SQLite's foreign-key checks (a parent lookup per written
  // row, a third of an import's time) are off while fn runs; the pragma only changes outside a
  // transaction, so this wraps the whole write. fn must write only keys it looked up or created
  // in the same transaction, and verify them before it returns (AttendanceRepo::verify_keys).
  // Enforcement is back on afterwards, whatever happens.
  template <class F> decltype(auto) write_unenforced_keys(F&& fn) {
    const KeysOff off(*this);
    return write(std::forward<F>(fn));
  }
  // Runs fn (a read) with SQLite errors translated.
  template <class F> decltype(auto) read(F&& fn) {
    try {
      return fn();
    } catch (...) {
      rethrow_translated();
    }
  }

  // The action ("attendance.import") and actor an entry is logged under when a write changes
  // rows and names no audit entry of its own.
  void set_command(std::string action, std::string actor);
  // Declares the only tables the writes of this connection change (a small import names its
  // own): only their history triggers are loaded and only their new rows looked for, instead of
  // every table's (most of a small import's cost). A statement that would write another table,
  // or, with foreign keys enforced, a table whose rows' removal (a delete, or the REPLACE any
  // write may do) reaches another one by an ON DELETE action (or one prepared outside write(),
  // where that is not known), is refused when it is prepared (SQLite's authorizer): its change
  // could not be recorded, so the write fails and rolls back, naming the table. An empty list lifts the limit: the next
  // write loads the other triggers. Call it outside a transaction.
  void limit_writes(std::vector<std::string> tables);
  // limit_writes for a scope: the limit is lifted when it ends.
  class WriteLimit {
  public:
    WriteLimit(Database& db, std::vector<std::string> tables) : m_db(db) { m_db.limit_writes(std::move(tables)); }
    ~WriteLimit() { m_db.limit_writes({}); }
    WriteLimit(const WriteLimit&) = delete;
    WriteLimit& operator=(const WriteLimit&) = delete;

  private:
    Database& m_db;
  };
  // The id the open write's next audit entry takes (rows it changes are filed under it); nullopt
  // outside a write or before the history exists.
  [[nodiscard]] std::optional<std::int64_t> next_entry() const;
  // Called by db::audit after writing entry `id` (= next_entry()): rows changed so far belong to it.
  void claim_changes(std::int64_t id);

  // Calls `tick` every `instructions` virtual-machine steps of a running statement (SQLite's
  // progress handler): a long report is one statement, and this is how the front end learns
  // it is still working. An empty function removes the handler.
  void on_progress(std::function<void()> tick, int instructions = 100000);

  // Applies pending migrations in one transaction; returns the versions applied.
  std::vector<int> migrate();
  // Online backup (SQLite backup API) to `target`, created mode 0600 via a temp file + rename.
  void backup_to(const std::filesystem::path& target);

  Database(std::unique_ptr<SQLite::Database> db, std::filesystem::path path, bool created);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

private:
  struct KeysOff {
    explicit KeysOff(Database& db);
    ~KeysOff();
    KeysOff(const KeysOff&) = delete;
    KeysOff& operator=(const KeysOff&) = delete;
    Database& db;
  };
  void begin_immediate();
  void log_unclaimed_changes();
  bool has_history();
  void set_next_entry(std::int64_t id);
  void commit();
  void rollback() noexcept;
  [[noreturn]] void rethrow_translated() const;
  void load_history();
  [[nodiscard]] bool may_write(const std::string& table) const;
  static int authorize(void* self, int action, const char* table, const char* column, const char* schema,
                       const char* trigger);

  std::unique_ptr<SQLite::Database> m_db;
  std::filesystem::path m_path;
  bool m_created = false;
  std::string m_command = "write";
  std::string m_actor = "unknown";
  std::optional<std::int64_t> m_entry; // the last audit entry of the open transaction
  std::optional<std::int64_t> m_next;  // the id its next entry takes
  std::optional<std::vector<std::string>> m_rowid_tables;
  std::vector<std::pair<std::string, std::int64_t>> m_marks; // highest rowid per table at the start
  std::optional<bool> m_has_history;
  bool m_has_history_triggers = false;                // the schema keeps them in history_trigger (15 and later)
  bool m_history_loaded = false;                      // this connection has all of them (as TEMP triggers)
  std::set<std::string> m_loaded;                     // the tables whose triggers it has, when not all
  std::optional<std::set<std::string>> m_write_limit; // limit_writes
  std::optional<std::map<std::string, std::vector<std::string>>> m_fk_children; // parent -> children by FK action
  bool m_keys_off = false;                                                      // inside write_unenforced_keys
  std::string m_refused; // the table of the last statement the limit refused
  std::function<void()> m_progress;
};

// Translates a SQLite error code into echo's error (busy -> 75, corrupt/notadb/ioerr -> 74).
Error translate(int sqlite_code, const std::string& message, const std::string& path);

// Current UTC time as stored in the database: YYYY-MM-DDTHH:MM:SSZ.
std::string now_text();

} // namespace echo::db
