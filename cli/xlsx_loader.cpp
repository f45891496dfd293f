// render_xlsx and XlsxRowWriter through the xlsx module (xlsx_module.hpp), loaded when the first
// workbook is written.

#include "xlsx.hpp"
#include "xlsx_module.hpp"

#include "echo/util/module.hpp"

namespace echo::cli {

std::string render_xlsx(const std::vector<std::pair<std::string, const util::Table*>>& sheets) {
  return util::module<XlsxModule>("xlsx").render(sheets);
}

struct XlsxRowWriter::Impl {
  const XlsxModule* module = nullptr;
  void* writer = nullptr;
  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() {
    if (writer != nullptr) module->destroy(writer);
  }
};

XlsxRowWriter::XlsxRowWriter(const std::string& sheet, const std::vector<std::string>& columns)
    : m(std::make_unique<Impl>()) {
  m->module = &util::module<XlsxModule>("xlsx");
  m->writer = m->module->create(sheet, columns);
}

XlsxRowWriter::~XlsxRowWriter() = default;

void XlsxRowWriter::row(const std::vector<util::Cell>& cells) { m->module->row(m->writer, cells); }

void XlsxRowWriter::finish(const std::function<void(std::string_view)>& write) { m->module->finish(m->writer, write); }

} // namespace echo::cli
