#include "echo/util/toml_parse.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include <memory>
#include <string>

namespace echo::util {

namespace {

bool bare_key_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

} // namespace

std::optional<TextPosition> toml_key_too_deep(std::string_view text, std::size_t max_parts) {
  TextPosition pos;         // of text[i]
  TextPosition run_start;   // of the run of key parts being read
  std::size_t run_dots = 0; // dots in that run
  bool in_run = false;
  std::size_t i = 0;
  auto advance = [&] {
    const char c = text[i++];
    if (c == '\n') {
      ++pos.line;
      pos.column = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++pos.column; // columns count characters, not UTF-8 continuation bytes
    }
  };
  auto reset = [&] {
    in_run = false;
    run_dots = 0;
  };
  auto start_run = [&] {
    if (!in_run) {
      in_run = true;
      run_start = pos;
      run_dots = 0;
    }
  };
  while (i < text.size()) {
    const char c = text[i];
    if (c == '#') { // a comment, to the end of the line
      reset();
      while (i < text.size() && text[i] != '\n') advance();
    } else if (c == '"' || c == '\'') {
      if (text.substr(i, 3) == std::string(3, c)) { // a multi-line string: a value, never a key
        reset();
        for (int k = 0; k < 3; ++k) advance();
        while (i < text.size() && text.substr(i, 3) != std::string(3, c)) {
          if (c == '"' && text[i] == '\\' && i + 1 < text.size()) advance();
          advance();
        }
        while (i < text.size() && text[i] == c) advance();
      } else { // one quoted part of a key (or a string value, which ends the run after it)
        start_run();
        advance();
        while (i < text.size() && text[i] != c && text[i] != '\n') {
          if (c == '"' && text[i] == '\\' && i + 1 < text.size()) advance();
          advance();
        }
        if (i < text.size() && text[i] == c) advance();
      }
    } else if (c == '.') {
      start_run();
      if (++run_dots >= max_parts) return run_start;
      advance();
    } else if (bare_key_char(c)) {
      start_run();
      advance();
    } else if (c == ' ' || c == '\t') {
      advance(); // "a . b" is a dotted key too
    } else {
      reset();
      advance();
    }
  }
  return std::nullopt;
}

toml::table parse_toml(std::string_view text, std::string_view source) {
  if (const auto deep = toml_key_too_deep(text)) {
    throw toml::parse_error(fmt::format("a dotted key or table name with more than {} parts", k_max_key_parts).c_str(),
                            toml::source_position{static_cast<toml::source_index>(deep->line),
                                                  static_cast<toml::source_index>(deep->column)},
                            std::make_shared<const std::string>(source));
  }
  return toml::parse(text, source);
}

std::vector<std::pair<const toml::key*, const toml::node*>> in_file_order(const toml::table& t) {
  std::vector<std::pair<const toml::key*, const toml::node*>> out;
  for (const auto& [k, node] : t) out.emplace_back(&k, &node);
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    const auto& x = a.first->source().begin;
    const auto& y = b.first->source().begin;
    return std::tie(x.line, x.column) < std::tie(y.line, y.column);
  });
  return out;
}

} // namespace echo::util
