#include "echo/domain/network.hpp"

#include "echo/domain/report.hpp"

namespace echo::domain {

double Retention::share_of_first(const RetentionPoint& p) const {
  return first_session_attendees == 0
             ? 0.0
             : round_to(static_cast<double>(p.retained_from_first) / static_cast<double>(first_session_attendees), 4);
}

double Retention::share_of_all(const RetentionPoint& p) const {
  return distinct_attendees == 0
             ? 0.0
             : round_to(static_cast<double>(p.attendees) / static_cast<double>(distinct_attendees), 4);
}

} // namespace echo::domain
