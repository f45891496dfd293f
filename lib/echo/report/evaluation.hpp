#pragma once
// `report evaluation`: the figures of survey evaluations (response rate, per-item n, mean,
// median and distribution, pre/post change, by profession) from the scored answers, their
// tables, JSON and HTML page. Pure: the answers come from db::EvaluationRepo. Free-text answers
// are never part of these figures. See man/echoctl-report.1, EVALUATION.

#include "echo/domain/evaluation.hpp"
#include "echo/report/html.hpp"
#include "echo/report/report.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace echo::report {

// The scored answers live in domain/evaluation.hpp (db/ fills them).
using domain::EvaluationAnswer;

struct EvaluationItem {
  std::string item, level, phase, scale;
  std::vector<std::string> labels; // in scale order (empty: the scale's codes)
  std::int64_t n = 0;
  double mean = 0;                        // 2 decimals
  double median = 0;                      // the middle score, or the mean of the two middle ones
  std::vector<std::int64_t> distribution; // answers per scale point, lowest score first
};

struct EvaluationChange {
  std::string item;
  std::int64_t n = 0; // matched pairs; 0: no pair, the means are of all pre and all post answers
  double pre_mean = 0;
  double post_mean = 0;
};

struct EvaluationProfession {
  std::string profession; // "(unknown)" when neither the response nor the participant says
  std::string item, phase;
  std::int64_t n = 0;
  double mean = 0;
};

struct EvaluationFigures {
  std::int64_t attendees = 0;
  std::int64_t responses = 0;                      // responses with at least one post answer
  std::optional<double> response_rate;             // responses / attendees, 4 decimals; null without attendees
  std::vector<EvaluationItem> items;               // in the order the maps declare them
  std::vector<EvaluationChange> changes;           // items with both a pre and a post phase
  std::vector<EvaluationProfession> by_profession; // when any respondent's profession is known
  std::vector<std::string> warnings;
};

// The figures. Median and mean over the scored answers of each (item, phase); an answer of an
// item whose scale differs from the item's first import is left out with a warning. Pre and
// post answers pair when they come from the same participant (or the same response, when not
// linked) within the same session or series.
EvaluationFigures evaluation_figures(const std::vector<EvaluationAnswer>& answers, std::int64_t attendees,
                                     std::int64_t responses);

// The median of some values (0 when empty).
double median_of(std::vector<double> values);

nlohmann::ordered_json evaluation_json(const EvaluationFigures& figures);
Grid evaluation_summary_grid(const EvaluationFigures& figures);
Grid evaluation_items_grid(const EvaluationFigures& figures);
Grid evaluation_changes_grid(const EvaluationFigures& figures);
Grid evaluation_profession_grid(const EvaluationFigures& figures);

namespace html {
// Diverging bars for Likert items: disagreement left of the centre line, agreement right, the
// middle answer split across it; one row per item, an inline <svg>.
std::string diverging_chart(const std::string& title, const std::vector<EvaluationItem>& items);
std::string evaluation_page(const Meta& meta, const EvaluationFigures& figures);
} // namespace html

} // namespace echo::report
