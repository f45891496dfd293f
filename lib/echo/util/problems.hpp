#pragma once
// Collects every problem found in an input file so that one error lists them all (capped).

#include "echo/error.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace echo::util {

class Problems {
public:
  explicit Problems(std::string file, std::size_t cap = 50) : m_file(std::move(file)), m_cap(cap) {}

  // Records "file:line: message" (line 0 = no line, column 0 = no column).
  void add(std::size_t line, const std::string& message, std::size_t column = 0);
  // Records a problem that has its own location text, e.g. "UID abc@x".
  void add_at(const std::string& where, const std::string& message);

  [[nodiscard]] bool empty() const noexcept { return m_count == 0; }
  [[nodiscard]] std::size_t count() const noexcept { return m_count; }
  [[nodiscard]] const std::string& file() const noexcept { return m_file; }

  // The whole report: a first line naming the file and count, then one line per problem.
  [[nodiscard]] std::string message() const;
  // Adds the other's problems after these (same cap).
  void merge(const Problems& other);
  // Throws Error(code, message()) when any problem was recorded.
  void throw_if_any(Exit code = Exit::data) const;

private:
  std::string m_file;
  std::size_t m_cap;
  std::size_t m_count = 0;
  std::vector<std::string> m_lines;
};

} // namespace echo::util
