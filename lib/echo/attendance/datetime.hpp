#pragma once
// Date-times as Zoom and other attendance exports write them, read as local wall-clock times.

#include "echo/util/time.hpp"

#include <optional>
#include <string_view>

namespace echo::attendance {

// Parses, with 12-hour (AM/PM) or 24-hour times and optional seconds:
//   09/24/2020 11:35:16 AM   (MM/DD/YYYY, Zoom's US style)
//   Mar 28, 2020 08:07:27    (abbreviated or full English month names)
//   2020-09-24 11:35:16      (ISO, 'T' allowed between date and time)
// nullopt when the text is none of these or names no real day/time (02/30/2020, 13:00 PM).
std::optional<util::LocalSeconds> parse_export_time(std::string_view text);

} // namespace echo::attendance
