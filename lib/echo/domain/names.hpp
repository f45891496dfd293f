#pragma once
// Enums stored as text (session status, attendance role and source, series repeat): each has one
// table of names in enum order, read and written only through these two functions. The names
// are string literals, so each name's data() ends in NUL (db/ binds them without a copy).

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace echo::domain {

template <class E, std::size_t N>
constexpr std::string_view enum_name(const std::array<std::string_view, N>& names, E value) {
  const auto i = static_cast<std::size_t>(value);
  return i < N ? names[i] : std::string_view("?");
}

template <class E, std::size_t N>
constexpr std::optional<E> enum_parse(const std::array<std::string_view, N>& names, std::string_view text) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == text) return static_cast<E>(i);
  return std::nullopt;
}

} // namespace echo::domain
