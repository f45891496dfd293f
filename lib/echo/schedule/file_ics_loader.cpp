// parse_ics and iana_zone_for_tzid through the ICS module (ics_module.hpp), loaded on first use.

#include "echo/schedule/ics_module.hpp"
#include "echo/schedule/schedule_file.hpp"
#include "echo/util/module.hpp"

namespace echo::schedule {

ScheduleFile parse_ics(std::string_view text, const std::string& file, util::Problems* sink) {
  return util::module<IcsModule>("ics").parse(text, file, sink);
}

std::optional<std::string> iana_zone_for_tzid(const std::string& tzid) {
  return util::module<IcsModule>("ics").iana_zone_for_tzid(tzid);
}

std::string key_from_uid(const std::string& uid, const std::string& recurrence_id, const std::string& series_code) {
  std::string key = uid;
  const std::string own = "." + series_code + "@echo";
  if (key.size() > own.size() && key.ends_with(own)) key.resize(key.size() - own.size());
  if (!recurrence_id.empty()) key += "#" + recurrence_id;
  return key;
}

} // namespace echo::schedule
