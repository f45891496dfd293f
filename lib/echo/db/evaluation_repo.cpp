#include "echo/db/evaluation_repo.hpp"

#include "echo/db/rules.hpp"

#include "echo/db/columns.hpp"

#include <fmt/format.h>

namespace echo::db {

namespace {

// The imports a scope covers, as a condition on evaluation_import aliased `ei`; binds ?1.
std::string scope_where(const EvaluationScope& scope) {
  if (scope.session_id) return "ei.session_id = ?1";
  if (scope.series_id) return "(ei.series_id = ?1 OR ei.session_id IN (SELECT id FROM session WHERE series_id = ?1))";
  return "1";
}

void bind_scope(SQLite::Statement& q, const EvaluationScope& scope) {
  if (scope.session_id)
    q.bind(1, *scope.session_id);
  else if (scope.series_id)
    q.bind(1, *scope.series_id);
}

// CODE/N of the import's session, or its series' code.
const std::string k_scope_text = "coalesce((SELECT " + rules::session_ref("sr", "s") +
                                 " FROM session s JOIN series sr ON sr.id = s.series_id WHERE s.id = ei.session_id), "
                                 "(SELECT code FROM series WHERE id "
                                 "= ei.series_id))";

} // namespace

std::optional<std::int64_t> EvaluationRepo::find_import(const std::string& sha256,
                                                        std::optional<std::int64_t> session_id,
                                                        std::optional<std::int64_t> series_id) {
  SQLite::Statement q(m_db.sql(), "SELECT id FROM evaluation_import WHERE sha256 = ?1 AND session_id IS ?2 AND "
                                  "series_id IS ?3 ORDER BY id LIMIT 1");
  q.bind(1, sha256);
  if (session_id) q.bind(2, *session_id);
  if (series_id) q.bind(3, *series_id);
  if (q.executeStep()) return q.getColumn(0).getInt64();
  return std::nullopt;
}

void EvaluationRepo::delete_import(std::int64_t id) {
  // Children first and explicitly: imports may run with foreign-key enforcement off.
  SQLite::Statement a(m_db.sql(), "DELETE FROM evaluation_answer WHERE response_id IN (SELECT id FROM "
                                  "evaluation_response WHERE import_id = ?1)");
  a.bind(1, id);
  a.exec();
  for (const char* sql :
       {"DELETE FROM evaluation_response WHERE import_id = ?1", "DELETE FROM evaluation_item WHERE import_id = ?1",
        "DELETE FROM evaluation_import WHERE id = ?1"}) {
    SQLite::Statement q(m_db.sql(), sql);
    q.bind(1, id);
    q.exec();
  }
}

std::int64_t EvaluationRepo::insert_import(const std::string& file, const std::string& sha256,
                                           const std::string& layout, std::optional<std::int64_t> session_id,
                                           std::optional<std::int64_t> series_id, bool anonymised,
                                           std::int64_t responses, const std::string& at, const std::string& by) {
  SQLite::Statement q(m_db.sql(), "INSERT INTO evaluation_import (file, sha256, layout, session_id, series_id, "
                                  "anonymised, responses, imported_at, imported_by) VALUES (?,?,?,?,?,?,?,?,?)");
  q.bind(1, file);
  q.bind(2, sha256);
  q.bind(3, layout);
  if (session_id) q.bind(4, *session_id);
  if (series_id) q.bind(5, *series_id);
  q.bind(6, anonymised ? 1 : 0);
  q.bind(7, responses);
  q.bind(8, at);
  q.bind(9, by);
  q.exec();
  return m_db.sql().getLastInsertRowid();
}

std::int64_t EvaluationRepo::insert_item(std::int64_t import_id, int position, const NewEvaluationItem& item) {
  SQLite::Statement q(m_db.sql(), "INSERT INTO evaluation_item (import_id, position, item, column_name, level, "
                                  "scale, phase, labels) VALUES (?,?,?,?,?,?,?,?)");
  q.bind(1, import_id);
  q.bind(2, position);
  q.bind(3, item.item);
  q.bind(4, item.column);
  if (!item.level.empty()) q.bind(5, item.level);
  q.bind(6, item.scale);
  q.bind(7, item.phase);
  q.bind(8, item.labels_json);
  q.exec();
  return m_db.sql().getLastInsertRowid();
}

std::int64_t EvaluationRepo::insert_response(std::int64_t import_id, std::int64_t line,
                                             std::optional<std::int64_t> participant_id,
                                             const std::optional<std::string>& email,
                                             const std::optional<std::string>& profession) {
  if (!m_insert_response)
    m_insert_response = std::make_unique<SQLite::Statement>(
        m_db.sql(), "INSERT INTO evaluation_response (import_id, line, participant_id, email, profession) VALUES "
                    "(?,?,?,?,?)");
  auto& q = *m_insert_response;
  q.reset();
  q.clearBindings();
  q.bind(1, import_id);
  q.bind(2, line);
  if (participant_id) q.bind(3, *participant_id);
  if (email) q.bind(4, *email);
  if (profession) q.bind(5, *profession);
  q.exec();
  return m_db.sql().getLastInsertRowid();
}

void EvaluationRepo::insert_answer(std::int64_t response_id, std::int64_t item_id, const std::string& answer,
                                   std::optional<double> score) {
  if (!m_insert_answer)
    m_insert_answer = std::make_unique<SQLite::Statement>(
        m_db.sql(), "INSERT INTO evaluation_answer (response_id, item_id, answer, score) VALUES (?,?,?,?)");
  auto& q = *m_insert_answer;
  q.reset();
  q.clearBindings();
  q.bind(1, response_id);
  q.bind(2, item_id);
  q.bind(3, answer);
  if (score) q.bind(4, *score);
  q.exec();
}

std::optional<std::string> EvaluationRepo::participant_profession(std::int64_t participant_id) {
  SQLite::Statement q(m_db.sql(), "SELECT nullif(trim(profession), '') FROM participant WHERE id = ?1");
  q.bind(1, participant_id);
  if (q.executeStep()) return opt_text(q.getColumn(0));
  return std::nullopt;
}

std::vector<EvaluationImportRow> EvaluationRepo::list(const EvaluationScope& scope) {
  SQLite::Statement q(m_db.sql(),
                      fmt::format("SELECT ei.id, ei.file, ei.layout, {}, ei.responses, (SELECT count(*) FROM "
                                  "evaluation_response r WHERE r.import_id = ei.id AND r.participant_id IS NOT NULL), "
                                  "ei.anonymised, ei.imported_at, ei.imported_by FROM evaluation_import ei WHERE {} "
                                  "ORDER BY ei.id",
                                  k_scope_text, scope_where(scope)));
  bind_scope(q, scope);
  std::vector<EvaluationImportRow> out;
  while (q.executeStep()) {
    EvaluationImportRow r;
    r.id = q.getColumn(0).getInt64();
    r.file = q.getColumn(1).getString();
    r.layout = q.getColumn(2).getString();
    r.scope = q.getColumn(3).getString();
    r.responses = q.getColumn(4).getInt64();
    r.linked = q.getColumn(5).getInt64();
    r.anonymised = q.getColumn(6).getInt() != 0;
    r.imported_at = q.getColumn(7).getString();
    r.imported_by = q.getColumn(8).getString();
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<EvaluationAnswerRow> EvaluationRepo::answers(const EvaluationScope& scope) {
  SQLite::Statement q(
      m_db.sql(),
      fmt::format("SELECT ei.file, {}, r.id, r.email, coalesce(r.profession, (SELECT nullif(trim(p.profession), '') "
                  "FROM participant p WHERE p.id = r.participant_id)), i.item, i.phase, coalesce(i.level, ''), "
                  "i.scale, a.answer, a.score FROM evaluation_import ei JOIN evaluation_response r ON r.import_id = "
                  "ei.id JOIN evaluation_answer a ON a.response_id = r.id JOIN evaluation_item i ON i.id = a.item_id "
                  "WHERE {} ORDER BY ei.id, r.line, i.position",
                  k_scope_text, scope_where(scope)));
  bind_scope(q, scope);
  std::vector<EvaluationAnswerRow> out;
  while (q.executeStep()) {
    EvaluationAnswerRow r;
    r.file = q.getColumn(0).getString();
    r.scope = q.getColumn(1).getString();
    r.response = q.getColumn(2).getInt64();
    r.email = opt_text(q.getColumn(3));
    r.profession = opt_text(q.getColumn(4));
    r.item = q.getColumn(5).getString();
    r.phase = q.getColumn(6).getString();
    r.level = q.getColumn(7).getString();
    r.scale = q.getColumn(8).getString();
    r.answer = q.getColumn(9).getString();
    if (!q.getColumn(10).isNull()) r.score = q.getColumn(10).getDouble();
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<domain::EvaluationAnswer> EvaluationRepo::scored(const EvaluationScope& scope) {
  SQLite::Statement q(
      m_db.sql(),
      fmt::format("SELECT ei.id, r.id, r.participant_id, CASE WHEN ei.session_id IS NOT NULL THEN 's' || "
                  "ei.session_id ELSE 'S' || ei.series_id END, coalesce(r.profession, (SELECT "
                  "nullif(trim(p.profession), '') FROM participant p WHERE p.id = r.participant_id)), i.item, "
                  "coalesce(i.level, ''), i.scale, i.phase, i.labels, a.score FROM evaluation_import ei JOIN "
                  "evaluation_item i ON i.import_id = ei.id JOIN evaluation_answer a ON a.item_id = i.id JOIN "
                  "evaluation_response r ON r.id = a.response_id WHERE {} AND a.score IS NOT NULL ORDER BY ei.id, "
                  "i.position, r.line",
                  scope_where(scope)));
  bind_scope(q, scope);
  std::vector<domain::EvaluationAnswer> out;
  while (q.executeStep()) {
    domain::EvaluationAnswer s;
    s.import_id = q.getColumn(0).getInt64();
    s.response = q.getColumn(1).getInt64();
    s.participant_id = opt_int(q.getColumn(2));
    s.pair_scope = q.getColumn(3).getString();
    s.profession = opt_text(q.getColumn(4));
    s.item = q.getColumn(5).getString();
    s.level = q.getColumn(6).getString();
    s.scale = q.getColumn(7).getString();
    s.phase = q.getColumn(8).getString();
    s.labels_json = q.getColumn(9).getString();
    s.score = q.getColumn(10).getDouble();
    out.push_back(std::move(s));
  }
  return out;
}

std::int64_t EvaluationRepo::responses(const EvaluationScope& scope) {
  SQLite::Statement q(m_db.sql(),
                      fmt::format("SELECT count(*) FROM evaluation_response r JOIN evaluation_import ei ON ei.id = "
                                  "r.import_id WHERE {} AND EXISTS (SELECT 1 FROM evaluation_answer a JOIN "
                                  "evaluation_item i ON i.id = a.item_id WHERE a.response_id = r.id AND i.phase = "
                                  "'post')",
                                  scope_where(scope)));
  bind_scope(q, scope);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

std::int64_t EvaluationRepo::attendees(const EvaluationScope& scope) {
  auto session_count = [](const char* session) {
    return std::string("(SELECT count(*) FROM attendance a WHERE a.session_id = ") + session +
           " AND a.role = 'participant')";
  };
  if (scope.session_id) {
    SQLite::Statement q(m_db.sql(), "SELECT " + session_count("?1"));
    q.bind(1, *scope.session_id);
    q.executeStep();
    return q.getColumn(0).getInt64();
  }
  SQLite::Statement q(
      m_db.sql(),
      fmt::format("WITH scopes AS (SELECT DISTINCT ei.session_id, ei.series_id FROM evaluation_import ei WHERE {}) "
                  "SELECT coalesce(sum(CASE WHEN sc.session_id IS NOT NULL THEN {} ELSE (SELECT count(DISTINCT "
                  "a.participant_id) FROM attendance a JOIN session s ON s.id = a.session_id WHERE s.series_id = "
                  "sc.series_id AND {} AND a.role = 'participant') END), 0) FROM scopes sc",
                  scope_where(scope), session_count("sc.session_id"), rules::not_cancelled("s")));
  bind_scope(q, scope);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

} // namespace echo::db
