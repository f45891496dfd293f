#pragma once
// Workbooks are written by a module (echo-xlsx.so, echo/util/module.hpp): it alone needs
// libxlsxwriter. xlsx.cpp is the module; xlsx_loader.cpp defines render_xlsx and XlsxRowWriter
// by calling through this table.

#include "xlsx.hpp"

namespace echo::cli {

struct XlsxModule {
  std::string (*render)(const std::vector<std::pair<std::string, const util::Table*>>& sheets);
  // XlsxRowWriter: a writer made by create, given rows, finished, destroyed.
  void* (*create)(const std::string& sheet, const std::vector<std::string>& columns);
  void (*destroy)(void* writer) noexcept;
  void (*row)(void* writer, const std::vector<util::Cell>& cells);
  void (*finish)(void* writer, const std::function<void(std::string_view)>& write);
};

} // namespace echo::cli
