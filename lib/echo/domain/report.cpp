#include "echo/domain/report.hpp"

#include <algorithm>
#include <cmath>

namespace echo::domain {

double round_to(double value, int places) {
  const double scale = std::pow(10.0, places);
  return std::round(value * scale) / scale;
}

double Figures::average_attendance() const {
  return sessions_held == 0 ? 0.0
                            : round_to(static_cast<double>(participations) / static_cast<double>(sessions_held), 2);
}

double Figures::learning_hours() const { return round_to(static_cast<double>(minutes) / 60.0, 2); }

double Figures::rural_share() const {
  return unique_participants == 0
             ? 0.0
             : round_to(static_cast<double>(rural_participants) / static_cast<double>(unique_participants), 4);
}

void sort_breakdown(std::vector<Breakdown>& rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const Breakdown& a, const Breakdown& b) {
    const bool ua = a.name == k_unknown;
    const bool ub = b.name == k_unknown;
    if (ua != ub) return ub;
    if (a.participants != b.participants) return a.participants > b.participants;
    return a.name < b.name;
  });
}

} // namespace echo::domain
