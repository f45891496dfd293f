#pragma once
// A participant: a health-care provider who attends sessions (or presents, facilitates, hosts).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace echo::domain {

struct Participant {
  std::int64_t id = 0;
  std::string name;
  std::optional<std::string> email; // trimmed, lowercased; nullopt when unknown
  std::optional<std::string> profession;
  std::optional<std::string> organization;
  std::optional<std::string> region;
  bool rural = false;
};

struct ParticipantAlias {
  std::string kind; // "email" or "name"
  std::string value;
};

// Parses the rural column/flag: yes/no, true/false, 1/0 (any case); nullopt otherwise.
inline std::optional<bool> parse_rural(const std::string& text) {
  std::string v;
  for (char c : text)
    if (c != ' ' && c != '\t') v += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (v == "yes" || v == "y" || v == "true" || v == "1") return true;
  if (v == "no" || v == "n" || v == "false" || v == "0") return false;
  return std::nullopt;
}

} // namespace echo::domain
