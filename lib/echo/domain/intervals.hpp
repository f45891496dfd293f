#pragma once
// The union of join-leave intervals: a person's time in a meeting counted once however many
// times they rejoined or on how many devices they sat.

#include "echo/util/time.hpp"

#include <cstdint>
#include <vector>

namespace echo::domain {

struct Interval {
  util::SysSeconds join;
  util::SysSeconds leave; // >= join
};

// Seconds covered by the union of the intervals (any order; overlaps and touching counted once).
std::int64_t union_seconds(std::vector<Interval> intervals);

// Minutes for a number of seconds: rounded to the nearest minute, half a minute up
// (29 s -> 0, 30 s -> 1, 90 s -> 2).
std::int64_t seconds_to_minutes(std::int64_t seconds);

// Union over intervals that arrive sorted by join time, in constant memory.
class SortedUnion {
public:
  // Adds the next interval; its join must not be earlier than the previous one's.
  void add(const Interval& interval);
  // Seconds covered so far.
  [[nodiscard]] std::int64_t seconds() const;
  void reset() { *this = SortedUnion{}; }

private:
  bool m_open = false;
  util::SysSeconds m_start{};
  util::SysSeconds m_end{};
  std::int64_t m_closed = 0;
};

} // namespace echo::domain
