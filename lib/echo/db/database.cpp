#include "echo/db/database.hpp"

#include "echo/util/text.hpp"

#include "echo/db/history.hpp"

#include "echo/util/files.hpp"
#include "echo/util/time.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <sqlite3.h>

#include <cstdio>
#include <sys/statvfs.h>

namespace echo::db {

namespace fs = std::filesystem;

namespace {

// PRAGMA application_id marks a file as an echo database: "ECHO".
constexpr int k_application_id = 0x4543484F;

// Each connection belongs to one thread of one process: no per-call connection mutex
// (NOMUTEX), and no global memory statistics (whose mutex every SQLite allocation took). Both
// showed in the profile of a bulk import.
constexpr int k_open_flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

void configure_sqlite_once() {
  // Only possible before SQLite initialises; later calls are refused harmlessly.
  static const int configured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)configured;
}

// echo_name_key(text): util::name_key, so that SQL compares names (and the spellings of
// professions and regions) the way the importers do. NULL stays NULL.
void name_key_function(sqlite3_context* context, int /*argc*/, sqlite3_value** argv) {
  const auto* text = sqlite3_value_text(argv[0]);
  if (text == nullptr) {
    sqlite3_result_null(context);
    return;
  }
  const auto key = util::name_key(
      std::string_view(reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_value_bytes(argv[0]))));
  sqlite3_result_text(context, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
}

void apply_connection_pragmas(SQLite::Database& db, int busy_timeout_ms) {
  db.setBusyTimeout(busy_timeout_ms);
  sqlite3_create_function_v2(db.getHandle(), "echo_name_key", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                             name_key_function, nullptr, nullptr, nullptr);
  db.exec("PRAGMA foreign_keys = ON");
  db.exec("PRAGMA synchronous = NORMAL");
}

// " (the disk holding DIR is full)" when the file's file system has no room left, else "".
std::string disk_full_note(const fs::path& file) {
  struct statvfs st {};
  const auto dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
  if (::statvfs(dir.c_str(), &st) != 0) return {};
  // Less than 64 KiB left for us: the page SQLite (or the copy) needed did not fit.
  if (static_cast<unsigned long long>(st.f_bavail) * st.f_frsize >= 64 * 1024) return {};
  return fmt::format(" (the disk holding {} is full)", dir.string());
}

} // namespace

Error translate(int sqlite_code, const std::string& message, const std::string& path) {
  const int primary = sqlite_code & 0xff;
  // A full disk shows as "disk I/O error" when SQLite cannot grow its -wal or -shm file, even
  // for a read: say what it is.
  if (!path.empty() && (primary == SQLITE_IOERR || primary == SQLITE_FULL || primary == SQLITE_CANTOPEN)) {
    if (const auto note = disk_full_note(path); !note.empty())
      return Error(Exit::io, fmt::format("database {}: database or disk is full{}", path, note));
  }
  const std::string where = path.empty() ? std::string("database") : "database " + path;
  switch (primary) {
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
    return Error(Exit::temp_fail, fmt::format("{} is locked by another process; try again later", where));
  case SQLITE_CORRUPT:
  case SQLITE_NOTADB: return Error(Exit::io, fmt::format("{} is damaged or not an echo database: {}", where, message));
  case SQLITE_IOERR:
  case SQLITE_FULL:
  case SQLITE_CANTOPEN:
  case SQLITE_READONLY:
  case SQLITE_PERM: return Error(Exit::io, fmt::format("{}: {}", where, message));
  case SQLITE_CONSTRAINT: return Error(Exit::failure, fmt::format("{}: {}", where, message));
  default: return Error(Exit::io, fmt::format("{}: {}", where, message));
  }
}

std::string now_text() { return util::format_utc(util::now_utc()); }

Database::Database(std::unique_ptr<SQLite::Database> db, fs::path path, bool created)
    : m_db(std::move(db)), m_path(std::move(path)), m_created(created) {}

Database::~Database() {
  if (m_progress) sqlite3_progress_handler(m_db->getHandle(), 0, nullptr, nullptr);
  // The planner's statistics kept current: after a command that changed many rows (a large
  // import), each large table without statistics, or grown to twice the rows they describe, is
  // analyzed (bounded by analysis_limit: milliseconds at 2M rows). SQLite 3.40's PRAGMA
  // optimize skips tables this connection did not query, which an import's are. Users never
  // run ANALYZE themselves; without it a grown hub is planned as an empty one.
  if (sqlite3_total_changes64(m_db->getHandle()) >= k_optimize_after_changes &&
      !sqlite3_db_readonly(m_db->getHandle(), "main")) {
    try {
      m_db->exec("PRAGMA analysis_limit = 1000");
      const bool any_stats =
          m_db->execAndGet("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'").getInt() > 0;
      for (const char* table : {"attendance", "participant", "participant_alias", "session", "attendance_interval"}) {
        // Rowid tables: max(rowid) is read from the end of the b-tree, not counted.
        const auto rows = m_db->execAndGet(fmt::format("SELECT coalesce(max(rowid), 0) FROM {}", table)).getInt64();
        if (rows < k_optimize_after_changes) continue;
        std::int64_t described = 0;
        if (any_stats) {
          SQLite::Statement q(*m_db, "SELECT stat FROM sqlite_stat1 WHERE tbl = ? LIMIT 1");
          q.bind(1, table);
          if (q.executeStep()) described = std::atoll(q.getColumn(0).getString().c_str());
        }
        if (described == 0 || rows >= 2 * described) m_db->exec(fmt::format("ANALYZE {}", table));
      }
    } catch (...) {
      // Statistics are an optimisation: a busy or read-only database keeps its old ones.
    }
  }
}

void Database::on_progress(std::function<void()> tick, int instructions) {
  m_progress = std::move(tick);
  if (!m_progress) {
    sqlite3_progress_handler(m_db->getHandle(), 0, nullptr, nullptr);
    return;
  }
  sqlite3_progress_handler(
      m_db->getHandle(), instructions,
      [](void* self) -> int {
        static_cast<Database*>(self)->m_progress();
        return 0; // never interrupts the statement
      },
      this);
}

std::unique_ptr<Database> Database::open(const OpenOptions& options) {
  const auto& path = options.path;
  std::error_code ec;
  const bool exists = fs::exists(path, ec);
  if (!exists && options.access != Access::write)
    throw Error(Exit::no_input,
                fmt::format("database {} does not exist; create it with `echo init` (or any command that writes)",
                            path.string()));
  if (exists && fs::is_directory(path, ec))
    throw Error(Exit::io, fmt::format("database {} is a directory", path.string()));

  bool created = false;
  if (!exists) {
    util::create_private_file(path);
    created = true;
  }

  std::unique_ptr<Database> result;
  try {
    configure_sqlite_once();
    auto db = std::make_unique<SQLite::Database>(path.string(), k_open_flags);
    apply_connection_pragmas(*db, options.busy_timeout_ms);
    result = std::make_unique<Database>(std::move(db), path, created);
  } catch (const SQLite::Exception& e) {
    if (created) fs::remove(path, ec);
    throw translate(e.getErrorCode(), e.what(), path.string());
  }

  auto& sql = result->sql();
  try {
    const int app_id = sql.execAndGet("PRAGMA application_id").getInt();
    const int version = sql.execAndGet("PRAGMA user_version").getInt();
    if (version == 0) {
      const int tables = sql.execAndGet("SELECT count(*) FROM sqlite_master").getInt();
      if (tables != 0 || (app_id != 0 && app_id != k_application_id))
        throw Error(Exit::io, fmt::format("{} is not an echo database", path.string()));
      if (options.access != Access::write)
        throw Error(Exit::no_input, fmt::format("database {} is empty; create it with `echo init`", path.string()));
      sql.exec("PRAGMA journal_mode = WAL");
      result->migrate();
      return result;
    }
    if (app_id != k_application_id) throw Error(Exit::io, fmt::format("{} is not an echo database", path.string()));
    if (version > latest_schema_version())
      throw Error(Exit::failure,
                  fmt::format("database {} has schema version {}, newer than this echo understands ({}); "
                              "upgrade echo",
                              path.string(), version, latest_schema_version()));
    if (version < latest_schema_version() && options.access != Access::admin)
      throw Error(Exit::failure, fmt::format("database {} has schema version {}, this echo needs {}: run `echo db "
                                             "migrate` (it backs the database up first)",
                                             path.string(), version, latest_schema_version()));
  } catch (const SQLite::Exception& e) {
    throw translate(e.getErrorCode(), e.what(), path.string());
  }
  return result;
}

std::unique_ptr<Database> Database::open_memory() {
  configure_sqlite_once();
  auto db = std::make_unique<SQLite::Database>(":memory:", k_open_flags | SQLITE_OPEN_CREATE);
  apply_connection_pragmas(*db, 0);
  auto result = std::make_unique<Database>(std::move(db), ":memory:", true);
  result->migrate();
  return result;
}

int Database::schema_version() {
  return read([&] { return m_db->execAndGet("PRAGMA user_version").getInt(); });
}

std::vector<int> Database::migrate() {
  return write([&] {
    std::vector<int> applied;
    const int current = m_db->execAndGet("PRAGMA user_version").getInt();
    for (const auto& m : migrations()) {
      if (m.version <= current) continue;
      m_db->exec(m.sql);
      // PRAGMA takes no bound parameters; the version is our own integer constant.
      m_db->exec(fmt::format("PRAGMA user_version = {}", m.version));
      applied.push_back(m.version);
    }
    if (current == 0) m_db->exec(fmt::format("PRAGMA application_id = {}", k_application_id));
    // The history triggers copy every column: made again whenever the tables may have changed.
    m_has_history.reset();
    if (!applied.empty() && has_history()) {
      // Also drops this connection's temp triggers: the next write loads the new ones.
      install_history_triggers(*this);
      m_history_loaded = false;
      m_loaded.clear();
      m_fk_children.reset();
      m_rowid_tables.reset();
      m_marks.clear();
      m_next = m_db->execAndGet("SELECT coalesce(max(id), 0) + 1 FROM audit_log").getInt64();
      set_next_entry(*m_next);
    }
    return applied;
  });
}

void Database::backup_to(const fs::path& target) {
  std::error_code exists_ec;
  if (target.has_parent_path() && !fs::is_directory(target.parent_path(), exists_ec))
    throw Error(Exit::cant_create, fmt::format("cannot back up to {}: directory {} does not exist", target.string(),
                                               target.parent_path().string()));
  // A backup killed before its rename (kill -9, power loss) left its temporary file: gone now.
  util::remove_stale_temps(target);
  const auto temp = util::sibling_temp_path(target);
  util::create_private_file(temp);
  sqlite3* dest = nullptr;
  auto fail = [&](const std::string& message) {
    if (dest) sqlite3_close(dest);
    std::error_code ec;
    fs::remove(temp, ec);
    fs::remove(fs::path(temp.string() + "-journal"), ec);
    return Error(Exit::cant_create,
                 fmt::format("cannot back up to {}: {}{}", target.string(), message, disk_full_note(target)));
  };
  if (sqlite3_open_v2(temp.c_str(), &dest, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
    throw fail(dest ? sqlite3_errmsg(dest) : "cannot open");
  sqlite3_backup* backup = sqlite3_backup_init(dest, "main", m_db->getHandle(), "main");
  if (backup == nullptr) throw fail(sqlite3_errmsg(dest));
  int rc = SQLITE_OK;
  do {
    rc = sqlite3_backup_step(backup, 256);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) throw fail(sqlite3_errstr(rc));
  // The copy is a self-contained file: no -wal beside it.
  sqlite3_exec(dest, "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr);
  sqlite3_close(dest);
  dest = nullptr;
  std::error_code ec;
  fs::rename(temp, target, ec);
  if (ec) throw fail(ec.message());
}

void Database::begin_immediate() {
  try {
    // The history triggers are this connection's TEMP triggers, loaded before its first write
    // (outside a transaction: the temp schema is read again before the next statement).
    // Before schema 15 (a migration under way) they were persistent: nothing to load.
    if (!m_history_loaded && has_history() && m_has_history_triggers) load_history();
    // What deletes reach by ON DELETE actions matters only where SQLite carries them out: a
    // bulk import (keys off) never reads it.
    if (m_write_limit && !m_keys_off && !m_fk_children) m_fk_children = foreign_key_children(*this);
    m_refused.clear();
    m_db->exec("BEGIN IMMEDIATE");
    m_entry.reset();
    m_next.reset();
    if (has_history()) {
      // The entry this write will be logged as, if it changes anything: the next audit_log id.
      // Rows filed under it or later were written outside echo (the sqlite3 shell, a test's
      // set-up) and belong to no command.
      m_next = m_db->execAndGet("SELECT coalesce(max(id), 0) + 1 FROM audit_log").getInt64();
      set_next_entry(*m_next);
      SQLite::Statement stale(*m_db, "DELETE FROM change_row WHERE audit_id >= ?");
      stale.bind(1, *m_next);
      stale.exec();
      if (!m_rowid_tables) m_rowid_tables = rowid_tables(*this);
      if (m_write_limit) {
        // Only the declared tables can gain rows: writing another one is refused.
        std::vector<std::string> tables;
        for (const auto& t : *m_rowid_tables)
          if (m_write_limit->count(t)) tables.push_back(t);
        m_marks = insert_marks(*this, tables);
      } else {
        m_marks = insert_marks(*this, *m_rowid_tables);
      }
    } else {
      m_marks.clear();
    }
  } catch (const SQLite::Exception& e) {
    rollback();
    throw translate(e.getErrorCode(), e.what(), m_path.string());
  }
}

void Database::load_history() {
  if (!m_write_limit) {
    load_history_triggers(*this);
    m_history_loaded = true;
    m_loaded.clear();
    return;
  }
  std::vector<std::string> missing;
  for (const auto& t : *m_write_limit)
    if (!m_loaded.count(t)) missing.push_back(t);
  if (missing.empty()) return;
  load_history_triggers(*this, &missing);
  m_loaded.insert(missing.begin(), missing.end());
}

void Database::limit_writes(std::vector<std::string> tables) {
  if (tables.empty()) {
    m_write_limit.reset();
    sqlite3_set_authorizer(m_db->getHandle(), nullptr, nullptr);
    return;
  }
  m_write_limit.emplace(tables.begin(), tables.end());
  try {
    has_history();
  } catch (...) {
    rethrow_translated();
  }
  // Setting an authorizer expires the statements prepared so far: they are prepared again,
  // and checked, when next run.
  sqlite3_set_authorizer(m_db->getHandle(), &Database::authorize, this);
}

bool Database::may_write(const std::string& table) const {
  const auto loaded = [&](const std::string& t) { return m_history_loaded || m_loaded.count(t) > 0; };
  if (!loaded(table)) return false;
  if (m_keys_off) return true;
  // With keys enforced, deleting (or replacing) a row changes the rows that refer to it by an
  // ON DELETE action, in the tables that hold them and on down. Read when a write begins: a
  // statement prepared before (outside a write) cannot be told safe.
  if (!m_fk_children) return false;
  std::vector<std::string> todo{table};
  std::set<std::string> seen{table};
  while (!todo.empty()) {
    const auto parent = todo.back();
    todo.pop_back();
    const auto it = m_fk_children->find(parent);
    if (it == m_fk_children->end()) continue;
    for (const auto& child : it->second) {
      if (!seen.insert(child).second || !history_records(child)) continue;
      if (!loaded(child)) return false;
      todo.push_back(child);
    }
  }
  return true;
}

int Database::authorize(void* self, int action, const char* table, const char* /*column*/, const char* schema,
                        const char* /*trigger*/) {
  if (action != SQLITE_INSERT && action != SQLITE_UPDATE && action != SQLITE_DELETE) return SQLITE_OK;
  auto& db = *static_cast<Database*>(self);
  if (!db.m_write_limit || table == nullptr || schema == nullptr || std::string_view(schema) != "main")
    return SQLITE_OK;
  // Before schema 15 (a migration) the triggers were persistent ones: nothing is missing.
  if (!db.m_has_history.value_or(false) || !db.m_has_history_triggers) return SQLITE_OK;
  const std::string name(table);
  if (!history_records(name) || db.may_write(name)) return SQLITE_OK;
  db.m_refused = name;
  return SQLITE_DENY;
}

bool Database::has_history() {
  if (!m_has_history || !*m_has_history || !m_has_history_triggers) {
    SQLite::Statement q(*m_db, "SELECT count(*) FILTER (WHERE name = 'history_state'), count(*) FILTER (WHERE name = "
                               "'history_trigger') FROM main.sqlite_master WHERE type = 'table'");
    q.executeStep();
    m_has_history = q.getColumn(0).getInt() == 1;
    m_has_history_triggers = q.getColumn(1).getInt() == 1;
  }
  return *m_has_history;
}

void Database::set_next_entry(std::int64_t id) {
  SQLite::Statement q(*m_db, "UPDATE history_state SET entry = ?");
  q.bind(1, id);
  q.exec();
}

void Database::set_command(std::string action, std::string actor) {
  m_command = std::move(action);
  m_actor = std::move(actor);
}

std::optional<std::int64_t> Database::next_entry() const { return m_next; }

void Database::claim_changes(std::int64_t id) {
  // Rows written so far were filed under this id already; later ones go to the next.
  m_entry = id;
  if (!m_next) return;
  m_next = id + 1;
  set_next_entry(*m_next);
}

// Every write command records one entry: rows changed after the command's own entry join it, and
// a command that names none (an import) gets one under its name. No change, no entry.
void Database::log_unclaimed_changes() {
  if (!m_next || !has_history()) return;
  log_inserts(*this, m_marks, m_entry.value_or(*m_next), *m_next);
  m_marks.clear();
  SQLite::Statement any(*m_db, "SELECT 1 FROM change_row WHERE audit_id = ? LIMIT 1");
  any.bind(1, *m_next);
  if (!any.executeStep()) return;
  if (m_entry) {
    SQLite::Statement q(*m_db, "UPDATE change_row SET audit_id = ?1 WHERE audit_id = ?2");
    q.bind(1, *m_entry);
    q.bind(2, *m_next);
    q.exec();
    return;
  }
  // A re-import that changes nothing still notes the file in the import ledger: that alone is no
  // change to undo or log.
  SQLite::Statement pending(*m_db, "SELECT tbl, row_key FROM change_row WHERE audit_id = ? AND tbl <> 'import_file' "
                                   "ORDER BY id LIMIT 1");
  pending.bind(1, *m_next);
  if (!pending.executeStep()) {
    SQLite::Statement q(*m_db, "DELETE FROM change_row WHERE audit_id = ?");
    q.bind(1, *m_next);
    q.exec();
    return;
  }
  const auto table = pending.getColumn(0).getString();
  const auto key = pending.getColumn(1).getString();
  SQLite::Statement q(*m_db, "INSERT INTO audit_log (id, at, actor, action, entity, entity_id, details) "
                             "VALUES (?, ?, ?, ?, ?, ?, '{}')");
  q.bind(1, *m_next);
  q.bind(2, now_text());
  q.bind(3, m_actor);
  q.bind(4, m_command);
  q.bind(5, table);
  if (!key.empty() && key.find_first_not_of("0123456789") == std::string::npos && key.size() < 19)
    q.bind(6, static_cast<std::int64_t>(std::stoll(key)));
  else
    q.bind(6);
  q.exec();
  claim_changes(*m_next);
}

Database::KeysOff::KeysOff(Database& d) : db(d) {
  try {
    db.m_db->exec("PRAGMA foreign_keys = OFF");
  } catch (const SQLite::Exception& e) {
    throw translate(e.getErrorCode(), e.what(), db.m_path.string());
  }
  // The pragma expired every prepared statement: they are checked again, keys off.
  db.m_keys_off = true;
}

Database::KeysOff::~KeysOff() {
  db.m_keys_off = false;
  // Outside the transaction again (write() commits or rolls back before this runs).
  sqlite3_exec(db.m_db->getHandle(), "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
}

void Database::commit() { m_db->exec("COMMIT"); }

void Database::rollback() noexcept {
  try {
    if (!sqlite3_get_autocommit(m_db->getHandle())) m_db->exec("ROLLBACK");
  } catch (...) {
    // The transaction is gone either way; the original error is what the user needs.
  }
}

void Database::rethrow_translated() const {
  try {
    throw;
  } catch (const SQLite::Exception& e) {
    if ((e.getErrorCode() & 0xff) == SQLITE_AUTH && !m_refused.empty() && m_write_limit) {
      std::string declared;
      for (const auto& t : *m_write_limit) declared += (declared.empty() ? "" : ", ") + t;
      throw Error(Exit::failure, fmt::format("{} would change table '{}', which it did not declare ({}): its change "
                                             "could not be recorded for `echo log` and `echo undo`, so nothing was "
                                             "written",
                                             m_command, m_refused, declared));
    }
    throw translate(e.getErrorCode(), e.what(), m_path.string());
  }
}

} // namespace echo::db
