#pragma once
// End-to-end harness: runs the built echo binary in a fresh temp dir with an explicit config and
// database, and reads what it printed, its exit code and what is in the database afterwards.

#include "../support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace echo::test {

struct Result {
  int code = -1;
  std::string out;
  std::string err;
};

std::ostream& operator<<(std::ostream& os, const Result& r);

// Runs the echo binary with exactly `args` in `cwd`, with a clean environment (HOME and XDG_*
// inside cwd, no ECHO_* variables, NO_COLOR set) plus `env`, feeding `input` on stdin.
Result run_echo(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                const std::map<std::string, std::string>& env = {}, const std::string& input = "");

// A hub in a fresh temp dir: echo.toml with the given extra TOML and a database path.
class Hub {
public:
  explicit Hub(const std::string& extra_toml = "", const std::string& zone = "America/Vancouver");
  // Runs echo with --config and --database of this hub, then `args`.
  Result run(const std::vector<std::string>& args, const std::string& input = "") const;
  // Runs echo with no implicit options at all (cwd = the hub's directory).
  Result raw(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {}) const;

  [[nodiscard]] const TempDir& dir() const { return m_dir; }
  [[nodiscard]] std::filesystem::path config() const { return m_dir / "echo.toml"; }
  [[nodiscard]] std::filesystem::path database() const { return m_dir / "hub.db"; }
  std::filesystem::path write(const std::string& name, const std::string& content) const {
    return m_dir.write(name, content);
  }

  // Every table's rows as text, for "the database is exactly as it was" checks.
  [[nodiscard]] std::string dump() const;
  // The first column of the first row of a query, as text ("" when no row, "NULL" for null).
  [[nodiscard]] std::string scalar(const std::string& sql) const;
  // All rows of a query, columns joined by '|'.
  [[nodiscard]] std::vector<std::string> rows(const std::string& sql) const;

private:
  TempDir m_dir;
};

// Reads a whole file.
std::string slurp(const std::filesystem::path& path);
// Path of an examples/ or tests/fixtures/ file.
std::filesystem::path fixture(const std::string& name);
std::filesystem::path example(const std::string& name);

} // namespace echo::test
