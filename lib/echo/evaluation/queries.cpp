#include "echo/evaluation/queries.hpp"

#include "echo/db/lookup.hpp"

namespace echo::evaluation {

namespace {

db::EvaluationScope resolve(db::Database& db, const Scope& scope) {
  db::EvaluationScope resolved;
  if (!scope.session.empty()) resolved.session_id = db::find_session(db, scope.session).id;
  if (!scope.series.empty()) resolved.series_id = db::find_series(db, scope.series).id;
  return resolved;
}

} // namespace

std::vector<ImportRow> list_imports(db::Database& db, const Scope& scope) {
  const auto resolved = resolve(db, scope);
  return db::EvaluationRepo(db).list(resolved);
}

std::vector<AnswerRow> answers(db::Database& db, const Scope& scope) {
  const auto resolved = resolve(db, scope);
  return db::EvaluationRepo(db).answers(resolved);
}

} // namespace echo::evaluation
