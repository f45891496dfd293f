#pragma once
// The ICS reader is a module (echo-ics.so, util/module.hpp): it alone needs libical and ICU.
// file_ics.cpp is the module; file_ics_loader.cpp defines parse_ics and iana_zone_for_tzid of
// schedule_file.hpp by calling through this table.

#include "echo/schedule/schedule_file.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace echo::schedule {

struct IcsModule {
  ScheduleFile (*parse)(std::string_view text, const std::string& file, util::Problems* sink);
  std::optional<std::string> (*iana_zone_for_tzid)(const std::string& tzid);
};

} // namespace echo::schedule
