#pragma once
// CLI11 validators shared by several subcommands.

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace echo::cli {

// A finite number (for --credit-hours and the like): CLI11 reads "nan" and "inf" as doubles,
// which the database then refuses (NOT NULL) or shows as null. A malformed value is a usage
// error (2); the range is checked with the other values (65).
CLI::Validator finite_number();

// A file name that is not empty: `-o ''` is a usage error (2), not standard output.
CLI::Validator non_empty_file();

// --timezone TZ and --date-order mdy|dmy: how an import reads the times and dates of an export
// (attendance and registration reports alike).
void add_export_time_options(CLI::App& cmd, std::string& timezone, std::string& date_order);

class Context;

// The competency codes of the config ([[competencies]]), in their configured order.
std::vector<std::string> competency_codes(Context& ctx);

// --domain CODE (repeatable, or comma-separated) and --no-domain on `cmd`; `values` receives the
// codes, `clear` the flag. `--domain ''` clears as well.
void add_domain_options(CLI::App& cmd, std::vector<std::string>& values, bool& clear, bool replaces);
// The domains the options set, resolved against the config (an unknown code is a usage error
// naming it and the known ones); nullopt when neither option was given.
std::optional<std::vector<std::string>> domains_given(Context& ctx, const CLI::App& cmd,
                                                      const std::vector<std::string>& values, bool clear);

} // namespace echo::cli
