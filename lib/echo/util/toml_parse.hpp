#pragma once
// toml::parse with a bound on dotted keys, for every TOML reader (config, proposals, schedules).

#include "echo/util/validate.hpp"

#include <toml++/toml.h>

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace echo::util {

// Parts of a dotted key or table name ("a.b.c" has 3) above which a TOML file is refused: toml++
// makes one nested table per part and frees them recursively, so 100,000 parts overflow the
// stack. (Values nested in arrays and inline tables are bounded by toml++ itself at 256.)
inline constexpr std::size_t k_max_key_parts = 64;

// Where a dotted key or table name has more than max_parts parts (strings and comments
// skipped), or nullopt. Linear and without recursion.
std::optional<TextPosition> toml_key_too_deep(std::string_view text, std::size_t max_parts = k_max_key_parts);

// toml::parse(text, source) after the check above; a key too deep throws toml::parse_error at it,
// as toml++ does for its own errors.
toml::table parse_toml(std::string_view text, std::string_view source);

// A table's entries in the order they are written (toml++ keeps them sorted by key), so that
// problems are listed in file order.
std::vector<std::pair<const toml::key*, const toml::node*>> in_file_order(const toml::table& t);

} // namespace echo::util
