#pragma once
// Settings of echo: discovered, parsed strictly from TOML, merged with environment and flags,
// each value remembering where it came from.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace echo::config {

// [[regions]]: the areas the hub serves, with the denominators `report reach` divides by.
struct Region {
  std::string name;
  std::vector<std::string> aliases;       // other spellings participants' region values use
  std::optional<std::int64_t> population; // people living there
  std::optional<std::int64_t> providers;  // care providers working there, when known
  std::optional<double> rural;            // share of the region that is rural, 0..1 (true = 1)
};

// [professions]: "RN" = "Registered Nurse": a spelling and the profession it counts as.
struct ProfessionAlias {
  std::string alias;
  std::string profession;
};

// [[competencies]]: a competency domain the hub teaches to (series and sessions are tagged).
struct Competency {
  std::string code;
  std::string title;
};

struct Config {
  std::filesystem::path file; // the config file read; empty when none
  std::filesystem::path database_path;
  int busy_timeout_ms = 5000;
  std::string hub_name;
  std::string hub_timezone = "UTC";
  int session_minutes = 60;
  double credit_hours = 1.0;
  int attendance_min_minutes = 45;
  std::string attendance_date_order = "auto"; // "auto", "mdy" or "dmy": N/N/YYYY dates in imports
  // Names the hub adds to the built-in generic ones (callers, devices, rooms, "Zoom user").
  std::vector<std::string> attendance_generic_names;
  double certificate_min_percent = 75.0;
  // [certificates]: what a printed certificate shows besides the register's facts. Image paths
  // (PNG or SVG) are absolute once loaded (a relative one is relative to the config file).
  std::filesystem::path certificate_logo;
  std::string certificate_statement;
  std::string certificate_signatory;
  std::filesystem::path certificate_signature;
  std::vector<std::string> proposal_criteria{"need", "feasibility", "capacity", "evaluation"};
  // Reference data of the outcome reports; empty unless the config file sets them.
  std::vector<Region> regions;
  std::vector<ProfessionAlias> professions;
  std::vector<Competency> competencies;
  double reach_gap_threshold = 0; // [reach] gap_threshold: participants per 100,000 population

  // A setting's value as JSON gives it: text, an integer, a number or a list of text; none when
  // the key has no value of its own (a table).
  using Value = std::variant<std::monostate, std::string, std::int64_t, double, std::vector<std::string>>;
  struct Entry {
    std::string key;
    std::string value;  // as TOML would write it
    std::string source; // "default", "FILE:LINE:COL", "env ECHO_DATABASE", "flag --database", ...
    Value typed;        // the value, typed (for JSON output)
  };
  // Every setting with its effective value and source, in a stable order.
  std::vector<Entry> entries;
  [[nodiscard]] const Entry* entry(const std::string& key) const;
  // The date order an import reads N/N/YYYY dates in: the --date-order flag when given, else
  // [attendance] date_order; empty for "auto" (decided from the file).
  [[nodiscard]] std::string import_date_order(const std::string& flag) const;
};

struct LoadOptions {
  std::optional<std::string> config_flag;   // --config
  bool no_config = false;                   // --no-config
  std::optional<std::string> database_flag; // --database
  // Environment lookup; defaults to std::getenv.
  std::function<std::optional<std::string>(const char*)> getenv;
};

// Which config file applies and why ("--config", "ECHO_CONFIG", "./echo.toml", ...); nullopt
// when none is found. Error(config) when --config or ECHO_CONFIG names a missing file.
struct Discovered {
  std::filesystem::path path;
  std::string how;
};
std::optional<Discovered> discover(const LoadOptions& options);

// Discovers, parses and validates; Error(config) naming file:line:column and the key.
Config load(const LoadOptions& options);

// Parses and validates one config file on top of the defaults (no env, no flags).
Config load_file(const std::filesystem::path& path);

// The default database path when no config sets one: $XDG_DATA_HOME/echo/echo.db.
std::filesystem::path default_database_path(const LoadOptions& options);

// The commented template that `echo init` writes (config/echo.toml, compiled in).
const std::string& config_template();

// Every key a config file may set, "table.key" (the reference tables [[regions]], [professions]
// and [[competencies]] besides).
const std::vector<std::string>& known_keys();

} // namespace echo::config
