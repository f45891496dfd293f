#pragma once
// What the evaluation reads of `report evaluation` return: db/evaluation_repo fills it,
// report/evaluation turns it into figures. Free text is never part of it.

#include <cstdint>
#include <optional>
#include <string>

namespace echo::domain {

// One scored answer (free text is never read for reports).
struct EvaluationAnswer {
  std::int64_t import_id = 0;
  std::int64_t response = 0;
  std::optional<std::int64_t> participant_id;
  std::string pair_scope;                // "s<session id>" or "S<series id>": pre and post pair within it
  std::optional<std::string> profession; // the response's, else the linked participant's
  std::string item, level, scale, phase;
  std::string labels_json = "[]";
  double score = 0;
};

} // namespace echo::domain
