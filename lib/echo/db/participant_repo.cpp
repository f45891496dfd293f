#include "echo/db/participant_repo.hpp"

#include "echo/db/attendance_repo.hpp"
#include "echo/db/columns.hpp"
#include "echo/db/rules.hpp"

#include "echo/util/text.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <memory>
#include <unordered_set>

namespace echo::db {

namespace {

void bind_optional(SQLite::Statement& q, int index, const std::optional<std::string>& v) {
  if (v && !v->empty())
    q.bind(index, *v);
  else
    q.bind(index);
}

domain::Participant read_participant(SQLite::Statement& q) {
  domain::Participant p;
  p.id = q.getColumn(0).getInt64();
  p.name = q.getColumn(1).getString();
  p.email = opt_text(q.getColumn(2));
  p.profession = opt_text(q.getColumn(3));
  p.organization = opt_text(q.getColumn(4));
  p.region = opt_text(q.getColumn(5));
  p.rural = q.getColumn(6).getInt() != 0;
  return p;
}

constexpr const char* k_participant_columns = "id, name, email, profession, organization, region, rural";

} // namespace

ParticipantRepo::ParticipantRepo(Database& db) : m_db(db) {}

std::optional<std::int64_t> ParticipantRepo::by_email(const std::string& email, bool* unnamed) {
  const auto key = util::normalize_email(email);
  if (key.empty()) return std::nullopt;
  return m_db.read([&]() -> std::optional<std::int64_t> {
    // Prepared once per repository: imports look up every distinct email of a file.
    if (!m_by_email)
      m_by_email.emplace(m_db.sql(), R"sql(
        SELECT id, name = '' FROM participant WHERE email = ?1
        UNION ALL
        SELECT a.participant_id, p.name = '' FROM participant_alias a JOIN participant p ON p.id = a.participant_id
         WHERE a.kind = 'email' AND a.key = ?1
        LIMIT 1)sql");
    auto& q = *m_by_email;
    q.reset();
    q.bind(1, key);
    std::optional<std::int64_t> id;
    if (q.executeStep()) {
      id = q.getColumn(0).getInt64();
      if (unnamed) *unnamed = q.getColumn(1).getInt() != 0;
    }
    q.reset();
    return id;
  });
}

void ParticipantRepo::each_email_raw(void (*fn)(void*, const std::string&, std::int64_t, bool), void* context) {
  m_db.read([&] {
    auto& sql = m_db.sql();
    // The few without a name first (their name key is empty too: found by its index), then the
    // emails from the email index alone (no row read), then the aliases.
    std::unordered_set<std::int64_t> unnamed;
    {
      SQLite::Statement q(sql, "SELECT id FROM participant WHERE name_key = '' AND name = ''");
      while (q.executeStep()) unnamed.insert(q.getColumn(0).getInt64());
    }
    // Read through the C API: SQLiteCpp's Column objects cost ~300 instructions a row here.
    std::string key;
    const auto each = [&](const char* text) {
      sqlite3_stmt* raw = nullptr;
      if (const int rc = sqlite3_prepare_v2(sql.getHandle(), text, -1, &raw, nullptr); rc != SQLITE_OK)
        throw SQLite::Exception(sql.getHandle(), rc);
      const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> q(raw, sqlite3_finalize);
      int rc = 0;
      while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
        const auto* data = static_cast<const char*>(sqlite3_column_blob(raw, 0));
        key.assign(data == nullptr ? "" : data, static_cast<std::size_t>(sqlite3_column_bytes(raw, 0)));
        const auto id = sqlite3_column_int64(raw, 1);
        fn(context, key, id, !unnamed.empty() && unnamed.count(id) > 0);
      }
      if (rc != SQLITE_DONE) throw SQLite::Exception(sql.getHandle(), rc);
    };
    each("SELECT email, id FROM participant WHERE email IS NOT NULL");
    each("SELECT key, participant_id FROM participant_alias WHERE kind = 'email'");
  });
}

std::int64_t ParticipantRepo::max_id() {
  return m_db.read([&] { return m_db.sql().execAndGet("SELECT ifnull(max(id), 0) FROM participant").getInt64(); });
}

void ParticipantRepo::name_if_unnamed(std::int64_t id, const std::string& name) {
  const auto trimmed = util::trim(name);
  if (trimmed.empty()) return;
  m_db.read([&] {
    if (!m_name_if_unnamed)
      m_name_if_unnamed.emplace(m_db.sql(), "UPDATE participant SET name = ?2, name_key = ?3, updated_at = ?4 "
                                            "WHERE id = ?1 AND name = ''");
    auto& q = *m_name_if_unnamed;
    q.reset();
    q.bind(1, id);
    q.bind(2, trimmed);
    q.bind(3, util::name_key(trimmed));
    q.bind(4, now_text());
    q.exec();
  });
}

std::vector<std::int64_t> ParticipantRepo::by_name_key(const std::string& key) {
  std::vector<std::int64_t> ids;
  if (key.empty()) return ids;
  m_db.read([&] {
    // Prepared once per repository: an import looks up every name without an email (issue 11:
    // preparing it per row was 62% of an 80,000-guest import).
    if (!m_by_name_key)
      m_by_name_key.emplace(m_db.sql(), R"sql(
        SELECT id FROM participant WHERE name_key = ?1
        UNION
        SELECT participant_id FROM participant_alias WHERE kind = 'name' AND key = ?1
        ORDER BY 1)sql");
    auto& q = *m_by_name_key;
    q.reset();
    q.bind(1, key);
    while (q.executeStep()) ids.push_back(q.getColumn(0).getInt64());
    q.reset();
  });
  return ids;
}

std::optional<domain::Participant> ParticipantRepo::get(std::int64_t id) {
  return m_db.read([&]() -> std::optional<domain::Participant> {
    if (!m_get)
      m_get.emplace(m_db.sql(), fmt::format("SELECT {} FROM participant WHERE id = ?", k_participant_columns));
    auto& q = *m_get;
    q.reset();
    q.bind(1, id);
    std::optional<domain::Participant> out;
    if (q.executeStep()) out = read_participant(q);
    q.reset();
    return out;
  });
}

std::int64_t ParticipantRepo::insert(const domain::Participant& p) {
  return m_db.read([&] {
    const auto now = now_text();
    if (!m_insert)
      m_insert.emplace(m_db.sql(), R"sql(
      INSERT INTO participant (name, name_key, email, profession, organization, region, rural, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?))sql");
    auto& q = *m_insert;
    q.reset();
    // Every parameter is bound again before each run, and these texts live until it has run:
    // bound without SQLite's copy.
    const auto key = util::name_key(p.name);
    const bool has_email = p.email && !p.email->empty();
    const auto email = has_email ? util::normalize_email(*p.email) : std::string();
    q.bindNoCopy(1, p.name);
    q.bindNoCopy(2, key);
    if (has_email)
      q.bindNoCopy(3, email);
    else
      q.bind(3);
    bind_optional(q, 4, p.profession);
    bind_optional(q, 5, p.organization);
    bind_optional(q, 6, p.region);
    q.bind(7, p.rural ? 1 : 0);
    q.bind(8, now);
    q.bind(9, now);
    q.exec();
    return m_db.sql().getLastInsertRowid();
  });
}

void ParticipantRepo::update(const domain::Participant& p) {
  m_db.read([&] {
    if (!m_update)
      m_update.emplace(m_db.sql(), R"sql(
      UPDATE participant SET name = ?, name_key = ?, email = ?, profession = ?, organization = ?, region = ?,
             rural = ?, updated_at = ?
       WHERE id = ?)sql");
    auto& q = *m_update;
    q.reset();
    q.bind(1, p.name);
    q.bind(2, util::name_key(p.name));
    if (p.email && !p.email->empty())
      q.bind(3, util::normalize_email(*p.email));
    else
      q.bind(3);
    bind_optional(q, 4, p.profession);
    bind_optional(q, 5, p.organization);
    bind_optional(q, 6, p.region);
    q.bind(7, p.rural ? 1 : 0);
    q.bind(8, now_text());
    q.bind(9, p.id);
    q.exec();
  });
}

std::vector<domain::Participant> ParticipantRepo::list(const std::string& search) {
  std::vector<domain::Participant> out;
  m_db.read([&] {
    std::string sql = fmt::format("SELECT {} FROM participant", k_participant_columns);
    if (!search.empty())
      sql += " WHERE instr(name_key, ?1) > 0 OR instr(ifnull(email, ''), ?2) > 0"
             " OR instr(echo_name_key(ifnull(organization, '')), ?1) > 0"
             " OR id IN (SELECT participant_id FROM participant_alias WHERE instr(key, ?1) > 0 OR instr(key, ?2) > 0)";
    sql += " ORDER BY name_key, id";
    SQLite::Statement q(m_db.sql(), sql);
    if (!search.empty()) {
      // instr(x, '') is 1: a search whose name key is empty (only punctuation such as '%' or
      // '_') would match everyone, so an empty key binds NULL, which matches nothing.
      const auto key = util::name_key(search);
      const auto email = util::normalize_email(search);
      if (key.empty())
        q.bind(1);
      else
        q.bind(1, key);
      if (email.empty())
        q.bind(2);
      else
        q.bind(2, email);
    }
    while (q.executeStep()) out.push_back(read_participant(q));
  });
  return out;
}

std::vector<domain::ParticipantAlias> ParticipantRepo::aliases(std::int64_t id) {
  std::vector<domain::ParticipantAlias> out;
  m_db.read([&] {
    SQLite::Statement q(m_db.sql(),
                        "SELECT kind, value FROM participant_alias WHERE participant_id = ? ORDER BY kind, id");
    q.bind(1, id);
    while (q.executeStep()) out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString()});
  });
  return out;
}

bool ParticipantRepo::add_alias(std::int64_t id, const std::string& kind, const std::string& value) {
  const auto key = kind == "email" ? util::normalize_email(value) : util::name_key(value);
  if (kind == "email") {
    if (auto owner = by_email(key)) {
      if (*owner == id) return false;
      throw Error(Exit::failure, fmt::format("the email {} already belongs to participant {}", key, *owner));
    }
  }
  return m_db.read([&] {
    SQLite::Statement exists(m_db.sql(), R"sql(
      SELECT 1 FROM participant WHERE id = ?1 AND ((?2 = 'name' AND name_key = ?3))
      UNION ALL
      SELECT 1 FROM participant_alias WHERE participant_id = ?1 AND kind = ?2 AND key = ?3)sql");
    exists.bind(1, id);
    exists.bind(2, kind);
    exists.bind(3, key);
    if (exists.executeStep()) return false;
    SQLite::Statement q(m_db.sql(), "INSERT INTO participant_alias (participant_id, kind, value, key, created_at) "
                                    "VALUES (?, ?, ?, ?, ?)");
    q.bind(1, id);
    q.bind(2, kind);
    q.bind(3, util::trim(value));
    q.bind(4, key);
    q.bind(5, now_text());
    q.exec();
    return true;
  });
}

MergeCounts ParticipantRepo::merge(std::int64_t from, std::int64_t into) {
  MergeCounts counts;
  const auto source = get(from);
  auto target = get(into);
  if (!source || !target) throw Error(Exit::failure, "no such participant");
  m_db.read([&] {
    auto& sql = m_db.sql();
    const auto now = now_text();
    // Sessions both attended: keep into's row, with from's intervals, the larger minutes and
    // the stronger role.
    {
      SQLite::Statement q(sql, R"sql(
        SELECT f.id, t.id FROM attendance f JOIN attendance t
            ON t.session_id = f.session_id AND t.participant_id = ?2
         WHERE f.participant_id = ?1)sql");
      q.bind(1, from);
      q.bind(2, into);
      std::vector<std::pair<std::int64_t, std::int64_t>> pairs;
      while (q.executeStep()) pairs.emplace_back(q.getColumn(0).getInt64(), q.getColumn(1).getInt64());
      SQLite::Statement move_intervals(sql,
                                       "UPDATE attendance_interval SET attendance_id = ?2 WHERE attendance_id = ?1");
      SQLite::Statement combine(sql, fmt::format(R"sql(
        UPDATE attendance SET
          minutes = max(minutes, (SELECT minutes FROM attendance WHERE id = ?1)),
          role = CASE WHEN (SELECT {0} FROM attendance WHERE id = ?1) > {0}
                      THEN (SELECT role FROM attendance WHERE id = ?1) ELSE role END,
          updated_at = ?3
        WHERE id = ?2)sql",
                                                 rules::role_rank("role")));
      SQLite::Statement drop(sql, "DELETE FROM attendance WHERE id = ?");
      for (const auto& [f, t] : pairs) {
        move_intervals.bind(1, f);
        move_intervals.bind(2, t);
        move_intervals.exec();
        move_intervals.reset();
        combine.bind(1, f);
        combine.bind(2, t);
        combine.bind(3, now);
        combine.exec();
        combine.reset();
        drop.bind(1, f);
        drop.exec();
        drop.reset();
        ++counts.attendance_merged;
      }
    }
    {
      SQLite::Statement q(sql, "UPDATE attendance SET participant_id = ?2, updated_at = ?3 WHERE participant_id = ?1");
      q.bind(1, from);
      q.bind(2, into);
      q.bind(3, now);
      counts.attendance_moved = q.exec();
    }
    {
      SQLite::Statement dup(sql, R"sql(
        DELETE FROM session_person WHERE participant_id = ?1
           AND EXISTS (SELECT 1 FROM session_person o WHERE o.session_id = session_person.session_id
                          AND o.role = session_person.role AND o.participant_id = ?2))sql");
      dup.bind(1, from);
      dup.bind(2, into);
      dup.exec();
      SQLite::Statement q(sql, "UPDATE session_person SET participant_id = ?2 WHERE participant_id = ?1");
      q.bind(1, from);
      q.bind(2, into);
      counts.roles_moved = q.exec();
    }
    {
      SQLite::Statement q(sql, "UPDATE case_presentation SET presenter_id = ?2 WHERE presenter_id = ?1");
      q.bind(1, from);
      q.bind(2, into);
      counts.cases_moved = q.exec();
    }
    {
      // Registrations go with the person; one both had is kept once (into's).
      SQLite::Statement dup(sql, R"sql(
        DELETE FROM registration WHERE participant_id = ?1
           AND EXISTS (SELECT 1 FROM registration o WHERE o.participant_id = ?2
                          AND o.session_id IS registration.session_id AND o.series_id IS registration.series_id))sql");
      dup.bind(1, from);
      dup.bind(2, into);
      dup.exec();
      SQLite::Statement q(sql, "UPDATE registration SET participant_id = ?2 WHERE participant_id = ?1");
      q.bind(1, from);
      q.bind(2, into);
      q.exec();
    }
    {
      SQLite::Statement q(sql,
                          "UPDATE unmatched_row SET resolved_participant_id = ?2 WHERE resolved_participant_id = ?1");
      q.bind(1, from);
      q.bind(2, into);
      q.exec();
    }
    {
      SQLite::Statement dup(sql, R"sql(
        DELETE FROM participant_alias WHERE participant_id = ?1
           AND EXISTS (SELECT 1 FROM participant_alias o WHERE o.participant_id = ?2 AND o.kind = participant_alias.kind
                          AND o.key = participant_alias.key))sql");
      dup.bind(1, from);
      dup.bind(2, into);
      dup.exec();
      SQLite::Statement q(sql, "UPDATE participant_alias SET participant_id = ?2 WHERE participant_id = ?1");
      q.bind(1, from);
      q.bind(2, into);
      q.exec();
    }
    // The email must leave `from` before it can become an alias of `into`.
    SQLite::Statement drop(sql, "DELETE FROM participant WHERE id = ?");
    drop.bind(1, from);
    drop.exec();
    // from's rows are into's now: into's first participation may be earlier.
    refresh_first_participation(m_db, {}, {from, into});
  });
  if (source->email && add_alias(into, "email", *source->email)) ++counts.aliases_added;
  if (!source->name.empty() && add_alias(into, "name", source->name)) ++counts.aliases_added;
  if (!target->profession) target->profession = source->profession;
  if (!target->organization) target->organization = source->organization;
  if (!target->region) target->region = source->region;
  if (target->name.empty()) target->name = source->name;
  if (!target->email && source->email) {
    // into had no email: from's becomes its email instead of an alias.
    m_db.read([&] {
      SQLite::Statement q(m_db.sql(),
                          "DELETE FROM participant_alias WHERE participant_id = ? AND kind = 'email' AND key = ?");
      q.bind(1, into);
      q.bind(2, *source->email);
      if (q.exec() > 0) --counts.aliases_added;
    });
    target->email = source->email;
  }
  update(*target);
  return counts;
}

ParticipantRepo::Dependents ParticipantRepo::dependents(std::int64_t id) {
  return m_db.read([&] {
    SQLite::Statement q(m_db.sql(), "SELECT (SELECT count(*) FROM attendance WHERE participant_id = ?1), "
                                    "(SELECT count(*) FROM session_person WHERE participant_id = ?1), "
                                    "(SELECT count(*) FROM case_presentation WHERE presenter_id = ?1)");
    q.bind(1, id);
    q.executeStep();
    return Dependents{q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getInt64()};
  });
}

void ParticipantRepo::anonymise(std::int64_t id) {
  m_db.read([&] {
    SQLite::Statement p(m_db.sql(), "UPDATE participant SET name = 'Anonymised participant', name_key = '', "
                                    "email = NULL, profession = NULL, organization = NULL, updated_at = ?2 "
                                    "WHERE id = ?1");
    p.bind(1, id);
    p.bind(2, now_text());
    p.exec();
    for (const char* sql : {"DELETE FROM participant_alias WHERE participant_id = ?1",
                            "DELETE FROM unmatched_row WHERE resolved_participant_id = ?1"}) {
      SQLite::Statement q(m_db.sql(), sql);
      q.bind(1, id);
      q.exec();
    }
  });
}

void ParticipantRepo::remove(std::int64_t id) {
  m_db.read([&] {
    for (const char* sql :
         {"DELETE FROM unmatched_row WHERE resolved_participant_id = ?1",
          "DELETE FROM participant_alias WHERE participant_id = ?1", "DELETE FROM participant WHERE id = ?1"}) {
      SQLite::Statement q(m_db.sql(), sql);
      q.bind(1, id);
      q.exec();
    }
  });
}

} // namespace echo::db
