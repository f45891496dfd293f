#pragma once
// Date-times as Zoom and other attendance exports write them, read as local wall-clock times.

#include "echo/util/time.hpp"

#include <optional>
#include <string_view>
#include <utility>

namespace echo::attendance {

// How a date N/N/YYYY is read: month first (US) or day first (most other locales).
enum class DateOrder { mdy, dmy };

// "mdy", "dmy"
std::string_view date_order_name(DateOrder order);
std::optional<DateOrder> parse_date_order(std::string_view text);

// Parses, with 12-hour (AM/PM) or 24-hour times and optional seconds:
//   09/24/2020 11:35:16 AM   (MM/DD/YYYY, Zoom's US style; DD/MM/YYYY with DateOrder::dmy)
//   Mar 28, 2020 08:07:27    (abbreviated or full English month names)
//   2020-09-24 11:35:16      (ISO, 'T' allowed between date and time)
//   2020/9/24 11:35          (year first: Japanese and Chinese locales)
// nullopt when the text is none of these or names no real day/time (02/30/2020, 13:00 PM).
std::optional<util::LocalSeconds> parse_export_time(std::string_view text, DateOrder order = DateOrder::mdy);

// The first two numbers of an N/N/YYYY date (either order), nullopt for any other form.
std::optional<std::pair<int, int>> slash_date_fields(std::string_view text);

} // namespace echo::attendance
