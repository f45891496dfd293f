#include "echo/domain/intervals.hpp"

#include <algorithm>

namespace echo::domain {

void SortedUnion::add(const Interval& interval) {
  if (!m_open) {
    m_open = true;
    m_start = interval.join;
    m_end = interval.leave;
    return;
  }
  if (interval.join <= m_end) {
    m_end = std::max(m_end, interval.leave);
    return;
  }
  m_closed += (m_end - m_start).count();
  m_start = interval.join;
  m_end = interval.leave;
}

std::int64_t SortedUnion::seconds() const { return m_closed + (m_open ? (m_end - m_start).count() : 0); }

std::int64_t union_seconds(std::vector<Interval> intervals) {
  std::sort(intervals.begin(), intervals.end(), [](const Interval& a, const Interval& b) { return a.join < b.join; });
  SortedUnion u;
  for (const auto& i : intervals) u.add(i);
  return u.seconds();
}

std::int64_t seconds_to_minutes(std::int64_t seconds) { return seconds <= 0 ? 0 : (seconds + 30) / 60; }

} // namespace echo::domain
