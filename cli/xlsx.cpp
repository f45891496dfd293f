#include "xlsx.hpp"

#include "echo/error.hpp"
#include "echo/util/files.hpp"
#include "echo/util/text.hpp"

#include <fmt/format.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
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

struct Workbook {
  lxw_workbook* wb = nullptr;
  std::filesystem::path path;
  ~Workbook() {
    if (!path.empty()) ::unlink(path.c_str());
  }
};

} // namespace

std::string render_xlsx(const std::vector<std::pair<std::string, const util::Table*>>& sheets) {
  // libxlsxwriter writes a file: a private temp file, read back and removed.
  const char* tmp = std::getenv("TMPDIR");
  std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/echo-xlsx.XXXXXX";
  const int fd = ::mkstemp(templ.data());
  if (fd < 0) throw Error(Exit::cant_create, fmt::format("cannot create a temporary file in {}", templ));
  ::close(fd);
  Workbook book;
  book.path = templ;
  book.wb = workbook_new(templ.c_str());
  if (book.wb == nullptr) throw Error(Exit::cant_create, "cannot start the xlsx workbook");
  lxw_format* header = workbook_add_format(book.wb);
  format_set_bold(header);
  format_set_bg_color(header, 0xE8EEF4);
  format_set_bottom(header, LXW_BORDER_THIN);
  lxw_format* date = workbook_add_format(book.wb);
  format_set_num_format(date, "yyyy-mm-dd");
  lxw_format* instant = workbook_add_format(book.wb);
  format_set_num_format(instant, "yyyy-mm-dd hh:mm:ss");
  lxw_format* wrap = workbook_add_format(book.wb);
  format_set_text_wrap(wrap);
  format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);

  std::set<std::string> used;
  for (const auto& [wanted, table] : sheets) {
    const auto name = sheet_name(wanted, used);
    lxw_worksheet* ws = workbook_add_worksheet(book.wb, name.c_str());
    if (ws == nullptr) throw Error(Exit::cant_create, fmt::format("cannot add the worksheet '{}'", name));
    std::vector<std::size_t> width(table->columns.size(), 8);
    for (std::size_t c = 0; c < table->columns.size(); ++c) {
      worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), table->columns[c].c_str(), header);
      width[c] = std::max(width[c], code_points(table->columns[c]) + 2);
    }
    for (std::size_t r = 0; r < table->rows.size(); ++r) {
      const auto row = static_cast<lxw_row_t>(r + 1);
      for (std::size_t c = 0; c < table->rows[r].size() && c < table->columns.size(); ++c) {
        const auto col = static_cast<lxw_col_t>(c);
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
                  worksheet_write_datetime(ws, row, col, &*dt, v.size() == 10 ? date : instant);
                  w = v.size() == 10 ? 10 : 19;
                } else {
                  const bool multiline = v.find('\n') != std::string::npos;
                  worksheet_write_string(ws, row, col, v.c_str(), multiline ? wrap : nullptr);
                  w = code_points(v);
                }
              } else {
                const auto text = util::join(v, "; ");
                worksheet_write_string(ws, row, col, text.c_str(), nullptr);
                w = code_points(text);
              }
            },
            table->rows[r][c]);
        width[c] = std::max(width[c], std::min<std::size_t>(w + 2, 60));
      }
    }
    for (std::size_t c = 0; c < width.size(); ++c)
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), static_cast<double>(width[c]),
                           nullptr);
    worksheet_freeze_panes(ws, 1, 0);
    if (!table->columns.empty())
      worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(table->rows.size()),
                           static_cast<lxw_col_t>(table->columns.size() - 1));
  }
  if (sheets.empty()) workbook_add_worksheet(book.wb, nullptr);
  const lxw_error err = workbook_close(book.wb);
  if (err != LXW_NO_ERROR)
    throw Error(Exit::cant_create, fmt::format("cannot write the xlsx workbook: {}", lxw_strerror(err)));
  return util::read_file(book.path);
}

} // namespace echo::cli
