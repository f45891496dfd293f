#include "echo/db/maintenance.hpp"

#include "echo/util/files.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <filesystem>

namespace echo::db {

Info info(Database& db) {
  return db.read([&] {
    Info i;
    i.path = db.path().string();
    i.schema_version = db.sql().execAndGet("PRAGMA user_version").getInt();
    i.latest_schema_version = latest_schema_version();
    i.sqlite_version = sqlite3_libversion();
    std::error_code ec;
    const auto size = std::filesystem::file_size(db.path(), ec);
    i.size_bytes = ec ? 0 : static_cast<std::int64_t>(size);
    i.journal_mode = db.sql().execAndGet("PRAGMA journal_mode").getString();
    std::vector<std::string> tables;
    SQLite::Statement q(db.sql(), "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                                  "ORDER BY name");
    while (q.executeStep()) tables.push_back(q.getColumn(0).getString());
    for (const auto& t : tables) {
      // Table names come from sqlite_master, not from the user; identifiers cannot be bound.
      const auto n = db.sql().execAndGet(fmt::format("SELECT count(*) FROM \"{}\"", t)).getInt64();
      i.row_counts.emplace_back(t, n);
    }
    return i;
  });
}

std::vector<std::string> check(Database& db) {
  return db.read([&] {
    std::vector<std::string> problems;
    SQLite::Statement integrity(db.sql(), "PRAGMA integrity_check");
    while (integrity.executeStep()) {
      const auto line = integrity.getColumn(0).getString();
      if (line != "ok") problems.push_back("integrity: " + line);
    }
    SQLite::Statement fk(db.sql(), "PRAGMA foreign_key_check");
    while (fk.executeStep())
      problems.push_back(fmt::format("foreign key: {} row {} refers to a missing {} row", fk.getColumn(0).getString(),
                                     fk.getColumn(1).getInt64(), fk.getColumn(2).getString()));
    return problems;
  });
}

namespace {

constexpr int k_echo_application_id = 0x4543484F; // "ECHO", as database.cpp stamps it

struct Handle {
  sqlite3* db = nullptr;
  Handle() = default;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { close(); }
  void close() {
    if (db) sqlite3_close(db);
    db = nullptr;
  }
};

std::string first_text(sqlite3* db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
    const auto* text = sqlite3_column_text(st, 0);
    if (text) out = reinterpret_cast<const char*>(text);
  }
  sqlite3_finalize(st);
  return out;
}

// Copies src's main database into dest's with the backup API (whole pages, under SQLite's locks).
int copy_pages(sqlite3* dest, sqlite3* src) {
  sqlite3_backup* b = sqlite3_backup_init(dest, "main", src, "main");
  if (b == nullptr) return sqlite3_errcode(dest);
  int rc = SQLITE_OK;
  do {
    rc = sqlite3_backup_step(b, 256);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(b);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

} // namespace

RestoreResult restore(const std::filesystem::path& database, const std::filesystem::path& file, int busy_timeout_ms) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(file, ec)) throw Error(Exit::no_input, fmt::format("backup {} does not exist", file.string()));
  if (fs::is_directory(file, ec)) throw Error(Exit::data, fmt::format("backup {} is a directory", file.string()));
  if (fs::exists(database, ec) && fs::equivalent(file, database, ec))
    throw Error(Exit::usage, fmt::format("{} is the database itself", file.string()));

  // The backup, read only: is it an echo database this echo understands, and whole?
  Handle src;
  if (sqlite3_open_v2(file.c_str(), &src.db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
    throw Error(Exit::data, fmt::format("backup {} cannot be opened: {}", file.string(),
                                        src.db ? sqlite3_errmsg(src.db) : "out of memory"));
  sqlite3_busy_timeout(src.db, busy_timeout_ms);
  const auto app_id = first_text(src.db, "PRAGMA application_id");
  if (app_id.empty())
    throw Error(Exit::data, fmt::format("backup {} is not a database: {}", file.string(), sqlite3_errmsg(src.db)));
  if (std::stoll(app_id) != k_echo_application_id)
    throw Error(Exit::data, fmt::format("backup {} is not an echo database", file.string()));
  RestoreResult result;
  result.schema_version = std::stoi(first_text(src.db, "PRAGMA user_version"));
  if (result.schema_version < 1 || result.schema_version > latest_schema_version())
    throw Error(Exit::data, fmt::format("backup {} has schema version {}; this echo knows 1 to {}", file.string(),
                                        result.schema_version, latest_schema_version()));
  const auto integrity = first_text(src.db, "PRAGMA integrity_check");
  if (integrity != "ok")
    throw Error(Exit::data, fmt::format("backup {} is damaged: {}", file.string(),
                                        integrity.empty() ? sqlite3_errmsg(src.db) : integrity));
  if (!first_text(src.db, "SELECT 1 FROM pragma_foreign_key_check LIMIT 1").empty())
    throw Error(Exit::data,
                fmt::format("backup {} has rows that refer to missing rows (see `echo db check`)", file.string()));

  // A copy of the database as it is, before anything changes.
  const bool existed = fs::exists(database, ec);
  if (existed) {
    auto stamp = now_text();
    for (auto& c : stamp)
      if (c == ':') c = '-';
    const auto kept = fs::path(database.string() + ".before-restore." + stamp + ".bak");
    util::create_private_file(kept);
    Handle cur, copy;
    int rc = sqlite3_open_v2(database.c_str(), &cur.db, SQLITE_OPEN_READWRITE, nullptr);
    if (rc == SQLITE_OK) rc = sqlite3_open_v2(kept.c_str(), &copy.db, SQLITE_OPEN_READWRITE, nullptr);
    if (rc == SQLITE_OK) {
      sqlite3_busy_timeout(cur.db, busy_timeout_ms);
      rc = copy_pages(copy.db, cur.db);
      if (rc == SQLITE_OK) sqlite3_exec(copy.db, "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr);
    }
    if (rc != SQLITE_OK) {
      // A damaged database cannot be read page by page: keep its bytes instead.
      copy.close();
      fs::copy_file(database, kept, fs::copy_options::overwrite_existing, ec);
      if (!ec && fs::exists(database.string() + "-wal"))
        fs::copy_file(database.string() + "-wal", kept.string() + "-wal", fs::copy_options::overwrite_existing, ec);
      if (ec) {
        fs::remove(kept, ec);
        throw Error(Exit::cant_create, fmt::format("cannot keep a copy of {} before restoring: {}; nothing was "
                                                   "restored",
                                                   database.string(), ec.message()));
      }
    }
    fs::permissions(kept, fs::perms::owner_read | fs::perms::owner_write, ec);
    result.kept = kept.string();
  } else {
    util::create_private_file(database);
  }

  Handle dest;
  if (sqlite3_open_v2(database.c_str(), &dest.db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
    throw Error(Exit::io, fmt::format("cannot open {}: {}", database.string(),
                                      dest.db ? sqlite3_errmsg(dest.db) : "out of memory"));
  sqlite3_busy_timeout(dest.db, busy_timeout_ms);
  if (const int rc = copy_pages(dest.db, src.db); rc != SQLITE_OK) {
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
      throw Error(Exit::temp_fail, fmt::format("{} is locked by another process; try again later", database.string()));
    throw Error(Exit::io,
                fmt::format("restoring {} into {} failed: {}{}", file.string(), database.string(), sqlite3_errstr(rc),
                            result.kept.empty() ? "" : "; the database as it was is in " + result.kept));
  }
  result.journal_mode = first_text(dest.db, "PRAGMA journal_mode = WAL");
  dest.close();
  for (const auto* suffix : {"", "-wal", "-shm"})
    if (fs::exists(database.string() + suffix, ec))
      fs::permissions(database.string() + suffix, fs::perms::owner_read | fs::perms::owner_write, ec);
  return result;
}

} // namespace echo::db
