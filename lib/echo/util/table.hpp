#pragma once
// Tabular results, shared by the library (reports) and the CLI's output layer: a cell is null,
// text, an integer, a number, a boolean or a list of strings (presenters, ...).

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace echo::util {

using Cell = std::variant<std::monostate, std::string, std::int64_t, double, bool, std::vector<std::string>>;

struct Table {
  std::vector<std::string> columns; // also the JSON field names
  std::vector<std::vector<Cell>> rows;
  // Appends a row; the number of cells must match the columns.
  void add(std::vector<Cell> row) { rows.push_back(std::move(row)); }
};

} // namespace echo::util
