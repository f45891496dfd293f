#pragma once
// Excel workbooks (.xlsx) from tables, written with libxlsxwriter: one worksheet per table with
// a bold header row, frozen under the header, an autofilter, column widths that fit the text,
// and typed cells: numbers as numbers, YYYY-MM-DD as dates, UTC instants as date-times,
// booleans as booleans, text as text (never a formula).

#include "echo/util/table.hpp"

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace echo::cli {

// The .xlsx file's bytes. Sheet names are cut to Excel's 31 characters and cleaned of []:*?/\,
// and made unique. Error(cant_create) when the workbook cannot be written.
std::string render_xlsx(const std::vector<std::pair<std::string, const util::Table*>>& sheets);

// A one-sheet workbook written a row at a time, for reports streamed row by row: libxlsxwriter's
// constant_memory mode, where each row goes to a temporary file as soon as the next one starts
// (strings inline, no shared-string table), so memory stays flat in the rows written. The same
// cells, formats, widths, frozen header and autofilter as render_xlsx.
class XlsxRowWriter {
public:
  XlsxRowWriter(const std::string& sheet, const std::vector<std::string>& columns);
  ~XlsxRowWriter();
  XlsxRowWriter(const XlsxRowWriter&) = delete;
  XlsxRowWriter& operator=(const XlsxRowWriter&) = delete;
  // Rows in order, after the header row.
  void row(const std::vector<util::Cell>& cells);
  // Closes the workbook and hands its bytes to `write` in chunks. Error(cant_create) when the
  // workbook cannot be written.
  void finish(const std::function<void(std::string_view)>& write);

private:
  struct Impl;
  std::unique_ptr<Impl> m;
};

} // namespace echo::cli
