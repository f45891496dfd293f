#include "echo/db/history.hpp"

#include "echo/db/attendance_repo.hpp"
#include "echo/db/lookup.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace echo::db {

namespace {

// Tables whose rows are the history itself, or SQLite's own; and first_participation, derived
// from attendance (undo rebuilds it when it writes attendance).
bool kept_out(const std::string& table) {
  return table == "change_row" || table == "audit_log" || table == "history_state" || table == "history_trigger" ||
         table == "first_participation" || table.rfind("sqlite_", 0) == 0;
}

std::string quoted(const std::string& identifier) {
  std::string out = "\"";
  for (char c : identifier) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string literal(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

struct TableShape {
  std::string name;
  std::vector<std::string> columns; // in the JSON of a row; "rowid" first for a rowid table without alias
  std::vector<std::string> key;     // the columns naming a row
  bool integer_key = false;         // one key column, the rowid or its alias
};

// Each table, and whether its CREATE statement (sqlite_master.sql) declares it WITHOUT ROWID:
// found by SQLite's LIKE (ASCII letters in any case), not by a copy of every statement in
// upper case (half of reading the tables, in every write).
const char* const k_history_tables_sql = "SELECT name, sql LIKE '%WITHOUT ROWID%' FROM main.sqlite_master WHERE "
                                         "type = 'table' ORDER BY name";

std::vector<TableShape> shapes(SQLite::Database& sql) {
  std::vector<TableShape> out;
  SQLite::Statement tables(sql, k_history_tables_sql);
  while (tables.executeStep()) {
    TableShape t;
    t.name = tables.getColumn(0).getString();
    if (kept_out(t.name)) continue;
    const bool without_rowid = tables.getColumn(1).getInt() != 0;
    std::vector<std::pair<int, std::string>> pk;
    std::optional<std::string> alias;
    SQLite::Statement info(sql, "SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid");
    info.bind(1, t.name);
    while (info.executeStep()) {
      const auto name = info.getColumn(0).getString();
      auto type = info.getColumn(1).getString();
      std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::toupper(c); });
      const int pk_position = info.getColumn(2).getInt();
      t.columns.push_back(name);
      if (pk_position > 0) {
        pk.emplace_back(pk_position, name);
        if (type == "INTEGER") alias = name;
      }
    }
    std::sort(pk.begin(), pk.end());
    if (without_rowid) {
      for (const auto& [pos, name] : pk) t.key.push_back(name);
    } else if (pk.size() == 1 && alias) {
      t.key.push_back(*alias);
      t.integer_key = true;
    } else {
      t.columns.insert(t.columns.begin(), "rowid");
      t.key.emplace_back("rowid");
      t.integer_key = true;
    }
    out.push_back(std::move(t));
  }
  return out;
}

std::string object_of(const TableShape& t, const char* row) {
  std::string out = "json_object(";
  for (std::size_t i = 0; i < t.columns.size(); ++i)
    out += fmt::format("{}{}, {}.{}", i ? ", " : "", literal(t.columns[i]), row, quoted(t.columns[i]));
  return out + ")";
}

std::string key_of(const TableShape& t, const char* row) {
  if (t.key.size() == 1) return fmt::format("CAST({}.{} AS TEXT)", row, quoted(t.key[0]));
  std::string out = "json_array(";
  for (std::size_t i = 0; i < t.key.size(); ++i) out += fmt::format("{}{}.{}", i ? ", " : "", row, quoted(t.key[i]));
  return out + ")";
}

const TableShape& shape_of(const std::vector<TableShape>& all, const std::string& table) {
  for (const auto& t : all)
    if (t.name == table) return t;
  throw Error(Exit::failure, fmt::format("the history names table '{}', which this database no longer has", table));
}

// Counters that hand out numbers never go back, even on undo: a session number once given (its
// CODE/N may be in a cron line or a report) is never given again.
bool is_counter(const std::string& column) { return column == "last_session_number"; }

// "participant 5: region 'Interior Health' -> 'Island Health'"; inserts and deletes by count.
std::string describe_update(const RowChange& c) {
  const auto before = nlohmann::json::parse(c.old.value_or("{}"), nullptr, false);
  const auto after = nlohmann::json::parse(c.now.value_or("{}"), nullptr, false);
  std::string out = fmt::format("{} {}:", c.table, c.key);
  if (!before.is_object() || !after.is_object()) return out;
  bool first = true;
  for (const auto& [field, value] : after.items()) {
    if (field == "updated_at" || field == "name_key" || field == "key") continue;
    const auto was = before.contains(field) ? before[field] : nlohmann::json();
    if (was == value) continue;
    out += fmt::format("{} {} {} -> {}", first ? "" : ",", field, was.dump(), value.dump());
    first = false;
  }
  return out;
}

} // namespace

void install_history_triggers(Database& db) {
  auto& sql = db.sql();
  // Before schema 15 the triggers were persistent: every command parsed them when it opened the
  // database. They go (a database migrated to 15 keeps none), and their text is kept instead.
  std::vector<std::string> old;
  {
    SQLite::Statement q(sql, "SELECT name FROM main.sqlite_master WHERE type = 'trigger' AND name LIKE 'history\\_%' "
                             "ESCAPE '\\'");
    while (q.executeStep()) old.push_back(q.getColumn(0).getString());
  }
  for (const auto& name : old) sql.exec("DROP TRIGGER main." + quoted(name));
  drop_history_triggers(db);
  sql.exec("DELETE FROM history_trigger");
  SQLite::Statement add(sql, "INSERT INTO history_trigger (name, tbl, sql) VALUES (?, ?, ?)");
  const auto keep = [&](const std::string& name, const std::string& table, const std::string& text) {
    add.bind(1, name);
    add.bind(2, table);
    add.bind(3, text);
    add.exec();
    add.reset();
  };
  for (const auto& t : shapes(sql)) {
    const auto table = quoted(t.name);
    std::string changed;
    for (const auto& c : t.columns)
      changed += fmt::format("{}OLD.{} IS NOT NEW.{}", changed.empty() ? "" : " OR ", quoted(c), quoted(c));
    // An insert keeps only the row's key (undo deletes by key). Rowid tables need no trigger for
    // it: log_inserts finds their new rows at the end of the write. The triggers are TEMP ones
    // (of the writing connection) on main's tables; their bodies name main's tables unqualified
    // (SQLite refuses a qualified INSERT target in a trigger), which the temp schema never has.
    const std::string entry = "(SELECT entry FROM history_state)";
    const std::string target = "change_row";
    if (!t.integer_key) {
      const auto name = "history_" + t.name + "_insert";
      keep(name, t.name,
           fmt::format("CREATE TEMP TRIGGER {} AFTER INSERT ON main.{} BEGIN INSERT INTO {} (audit_id, tbl, row_key, "
                       "op) VALUES ({}, {}, {}, 'insert'); END",
                       quoted(name), table, target, entry, literal(t.name), key_of(t, "NEW")));
    }
    const auto update = "history_" + t.name + "_update";
    keep(update, t.name,
         fmt::format("CREATE TEMP TRIGGER {} AFTER UPDATE ON main.{} WHEN {} BEGIN INSERT INTO {} (audit_id, tbl, "
                     "row_key, old_key, op, old, new) VALUES ({}, {}, {}, {}, 'update', {}, {}); END",
                     quoted(update), table, changed, target, entry, literal(t.name), key_of(t, "NEW"), key_of(t, "OLD"),
                     object_of(t, "OLD"), object_of(t, "NEW")));
    const auto remove = "history_" + t.name + "_delete";
    keep(remove, t.name,
         fmt::format("CREATE TEMP TRIGGER {} AFTER DELETE ON main.{} BEGIN INSERT INTO {} (audit_id, tbl, row_key, "
                     "op, old) VALUES ({}, {}, {}, 'delete', {}); END",
                     quoted(remove), table, target, entry, literal(t.name), key_of(t, "OLD"), object_of(t, "OLD")));
  }
}

void load_history_triggers(Database& db, const std::vector<std::string>* tables) {
  auto& sql = db.sql();
  // CREATE TEMP TRIGGER would parse each trigger twice (when created, and again from the temp
  // schema) and write the temp schema row by row: 3x what parsing them once costs, which is
  // what every write paid when they were persistent. Instead their rows go into the temp
  // schema table in one statement (PRAGMA writable_schema; the temp schema is this
  // connection's own, not the database file) and the new temp schema version makes SQLite
  // read them back once, before the next statement. Triggers the connection has already are
  // left out (install_history_triggers drops them all).
  std::optional<std::string> only;
  if (tables) only = nlohmann::json(*tables).dump();
  int added = 0;
  sql.exec("PRAGMA writable_schema = ON");
  try {
    SQLite::Statement add(sql, "INSERT INTO temp.sqlite_master (type, name, tbl_name, rootpage, sql) "
                               "SELECT 'trigger', name, tbl, 0, sql FROM main.history_trigger "
                               "WHERE (?1 IS NULL OR tbl IN (SELECT value FROM json_each(?1))) "
                               "AND name NOT IN (SELECT name FROM temp.sqlite_master WHERE type = 'trigger')");
    if (only) add.bind(1, *only);
    added = add.exec();
  } catch (...) {
    sql.exec("PRAGMA writable_schema = OFF");
    throw;
  }
  sql.exec("PRAGMA writable_schema = OFF");
  if (added == 0) return;
  const int cookie = sql.execAndGet("PRAGMA temp.schema_version").getInt();
  // PRAGMA takes no bound parameters; the version is our own integer.
  sql.exec(fmt::format("PRAGMA temp.schema_version = {}", cookie + 1));
  // SQLite checks a schema's version only in statements that use that schema: a write to main's
  // tables would run without the triggers. Reading the temp schema here makes SQLite read it
  // again now, triggers included.
  sql.execAndGet("SELECT count(*) FROM temp.sqlite_master");
}

bool history_records(const std::string& table) { return !kept_out(table); }

std::map<std::string, std::vector<std::string>> foreign_key_children(Database& db) {
  std::map<std::string, std::vector<std::string>> out;
  SQLite::Statement q(db.sql(), "SELECT DISTINCT f.\"table\", m.name FROM main.sqlite_master m, "
                                "pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND "
                                "(f.on_delete NOT IN ('NO ACTION', 'RESTRICT') OR "
                                "f.on_update NOT IN ('NO ACTION', 'RESTRICT'))");
  while (q.executeStep()) out[q.getColumn(0).getString()].push_back(q.getColumn(1).getString());
  return out;
}

void drop_history_triggers(Database& db) {
  auto& sql = db.sql();
  std::vector<std::string> names;
  {
    SQLite::Statement q(sql, "SELECT name FROM temp.sqlite_master WHERE type = 'trigger' AND name LIKE 'history\\_%' "
                             "ESCAPE '\\'");
    while (q.executeStep()) names.push_back(q.getColumn(0).getString());
  }
  for (const auto& name : names) sql.exec("DROP TRIGGER temp." + quoted(name));
}

// The tables shapes() gives an integer key: every one that has a rowid. Read from the schema
// alone: reading each table's columns (a PRAGMA per table) was a third of a small import.
std::vector<std::string> rowid_tables(Database& db) {
  std::vector<std::string> out;
  SQLite::Statement tables(db.sql(), k_history_tables_sql);
  while (tables.executeStep()) {
    auto name = tables.getColumn(0).getString();
    if (!kept_out(name) && tables.getColumn(1).getInt() == 0) out.push_back(std::move(name));
  }
  return out;
}

namespace {

// The highest rowid of every table, read in one statement (one prepare per write, not one per
// table: a small import pays for the history of every table it does not touch).
std::vector<std::int64_t> max_rowids(Database& db, const std::vector<std::string>& tables) {
  if (tables.empty()) return {};
  std::string sql = "SELECT ";
  for (std::size_t i = 0; i < tables.size(); ++i)
    sql += fmt::format("{}(SELECT coalesce(max(rowid), 0) FROM {})", i == 0 ? "" : ", ", quoted(tables[i]));
  SQLite::Statement q(db.sql(), sql);
  std::vector<std::int64_t> out;
  if (q.executeStep())
    for (int i = 0; i < q.getColumnCount(); ++i) out.push_back(q.getColumn(i).getInt64());
  return out;
}

} // namespace

std::vector<std::pair<std::string, std::int64_t>> insert_marks(Database& db, const std::vector<std::string>& tables) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  const auto marks = max_rowids(db, tables);
  for (std::size_t i = 0; i < tables.size(); ++i) out.emplace_back(tables[i], marks.at(i));
  return out;
}

void log_inserts(Database& db, const std::vector<std::pair<std::string, std::int64_t>>& marks, std::int64_t first,
                 std::int64_t entry) {
  if (marks.empty()) return;
  std::vector<std::string> tables;
  for (const auto& m : marks) tables.push_back(m.first);
  // Only the tables that grew, and those this write deleted rows of, have inserts to log.
  const auto now = max_rowids(db, tables);
  std::set<std::string> deleted;
  {
    SQLite::Statement q(db.sql(),
                        "SELECT DISTINCT tbl FROM change_row WHERE audit_id BETWEEN ? AND ? AND op = 'delete'");
    q.bind(1, first);
    q.bind(2, entry);
    while (q.executeStep()) deleted.insert(q.getColumn(0).getString());
  }
  for (std::size_t i = 0; i < marks.size(); ++i) {
    const auto& [table, mark] = marks[i];
    // New rowids as one range (a bulk import adds one history row per table, not one per row),
    // then ids this write deleted and used again (SQLite reuses the highest) one by one.
    if (now.at(i) > mark) {
      SQLite::Statement fresh(
          db.sql(), fmt::format("INSERT INTO change_row (audit_id, tbl, row_key, old_key, op, new) SELECT ?1, ?2, "
                                "CAST(min(rowid) AS TEXT), CAST(max(rowid) AS TEXT), 'inserts', "
                                "CAST(count(*) AS TEXT) FROM {} WHERE rowid > ?3 HAVING count(*) > 0",
                                quoted(table)));
      fresh.bind(1, entry);
      fresh.bind(2, table);
      fresh.bind(3, mark);
      fresh.exec();
    }
    if (deleted.count(table) == 0) continue;
    SQLite::Statement again(
        db.sql(),
        fmt::format("INSERT INTO change_row (audit_id, tbl, row_key, op) SELECT ?1, ?2, CAST(rowid AS TEXT), "
                    "'insert' FROM {} WHERE rowid <= ?3 AND rowid IN (SELECT CAST(row_key AS INTEGER) FROM "
                    "change_row WHERE audit_id BETWEEN ?4 AND ?1 AND tbl = ?2 AND op = 'delete') ORDER BY rowid",
                    quoted(table)));
    again.bind(1, entry);
    again.bind(2, table);
    again.bind(3, mark);
    again.bind(4, first);
    again.exec();
  }
}

std::vector<LogEntry> log_entries(Database& db, const LogFilter& f) {
  std::string entity = f.entity;
  std::optional<std::int64_t> entity_id;
  if (const auto colon = entity.find(':'); colon != std::string::npos) {
    const auto number = entity.substr(colon + 1);
    if (number.empty() || number.size() > 18 ||
        !std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; }))
      throw Error(Exit::usage, fmt::format("--entity '{}' is not KIND or KIND:ID", f.entity));
    entity_id = std::stoll(number);
    entity = entity.substr(0, colon);
  }
  return db.read([&] {
    std::vector<LogEntry> out;
    SQLite::Statement q(db.sql(), "SELECT id, at, actor, action, entity, entity_id, reason, details, undone_by, undoes "
                                  "FROM audit_log WHERE (?1 IS NULL OR entity = ?1) AND (?2 IS NULL OR entity_id = ?2) "
                                  "AND (?3 IS NULL OR at >= ?3) AND (?4 IS NULL OR id = ?4) ORDER BY id");
    if (!entity.empty()) q.bind(1, entity);
    if (entity_id) q.bind(2, *entity_id);
    if (!f.since_utc.empty()) q.bind(3, f.since_utc);
    if (f.id) q.bind(4, *f.id);
    while (q.executeStep()) {
      LogEntry e;
      e.id = q.getColumn(0).getInt64();
      e.at = q.getColumn(1).getString();
      e.actor = q.getColumn(2).getString();
      e.action = q.getColumn(3).getString();
      e.entity = q.getColumn(4).getString();
      if (!q.getColumn(5).isNull()) e.entity_id = q.getColumn(5).getInt64();
      if (!q.getColumn(6).isNull()) e.reason = q.getColumn(6).getString();
      e.details = q.getColumn(7).getString();
      if (!q.getColumn(8).isNull()) e.undone_by = q.getColumn(8).getInt64();
      if (!q.getColumn(9).isNull()) e.undoes = q.getColumn(9).getInt64();
      out.push_back(std::move(e));
    }
    if (f.with_changes) {
      SQLite::Statement c(db.sql(),
                          "SELECT tbl, row_key, op, old, new, old_key FROM change_row WHERE audit_id = ? ORDER BY id");
      for (auto& e : out) {
        c.reset();
        c.bind(1, e.id);
        while (c.executeStep()) {
          RowChange r;
          r.table = c.getColumn(0).getString();
          r.key = c.getColumn(1).getString();
          r.op = c.getColumn(2).getString();
          if (!c.getColumn(3).isNull()) r.old = c.getColumn(3).getString();
          if (!c.getColumn(4).isNull()) r.now = c.getColumn(4).getString();
          if (r.op == "inserts") r.last = c.getColumn(5).getString();
          e.changes.push_back(std::move(r));
        }
      }
    }
    return out;
  });
}

std::vector<std::string> summarize(const std::vector<RowChange>& changes) {
  std::vector<std::string> out;
  std::map<std::string, std::pair<int, int>> counts; // table -> inserted, deleted
  for (const auto& c : changes) {
    if (c.op == "update")
      out.push_back(describe_update(c));
    else if (c.op == "insert")
      ++counts[c.table].first;
    else if (c.op == "inserts")
      counts[c.table].first += std::stoi(c.now.value_or("0"));
    else
      ++counts[c.table].second;
  }
  for (const auto& [table, n] : counts) {
    if (n.first) out.push_back(fmt::format("{} +{}", table, n.first));
    if (n.second) out.push_back(fmt::format("{} -{}", table, n.second));
  }
  return out;
}

UndoResult undo(Database& db, std::optional<std::int64_t> id, const std::string& actor, const std::string& reason) {
  return db.write([&] {
    auto& sql = db.sql();
    std::int64_t target = 0;
    if (id) {
      target = *id;
    } else {
      SQLite::Statement q(sql, "SELECT max(id) FROM audit_log WHERE undone_by IS NULL AND undoes IS NULL");
      if (q.executeStep() && !q.getColumn(0).isNull()) target = q.getColumn(0).getInt64();
      if (target == 0) throw Error(Exit::failure, "nothing to undo: the log has no change that is not undone");
    }
    LogFilter f;
    f.id = target;
    const auto found = log_entries(db, f);
    if (found.empty()) throw Error(Exit::failure, fmt::format("no log entry {}", target));
    const auto& entry = found.front();
    if (entry.undone_by)
      throw Error(Exit::failure, fmt::format("entry {} ({}) was already undone by entry {}", entry.id, entry.action,
                                             *entry.undone_by));
    if (entry.undoes)
      throw Error(Exit::failure, fmt::format("entry {} is itself an undo (of entry {}); it is not undone in turn",
                                             entry.id, *entry.undoes));
    if (entry.changes.empty())
      throw Error(Exit::failure, fmt::format("entry {} ({}) kept no history of its rows (it was made before the "
                                             "history was kept, or its personal data was removed): it cannot be undone",
                                             entry.id, entry.action));

    // Later entries, still standing, that touched the rows this one (or its undo) touches.
    const auto dependants = [&](bool with_pending) {
      SQLite::Statement q(
          sql, "SELECT DISTINCT a.id, a.action FROM change_row c JOIN audit_log a ON a.id = c.audit_id "
               "WHERE c.audit_id > ?1 AND a.undone_by IS NULL AND a.undoes IS NULL AND EXISTS (SELECT 1 FROM "
               "change_row p WHERE p.audit_id IN (?1, ?2) AND p.tbl = c.tbl AND ("
               "(p.op <> 'inserts' AND c.op <> 'inserts' AND (p.row_key = c.row_key OR p.row_key = c.old_key OR "
               "p.old_key = c.row_key)) OR "
               "(p.op = 'inserts' AND c.op <> 'inserts' AND (CAST(c.row_key AS INTEGER) BETWEEN CAST(p.row_key AS "
               "INTEGER) AND CAST(p.old_key AS INTEGER) OR CAST(c.old_key AS INTEGER) BETWEEN CAST(p.row_key AS "
               "INTEGER) AND CAST(p.old_key AS INTEGER))) OR "
               "(c.op = 'inserts' AND p.op <> 'inserts' AND (CAST(p.row_key AS INTEGER) BETWEEN CAST(c.row_key AS "
               "INTEGER) AND CAST(c.old_key AS INTEGER) OR CAST(p.old_key AS INTEGER) BETWEEN CAST(c.row_key AS "
               "INTEGER) AND CAST(c.old_key AS INTEGER))) OR "
               "(c.op = 'inserts' AND p.op = 'inserts' AND CAST(c.row_key AS INTEGER) <= CAST(p.old_key AS INTEGER) "
               "AND CAST(p.row_key AS INTEGER) <= CAST(c.old_key AS INTEGER)))) "
               "ORDER BY a.id");
      q.bind(1, target);
      // This undo's own rows are filed under the entry it will be logged as.
      q.bind(2, with_pending && db.next_entry() ? *db.next_entry() : target);
      std::vector<std::string> out;
      while (q.executeStep())
        out.push_back(fmt::format("{} ({})", q.getColumn(0).getInt64(), q.getColumn(1).getString()));
      return out;
    };
    const auto refuse = [&](const std::vector<std::string>& later) {
      std::string list;
      for (const auto& l : later) list += (list.empty() ? "" : ", ") + l;
      return Error(Exit::failure, fmt::format("cannot undo entry {} ({}): later changes depend on it: {}; undo "
                                              "those first",
                                              entry.id, entry.action, list));
    };
    if (auto later = dependants(false); !later.empty()) throw refuse(later);

    // Restored rows may point at each other in any order: foreign keys are checked at commit.
    sql.exec("PRAGMA defer_foreign_keys = ON");
    const auto all = shapes(sql);
    std::size_t rows = 0;
    for (auto it = entry.changes.rbegin(); it != entry.changes.rend(); ++it) {
      const auto& t = shape_of(all, it->table);
      // The row by its key: the id, or the primary key's columns from the JSON array.
      std::string where;
      if (t.key.size() == 1)
        where = fmt::format("{} IS {}", quoted(t.key[0]), t.integer_key ? "CAST(?1 AS INTEGER)" : "?1");
      else
        for (std::size_t k = 0; k < t.key.size(); ++k)
          where += fmt::format("{}{} IS json_extract(?1, '$[{}]')", k ? " AND " : "", quoted(t.key[k]), k);
      std::string text;
      if (it->op == "inserts") {
        text = fmt::format("DELETE FROM {} WHERE rowid BETWEEN CAST(?1 AS INTEGER) AND CAST(?3 AS INTEGER)",
                           quoted(t.name));
      } else if (it->op == "insert") {
        text = fmt::format("DELETE FROM {} WHERE {}", quoted(t.name), where);
      } else if (it->op == "update") {
        std::string set;
        for (const auto& c : t.columns)
          if (c != "rowid" && !is_counter(c))
            set += fmt::format("{}{} = json_extract(?2, {})", set.empty() ? "" : ", ", quoted(c),
                               literal("$." + quoted(c)));
        text = fmt::format("UPDATE {} SET {} WHERE {}", quoted(t.name), set, where);
      } else {
        std::string columns, values;
        for (const auto& c : t.columns) {
          columns += (columns.empty() ? "" : ", ") + quoted(c);
          values += fmt::format("{}json_extract(?2, {})", values.empty() ? "" : ", ", literal("$." + quoted(c)));
        }
        text = fmt::format("INSERT INTO {} ({}) VALUES ({})", quoted(t.name), columns, values);
      }
      try {
        SQLite::Statement q(sql, text);
        if (it->op != "delete") q.bind(1, it->key);
        if (it->op == "update" || it->op == "delete") q.bind(2, it->old.value_or("{}"));
        if (it->op == "inserts") q.bind(3, it->last);
        rows += static_cast<std::size_t>(q.exec());
      } catch (const SQLite::Exception& e) {
        throw Error(Exit::failure, fmt::format("cannot undo entry {} ({}): the rows it changed were changed again "
                                               "since ({})",
                                               entry.id, entry.action, e.getErrorStr()));
      }
    }
    // Rows reached through ON DELETE CASCADE count too.
    if (auto later = dependants(true); !later.empty()) throw refuse(later);
    // first_participation is derived from attendance and left out of the history: rebuilt when
    // the undo wrote attendance rows.
    if (std::any_of(entry.changes.begin(), entry.changes.end(), [](const auto& c) { return c.table == "attendance"; }))
      rebuild_first_participation(db);
    // And rows that still refer to a row the undo removes (attendance of a participant added by
    // the entry): the entries that wrote them, or the table when none did.
    {
      std::vector<std::string> later;
      SQLite::Statement fk(sql, "SELECT \"table\", rowid FROM pragma_foreign_key_check");
      while (fk.executeStep()) {
        const auto table = fk.getColumn(0).getString();
        const auto row = fk.getColumn(1).getInt64();
        SQLite::Statement who(sql,
                              "SELECT DISTINCT a.id, a.action FROM change_row c JOIN audit_log a ON a.id = "
                              "c.audit_id WHERE c.audit_id > ?3 AND c.tbl = ?1 AND (c.row_key = CAST(?2 AS TEXT) OR "
                              "(c.op = 'inserts' AND ?2 BETWEEN CAST(c.row_key AS INTEGER) AND "
                              "CAST(c.old_key AS INTEGER))) "
                              "AND a.undone_by IS NULL AND a.undoes IS NULL ORDER BY a.id");
        who.bind(1, table);
        who.bind(2, row);
        who.bind(3, target);
        bool named = false;
        while (who.executeStep()) {
          const auto text = fmt::format("{} ({})", who.getColumn(0).getInt64(), who.getColumn(1).getString());
          if (std::find(later.begin(), later.end(), text) == later.end()) later.push_back(text);
          named = true;
        }
        if (!named) {
          const auto text = fmt::format("{} row {}", table, row);
          if (std::find(later.begin(), later.end(), text) == later.end()) later.push_back(text);
        }
      }
      if (!later.empty()) throw refuse(later);
    }

    nlohmann::json details = {{"undoes", entry.id}, {"action", entry.action}};
    audit(db, actor, "undo", entry.entity, entry.entity_id, reason, details.dump());
    const auto undo_id = sql.getLastInsertRowid();
    SQLite::Statement mark(sql, "UPDATE audit_log SET undone_by = ?1 WHERE id = ?2");
    mark.bind(1, undo_id);
    mark.bind(2, entry.id);
    mark.exec();
    SQLite::Statement link(sql, "UPDATE audit_log SET undoes = ?1 WHERE id = ?2");
    link.bind(1, entry.id);
    link.bind(2, undo_id);
    link.exec();
    return UndoResult{entry.id, undo_id, entry.action, rows};
  });
}

void forget_participant_history(Database& db, std::int64_t id) {
  db.read([&] {
    // Every stored copy of their participant row and aliases, and of imported rows resolved to
    // them (those carry the name Zoom showed). Attendance rows hold only ids and minutes: kept.
    SQLite::Statement q(db.sql(),
                        "DELETE FROM change_row WHERE (tbl = 'participant' AND row_key = CAST(?1 AS TEXT)) OR "
                        "(tbl = 'participant_alias' AND (json_extract(old, '$.participant_id') = ?1 OR "
                        "json_extract(new, '$.participant_id') = ?1)) OR (tbl = 'unmatched_row' AND row_key IN "
                        "(SELECT row_key FROM change_row WHERE tbl = 'unmatched_row' AND "
                        "(json_extract(old, '$.resolved_participant_id') = ?1 OR "
                        "json_extract(new, '$.resolved_participant_id') = ?1)))");
    q.bind(1, id);
    q.exec();
    // The names of imported rows resolved to them, in the log's details.
    SQLite::Statement d(db.sql(), "UPDATE audit_log SET details = json_remove(details, '$.name') WHERE "
                                  "action = 'attendance.resolve' AND json_extract(details, '$.participant') = ?1");
    d.bind(1, id);
    d.exec();
  });
}

} // namespace echo::db
