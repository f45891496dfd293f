#include "echo/util/problems.hpp"

#include <fmt/format.h>

namespace echo::util {

void Problems::add(std::size_t line, const std::string& message, std::size_t column) {
  std::string where = m_file;
  if (line > 0) {
    where += fmt::format(":{}", line);
    if (column > 0) where += fmt::format(":{}", column);
  }
  add_at(where, message);
}

void Problems::merge(const Problems& other) {
  m_count += other.m_count;
  for (const auto& line : other.m_lines)
    if (m_lines.size() < m_cap) m_lines.push_back(line);
}

void Problems::add_at(const std::string& where, const std::string& message) {
  ++m_count;
  if (m_lines.size() < m_cap) m_lines.push_back(fmt::format("{}: {}", where, message));
}

std::string Problems::message() const {
  if (m_count == 1) return m_lines.front();
  std::string out = fmt::format("{}: {} problems", m_file, m_count);
  for (const auto& line : m_lines) out += "\n  " + line;
  if (m_count > m_lines.size()) out += fmt::format("\n  ... and {} more", m_count - m_lines.size());
  return out;
}

void Problems::throw_if_any(Exit code) const {
  if (!empty()) throw Error(code, message());
}

} // namespace echo::util
