#include "xlsx.hpp"
#include "xlsx_module.hpp"

#include "echo/error.hpp"
#include "echo/util/files.hpp"
#include "echo/util/module.hpp"
#include "echo/util/text.hpp"

#include <fmt/format.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <unistd.h>

namespace echo::cli {

namespace {

bool digits(const std::string& s, std::size_t from, std::size_t n) {
  for (std::size_t i = from; i < from + n; ++i)
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
  return true;
}

// YYYY-MM-DD (a date) or YYYY-MM-DDTHH:MM:SSZ (a UTC instant), years 1900..9999 (Excel's range).
std::optional<lxw_datetime> as_datetime(const std::string& s) {
  const bool date =
      s.size() == 10 && digits(s, 0, 4) && s[4] == '-' && digits(s, 5, 2) && s[7] == '-' && digits(s, 8, 2);
  const bool instant = s.size() == 20 && digits(s, 0, 4) && s[4] == '-' && digits(s, 5, 2) && s[7] == '-' &&
                       digits(s, 8, 2) && s[10] == 'T' && digits(s, 11, 2) && s[13] == ':' && digits(s, 14, 2) &&
                       s[16] == ':' && digits(s, 17, 2) && s[19] == 'Z';
  if (!date && !instant) return std::nullopt;
  lxw_datetime dt{};
  dt.year = std::stoi(s.substr(0, 4));
  dt.month = std::stoi(s.substr(5, 2));
  dt.day = std::stoi(s.substr(8, 2));
  if (dt.year < 1900 || dt.month < 1 || dt.month > 12 || dt.day < 1 || dt.day > 31) return std::nullopt;
  if (instant) {
    dt.hour = std::stoi(s.substr(11, 2));
    dt.min = std::stoi(s.substr(14, 2));
    dt.sec = std::stoi(s.substr(17, 2));
    if (dt.hour > 23 || dt.min > 59 || dt.sec > 59) return std::nullopt;
  }
  return dt;
}

std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

std::string sheet_name(const std::string& wanted, std::set<std::string>& used) {
  std::string name;
  for (char c : wanted) {
    if (c == '[' || c == ']' || c == ':' || c == '*' || c == '?' || c == '/' || c == '\\')
      name += '-';
    else if (static_cast<unsigned char>(c) >= 0x20)
      name += c;
  }
  // 31 characters at most, cut at a code point.
  std::string cut;
  std::size_t points = 0;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if ((static_cast<unsigned char>(name[i]) & 0xC0) != 0x80 && ++points > 28) break;
    cut += name[i];
  }
  while (!cut.empty() && (cut.front() == '\'' || cut.front() == ' ')) cut.erase(cut.begin());
  while (!cut.empty() && (cut.back() == '\'' || cut.back() == ' ')) cut.pop_back();
  if (cut.empty()) cut = "Sheet";
  std::string unique = cut;
  for (int i = 2; used.count(util::ascii_lower(unique)); ++i) unique = cut + " " + std::to_string(i);
  used.insert(util::ascii_lower(unique));
  return unique;
}

} // namespace

// Named (not anonymous): XlsxRowWriter::Impl holds them.
namespace xlsx_detail {

struct Formats {
  lxw_format* header = nullptr;
  lxw_format* date = nullptr;
  lxw_format* instant = nullptr;
  lxw_format* wrap = nullptr;
};

Formats add_formats(lxw_workbook* wb) {
  Formats f;
  f.header = workbook_add_format(wb);
  format_set_bold(f.header);
  format_set_bg_color(f.header, 0xE8EEF4);
  format_set_bottom(f.header, LXW_BORDER_THIN);
  f.date = workbook_add_format(wb);
  format_set_num_format(f.date, "yyyy-mm-dd");
  f.instant = workbook_add_format(wb);
  format_set_num_format(f.instant, "yyyy-mm-dd hh:mm:ss");
  f.wrap = workbook_add_format(wb);
  format_set_text_wrap(f.wrap);
  format_set_align(f.wrap, LXW_ALIGN_VERTICAL_TOP);
  return f;
}

// One typed cell; returns the width its text asks for.
std::size_t write_cell(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const util::Cell& cell, const Formats& f) {
  std::size_t w = 0;
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return;
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          worksheet_write_number(ws, row, col, static_cast<double>(v), nullptr);
          w = std::to_string(v).size();
        } else if constexpr (std::is_same_v<T, double>) {
          if (std::isfinite(v)) worksheet_write_number(ws, row, col, v, nullptr);
          w = fmt::format("{}", v).size();
        } else if constexpr (std::is_same_v<T, bool>) {
          worksheet_write_boolean(ws, row, col, v ? 1 : 0, nullptr);
          w = 5;
        } else if constexpr (std::is_same_v<T, std::string>) {
          if (auto dt = as_datetime(v)) {
            worksheet_write_datetime(ws, row, col, &*dt, v.size() == 10 ? f.date : f.instant);
            w = v.size() == 10 ? 10 : 19;
          } else {
            const bool multiline = v.find('\n') != std::string::npos;
            worksheet_write_string(ws, row, col, v.c_str(), multiline ? f.wrap : nullptr);
            w = code_points(v);
          }
        } else {
          const auto text = util::join(v, "; ");
          worksheet_write_string(ws, row, col, text.c_str(), nullptr);
          w = code_points(text);
        }
      },
      cell);
  return std::min<std::size_t>(w + 2, 60);
}

// A sheet being written: the header row first, then rows in order; the column widths, the
// frozen header and the autofilter over the rows written are set at the end.
struct SheetWriter {
  lxw_worksheet* ws = nullptr;
  const Formats* formats = nullptr;
  std::size_t columns = 0;
  std::vector<std::size_t> width;
  lxw_row_t rows = 0;

  SheetWriter(lxw_workbook* wb, const std::string& name, const std::vector<std::string>& header, const Formats& f)
      : formats(&f), columns(header.size()), width(header.size(), 8) {
    ws = workbook_add_worksheet(wb, name.c_str());
    if (ws == nullptr) throw Error(Exit::cant_create, fmt::format("cannot add the worksheet '{}'", name));
    for (std::size_t c = 0; c < header.size(); ++c) {
      worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), header[c].c_str(), f.header);
      width[c] = std::max(width[c], code_points(header[c]) + 2);
    }
  }
  void row(const std::vector<util::Cell>& cells) {
    ++rows;
    for (std::size_t c = 0; c < cells.size() && c < columns; ++c)
      width[c] = std::max(width[c], write_cell(ws, rows, static_cast<lxw_col_t>(c), cells[c], *formats));
  }
  void finish() {
    for (std::size_t c = 0; c < width.size(); ++c)
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), static_cast<double>(width[c]),
                           nullptr);
    worksheet_freeze_panes(ws, 1, 0);
    if (columns > 0) worksheet_autofilter(ws, 0, 0, rows, static_cast<lxw_col_t>(columns - 1));
  }
};

} // namespace xlsx_detail

namespace {

using xlsx_detail::add_formats;
using xlsx_detail::Formats;
using xlsx_detail::SheetWriter;

std::string temp_dir() {
  const char* tmp = std::getenv("TMPDIR");
  return tmp && *tmp ? tmp : "/tmp";
}

// libxlsxwriter writes a file: a private temp file, removed at the end.
std::string temp_file() {
  std::string templ = temp_dir() + "/echo-xlsx.XXXXXX";
  const int fd = ::mkstemp(templ.data());
  if (fd < 0) throw Error(Exit::cant_create, fmt::format("cannot create a temporary file in {}", templ));
  ::close(fd);
  return templ;
}

} // namespace

namespace xlsx_detail {

struct Workbook {
  lxw_workbook* wb = nullptr;
  std::filesystem::path path;
  Workbook() = default;
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;
  ~Workbook() {
    if (wb != nullptr) lxw_workbook_free(wb); // an abandoned workbook: freed, its temp files closed
    if (!path.empty()) ::unlink(path.c_str());
  }
  void close() {
    const lxw_error err = workbook_close(wb);
    wb = nullptr;
    if (err != LXW_NO_ERROR)
      throw Error(Exit::cant_create, fmt::format("cannot write the xlsx workbook: {}", lxw_strerror(err)));
  }
};

} // namespace xlsx_detail

using xlsx_detail::Workbook;

namespace {

std::string render(const std::vector<std::pair<std::string, const util::Table*>>& sheets) {
  Workbook book;
  book.path = temp_file();
  book.wb = workbook_new(book.path.c_str());
  if (book.wb == nullptr) throw Error(Exit::cant_create, "cannot start the xlsx workbook");
  const auto formats = add_formats(book.wb);
  std::set<std::string> used;
  for (const auto& [wanted, table] : sheets) {
    SheetWriter sheet(book.wb, sheet_name(wanted, used), table->columns, formats);
    for (const auto& row : table->rows) sheet.row(row);
    sheet.finish();
  }
  if (sheets.empty()) workbook_add_worksheet(book.wb, nullptr);
  book.close();
  return util::read_file(book.path);
}

// XlsxRowWriter's workbook (xlsx_loader.cpp holds it through the module's table).
struct RowWriter {
  Workbook book;
  std::string tmpdir = temp_dir();
  Formats formats;
  std::optional<SheetWriter> sheet;
};

void* row_writer_create(const std::string& sheet, const std::vector<std::string>& columns) {
  auto m = std::make_unique<RowWriter>();
  m->book.path = temp_file();
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  options.tmpdir = m->tmpdir.data();
  m->book.wb = workbook_new_opt(m->book.path.c_str(), &options);
  if (m->book.wb == nullptr) throw Error(Exit::cant_create, "cannot start the xlsx workbook");
  m->formats = add_formats(m->book.wb);
  std::set<std::string> used;
  m->sheet.emplace(m->book.wb, sheet_name(sheet, used), columns, m->formats);
  return m.release();
}

void row_writer_destroy(void* writer) noexcept { delete static_cast<RowWriter*>(writer); }

void row_writer_row(void* writer, const std::vector<util::Cell>& cells) {
  static_cast<RowWriter*>(writer)->sheet->row(cells);
}

void row_writer_finish(void* writer, const std::function<void(std::string_view)>& write) {
  auto* m = static_cast<RowWriter*>(writer);
  m->sheet->finish();
  m->book.close();
  std::ifstream in(m->book.path, std::ios::binary);
  if (!in) throw Error(Exit::cant_create, "cannot read back the xlsx workbook");
  std::vector<char> chunk(1 << 16);
  while (in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    if (const auto n = in.gcount(); n > 0) write(std::string_view(chunk.data(), static_cast<std::size_t>(n)));
  }
}

const XlsxModule k_module{render, row_writer_create, row_writer_destroy, row_writer_row, row_writer_finish};

} // namespace

} // namespace echo::cli

// The module's entry (echo/util/module.hpp): render_xlsx and XlsxRowWriter of xlsx_loader.cpp.
ECHO_MODULE_ENTRY(echo::cli::k_module)
