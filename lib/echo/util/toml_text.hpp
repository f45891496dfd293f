#pragma once
// Words for TOML values in error messages, shared by every TOML reader (config, proposals,
// schedules).

#include <toml++/toml.h>

namespace echo::util {

// "a string", "an integer", "a number", "a date", ... for "must be X, not Y" messages.
inline const char* toml_type_name(const toml::node& node) {
  switch (node.type()) {
  case toml::node_type::string: return "a string";
  case toml::node_type::integer: return "an integer";
  case toml::node_type::floating_point: return "a number";
  case toml::node_type::boolean: return "a boolean";
  case toml::node_type::array: return "an array";
  case toml::node_type::table: return "a table";
  case toml::node_type::date: return "a date";
  case toml::node_type::time: return "a time";
  case toml::node_type::date_time: return "a date-time";
  default: return "nothing";
  }
}

} // namespace echo::util
