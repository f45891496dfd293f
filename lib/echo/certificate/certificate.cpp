#include "echo/certificate/certificate.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <random>

namespace echo::certificate {

namespace {
constexpr std::string_view k_alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"; // 31 symbols
} // namespace

std::string new_code() {
  static std::random_device device;
  std::uniform_int_distribution<std::size_t> pick(0, k_alphabet.size() - 1);
  std::string code;
  for (int i = 0; i < 12; ++i) {
    if (i > 0 && i % 4 == 0) code += '-';
    code += k_alphabet[pick(device)];
  }
  return code;
}

std::optional<std::string> normalize_code(const std::string& text) {
  std::string plain;
  for (char c : text) {
    if (c == '-' || c == ' ') continue;
    const char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (k_alphabet.find(u) == std::string_view::npos) return std::nullopt;
    plain += u;
  }
  if (plain.size() != 12) return std::nullopt;
  return plain.substr(0, 4) + "-" + plain.substr(4, 4) + "-" + plain.substr(8, 4);
}

std::string hours_text(double hours) {
  auto text = fmt::format("{:.2f}", hours);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

std::string date_words(const std::string& iso_date) {
  static const std::array<const char*, 12> months{"January",   "February", "March",    "April",
                                                  "May",       "June",     "July",     "August",
                                                  "September", "October",  "November", "December"};
  if (iso_date.size() != 10) return iso_date;
  const int month = std::stoi(iso_date.substr(5, 2));
  const int day = std::stoi(iso_date.substr(8, 2));
  if (month < 1 || month > 12) return iso_date;
  return fmt::format("{} {} {}", day, months[static_cast<std::size_t>(month - 1)], iso_date.substr(0, 4));
}

} // namespace echo::certificate
