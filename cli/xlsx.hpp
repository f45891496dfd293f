#pragma once
// Excel workbooks (.xlsx) from tables, written with libxlsxwriter: one worksheet per table with
// a bold header row, frozen under the header, an autofilter, column widths that fit the text,
// and typed cells: numbers as numbers, YYYY-MM-DD as dates, UTC instants as date-times,
// booleans as booleans, text as text (never a formula).

#include "echo/util/table.hpp"

#include <string>
#include <utility>
#include <vector>

namespace echo::cli {

// The .xlsx file's bytes. Sheet names are cut to Excel's 31 characters and cleaned of []:*?/\,
// and made unique. Error(cant_create) when the workbook cannot be written.
std::string render_xlsx(const std::vector<std::pair<std::string, const util::Table*>>& sheets);

} // namespace echo::cli
