#pragma once
// The read commands of evaluations: `evaluation list` (the imports) and `evaluation export` (every
// answer). Each takes the database and a scope and returns plain rows; the command line only
// parses and renders.

#include "echo/db/database.hpp"
#include "echo/db/evaluation_repo.hpp"

#include <string>
#include <vector>

namespace echo::evaluation {

using ImportRow = db::EvaluationImportRow;
using AnswerRow = db::EvaluationAnswerRow;

// Which imports a read covers: one session's, one series' (its own and its sessions'), or all
// (both empty).
struct Scope {
  std::string session; // CODE/N or id
  std::string series;  // code
};

// The evaluation imports of the scope. Errors: failure (unknown session or series), usage (a
// malformed reference).
std::vector<ImportRow> list_imports(db::Database& db, const Scope& scope);

// Every answer of the scope (free text included), by import, response and item order. Errors as
// list_imports.
std::vector<AnswerRow> answers(db::Database& db, const Scope& scope);

} // namespace echo::evaluation
