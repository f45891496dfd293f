#pragma once
// Survey evaluations (tables evaluation_import, evaluation_item, evaluation_response,
// evaluation_answer): the writes of `evaluation import` and the reads of `evaluation list`,
// `evaluation export` and `report evaluation`.

#include "echo/db/database.hpp"
#include "echo/domain/evaluation.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace echo::db {

// Which imports a read covers: one session's, one series' (its own and its sessions'), or all.
struct EvaluationScope {
  std::optional<std::int64_t> session_id;
  std::optional<std::int64_t> series_id;
};

struct EvaluationImportRow {
  std::int64_t id = 0;
  std::string file;
  std::string layout;
  std::string scope; // CODE/N of the session, or the series' code
  std::int64_t responses = 0;
  std::int64_t linked = 0; // responses linked to a participant
  bool anonymised = false;
  std::string imported_at;
  std::string imported_by;
};

struct NewEvaluationItem {
  std::string item, column, level, scale, phase;
  std::string labels_json = "[]";
};

// One answer, for `evaluation export`.
struct EvaluationAnswerRow {
  std::string file;
  std::string scope;
  std::int64_t response = 0;
  std::optional<std::string> email;
  std::optional<std::string> profession;
  std::string item, phase, level, scale;
  std::string answer;
  std::optional<double> score;
};

class EvaluationRepo {
public:
  explicit EvaluationRepo(Database& db) : m_db(db) {}

  // An earlier import of the same file (by content) for the same session or series.
  std::optional<std::int64_t> find_import(const std::string& sha256, std::optional<std::int64_t> session_id,
                                          std::optional<std::int64_t> series_id);
  // Deletes an import with its items, responses and answers.
  void delete_import(std::int64_t id);
  std::int64_t insert_import(const std::string& file, const std::string& sha256, const std::string& layout,
                             std::optional<std::int64_t> session_id, std::optional<std::int64_t> series_id,
                             bool anonymised, std::int64_t responses, const std::string& at, const std::string& by);
  std::int64_t insert_item(std::int64_t import_id, int position, const NewEvaluationItem& item);
  std::int64_t insert_response(std::int64_t import_id, std::int64_t line, std::optional<std::int64_t> participant_id,
                               const std::optional<std::string>& email, const std::optional<std::string>& profession);
  void insert_answer(std::int64_t response_id, std::int64_t item_id, const std::string& answer,
                     std::optional<double> score);
  // A participant's profession (nullopt when blank).
  std::optional<std::string> participant_profession(std::int64_t participant_id);

  // Imports, oldest first.
  std::vector<EvaluationImportRow> list(const EvaluationScope& scope);
  // Every answer (free text included), by import, response and item order.
  std::vector<EvaluationAnswerRow> answers(const EvaluationScope& scope);
  // Every scored answer, by import, item order and response.
  std::vector<domain::EvaluationAnswer> scored(const EvaluationScope& scope);
  // Responses with at least one post answer.
  std::int64_t responses(const EvaluationScope& scope);
  // Participants (role participant) who attended: the session's for a session scope, else the
  // sum over the sessions and series that have an evaluation import in the scope (a series
  // counts each participant once across its sessions that were not cancelled).
  std::int64_t attendees(const EvaluationScope& scope);

private:
  Database& m_db;
  // The statements an import runs once per response and per answer, prepared once.
  std::unique_ptr<SQLite::Statement> m_insert_response;
  std::unique_ptr<SQLite::Statement> m_insert_answer;
};

} // namespace echo::db
