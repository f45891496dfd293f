#include "echo/proposal/review.hpp"

#include "echo/error.hpp"
#include "echo/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace echo::proposal {

std::vector<Score> parse_scores(const std::vector<std::string>& specs, const std::vector<std::string>& criteria) {
  std::vector<Score> out;
  for (const auto& spec : specs) {
    const auto eq = spec.find('=');
    const auto criterion = util::ascii_lower(util::trim(spec.substr(0, std::min(eq, spec.size()))));
    const auto value = eq == std::string::npos ? std::string() : util::trim(spec.substr(eq + 1));
    int score = 0;
    const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), score);
    if (eq == std::string::npos || criterion.empty() || value.empty() || ec != std::errc() ||
        ptr != value.data() + value.size())
      throw Error(Exit::usage, fmt::format("--score \"{}\": use CRITERION=SCORE with a whole number, e.g. --score {}=4",
                                           spec, criteria.empty() ? std::string("need") : criteria.front()));
    if (std::find(criteria.begin(), criteria.end(), criterion) == criteria.end()) {
      std::string hint;
      if (auto m = util::closest_match(criterion, criteria)) hint = fmt::format("did you mean '{}'? ", *m);
      throw Error(Exit::data, fmt::format("--score \"{}\": unknown criterion '{}' ({}criteria: {})", spec, criterion,
                                          hint, util::join(criteria, ", ")));
    }
    if (score < k_min_score || score > k_max_score)
      throw Error(Exit::data,
                  fmt::format("--score \"{}\": a score is {} to {}, not {}", spec, k_min_score, k_max_score, score));
    for (const auto& s : out)
      if (s.criterion == criterion)
        throw Error(Exit::data, fmt::format("--score: criterion '{}' is given twice", criterion));
    out.push_back({criterion, score});
  }
  return out;
}

} // namespace echo::proposal
