#pragma once
// Names that say nothing about who attended: phone callers ("Call-in User_1", "+1 604 555 0199"),
// devices ("iPhone", "iPad", "Galaxy S21"), rooms ("Boardroom", "Zoom Room 2"), "Zoom user",
// and the hub's own list (`[attendance] generic_names`). Such a name never matches a participant
// by name and never becomes an alias: the next caller is someone else.

#include <string>
#include <string_view>
#include <vector>

namespace echo::attendance {

// Whether a display name is generic. `extra` holds the hub's names, compared accent-, case- and
// punctuation-insensitively, with or without a trailing number ("Lab PC" matches "Lab PC 2").
// Never fails.
bool is_generic_name(std::string_view name, const std::vector<std::string>& extra = {});

} // namespace echo::attendance
