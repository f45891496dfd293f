#pragma once
// The union of join-leave intervals: now in domain/intervals.hpp (db/ uses it too); the names
// stay reachable as echo::attendance::*.

#include "echo/domain/intervals.hpp"

namespace echo::attendance {

using domain::Interval;
using domain::seconds_to_minutes;
using domain::SortedUnion;
using domain::union_seconds;

} // namespace echo::attendance
