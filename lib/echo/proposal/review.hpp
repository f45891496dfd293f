#pragma once
// Review scores: "criterion=score" options checked against the criteria the config names.

#include <string>
#include <vector>

namespace echo::proposal {

struct Score {
  std::string criterion;
  int score = 0;
};

constexpr int k_min_score = 1;
constexpr int k_max_score = 5;

// Parses --score values. Error(usage) when a value is not CRITERION=INTEGER; Error(data) for an
// unknown criterion (with a did-you-mean), a score outside 1..5 or a criterion given twice.
std::vector<Score> parse_scores(const std::vector<std::string>& specs, const std::vector<std::string>& criteria);

struct Mean {
  std::string criterion;
  double mean = 0;
  int reviewers = 0;
};

} // namespace echo::proposal
