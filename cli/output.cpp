#include "output.hpp"

#include "context.hpp"
#include "validators.hpp"
#include "xlsx.hpp"

#include "echo/error.hpp"
#include "echo/util/files.hpp"
#include "echo/util/text.hpp"
#include "echo/util/validate.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace echo::cli {

namespace {

const std::vector<std::string> k_format_names{"table", "tsv", "csv", "json", "jsonl", "markdown", "html", "xlsx"};

bool is_numeric(const Cell& c) { return std::holds_alternative<std::int64_t>(c) || std::holds_alternative<double>(c); }

std::string format_double(double d) {
  if (std::isnan(d) || std::isinf(d)) return "";
  if (d == std::floor(d) && std::fabs(d) < 1e15) return fmt::format("{:.1f}", d);
  return fmt::format("{}", d);
}

// A column is right-aligned when every non-null cell in it is a number.
std::vector<bool> numeric_columns(const Table& t) {
  std::vector<bool> numeric(t.columns.size(), false);
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    bool any = false;
    bool all = true;
    for (const auto& row : t.rows) {
      if (c >= row.size() || std::holds_alternative<std::monostate>(row[c])) continue;
      any = true;
      all = all && is_numeric(row[c]);
    }
    numeric[c] = any && all;
  }
  return numeric;
}

// Text a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start), prefixed with '.
std::string formula_guard(const std::string& s) {
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r'))
    return '\'' + s;
  return s;
}

// Tab, line breaks and backslash as \t \n \r \\; other control characters (ESC, BEL, ...) and
// bytes that are not UTF-8 as \x1B-style escapes, so that no cell drives the terminal.
std::string tsv_escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
    case '\t': out += "\\t"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\\': out += "\\\\"; break;
    default: out += c;
    }
  }
  return util::escape_controls(out);
}

std::string md_escape(const std::string& text) {
  const auto s = util::escape_controls(text, true);
  std::string out;
  for (char c : s) {
    if (c == '|')
      out += "\\|";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else if (c == '\n')
      out += "<br>";
    else if (c == '\r')
      continue;
    else
      out += c;
  }
  return out;
}

std::string one_line(const std::string& s) {
  std::string out;
  for (char c : s) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  return util::escape_controls(out);
}

std::string render_table(const Table& t, const RenderOptions& options) {
  const auto n = t.columns.size();
  std::vector<std::size_t> width(n, 0);
  std::vector<std::vector<std::string>> text(t.rows.size());
  for (std::size_t c = 0; c < n; ++c) width[c] = util::display_width(t.columns[c]);
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    for (std::size_t c = 0; c < n; ++c) {
      text[r].push_back(one_line(c < t.rows[r].size() ? cell_text(t.rows[r][c]) : ""));
      width[c] = std::max(width[c], util::display_width(text[r][c]));
    }
  }
  auto pad = [](const std::string& s, std::size_t w, bool right) {
    const auto dw = util::display_width(s);
    const std::string fill(w > dw ? w - dw : 0, ' ');
    return right ? fill + s : s + fill;
  };
  std::string out;
  auto line_end = [&](std::string& line) {
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  };
  const auto right = numeric_columns(t);
  std::string header;
  for (std::size_t c = 0; c < n; ++c) header += (c ? "  " : "") + pad(t.columns[c], width[c], right[c]);
  if (options.color) {
    while (!header.empty() && header.back() == ' ') header.pop_back();
    out += "\x1b[1m" + header + "\x1b[0m\n";
  } else {
    line_end(header);
  }
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    std::string line;
    for (std::size_t c = 0; c < n; ++c) line += (c ? "  " : "") + pad(text[r][c], width[c], right[c]);
    line_end(line);
  }
  return out;
}

std::string render_separated(const Table& t, bool csv) {
  std::string out;
  const char* eol = csv ? "\r\n" : "\n";
  // TSV gets the same formula guard as CSV: spreadsheets open .tsv files too.
  auto field = [&](const std::string& s, bool text_cell) {
    return csv ? csv_field(s, text_cell) : tsv_escape(text_cell ? formula_guard(s) : s);
  };
  for (std::size_t c = 0; c < t.columns.size(); ++c) out += (c ? (csv ? "," : "\t") : "") + field(t.columns[c], true);
  out += eol;
  for (const auto& row : t.rows) {
    for (std::size_t c = 0; c < row.size(); ++c)
      out += (c ? (csv ? "," : "\t") : "") + field(cell_text(row[c]), !is_numeric(row[c]));
    out += eol;
  }
  return out;
}

// The columns a JSON row holds: every column, or the fields asked for, in their order.
std::vector<std::size_t> json_columns(const Table& t, const std::vector<std::string>& fields) {
  std::vector<std::size_t> out;
  if (fields.empty()) {
    for (std::size_t c = 0; c < t.columns.size(); ++c) out.push_back(c);
    return out;
  }
  for (const auto& f : fields)
    for (std::size_t c = 0; c < t.columns.size(); ++c)
      if (t.columns[c] == f) out.push_back(c);
  return out;
}

nlohmann::ordered_json row_object(const Table& t, const std::vector<Cell>& row, const std::vector<std::size_t>& cols) {
  nlohmann::ordered_json obj = nlohmann::ordered_json::object();
  for (auto c : cols)
    if (c < row.size()) obj[t.columns[c]] = to_json(row[c]);
  return obj;
}

nlohmann::ordered_json selected(const nlohmann::ordered_json& j, const std::vector<std::string>& fields) {
  if (fields.empty() || !j.is_object()) return j;
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& f : fields)
    if (auto it = j.find(f); it != j.end()) out[f] = *it;
  return out;
}

std::string render_markdown(const Table& t) {
  std::string out = "|";
  for (const auto& c : t.columns) out += " " + md_escape(c) + " |";
  out += "\n|";
  const auto right = numeric_columns(t);
  for (std::size_t c = 0; c < t.columns.size(); ++c) out += right[c] ? " ---: |" : " --- |";
  out += "\n";
  for (const auto& row : t.rows) {
    out += "|";
    for (const auto& cell : row) out += " " + md_escape(cell_text(cell)) + " |";
    out += "\n";
  }
  return out;
}

std::string html_table(const Table& t) {
  std::string out = "<table>\n<thead><tr>";
  for (const auto& c : t.columns) out += "<th>" + util::html_escape(c) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : t.rows) {
    out += "<tr>";
    for (const auto& cell : row)
      out +=
          std::string(is_numeric(cell) ? "<td class=\"num\">" : "<td>") + util::html_escape(cell_text(cell)) + "</td>";
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

std::string html_head(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + util::html_escape(title) +
         "</title>\n<style>\nbody{font-family:system-ui,sans-serif;margin:2em;color:#222}\n"
         "table{border-collapse:collapse;margin:1em 0}\nth,td{border:1px solid #ccc;padding:.3em "
         ".6em;text-align:left}\ntd.num{text-align:right}\nth{background:#f3f3f3}\n</style>\n</head>\n<body>\n<h1>" +
         util::html_escape(title) + "</h1>\n";
}

const char* const k_html_tail = "</body>\n</html>\n";

std::string html_page(const std::string& title, const std::string& body) {
  return html_head(title) + body + k_html_tail;
}

} // namespace

std::optional<Format> parse_format(const std::string& name) {
  for (std::size_t i = 0; i < k_format_names.size(); ++i)
    if (k_format_names[i] == name) return static_cast<Format>(i);
  return std::nullopt;
}

nlohmann::ordered_json to_json(const Cell& cell) {
  return std::visit(
      [](const auto& v) -> nlohmann::ordered_json {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>)
          return nullptr;
        else if constexpr (std::is_same_v<T, double>)
          return (std::isnan(v) || std::isinf(v)) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(v);
        else
          return v;
      },
      cell);
}

std::string cell_text(const Cell& cell) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>)
          return "";
        else if constexpr (std::is_same_v<T, std::string>)
          return v;
        else if constexpr (std::is_same_v<T, std::int64_t>)
          return std::to_string(v);
        else if constexpr (std::is_same_v<T, double>)
          return format_double(v);
        else if constexpr (std::is_same_v<T, bool>)
          return v ? "yes" : "no";
        else
          return util::join(v, ";");
      },
      cell);
}

std::string csv_field(const std::string& text, bool neutralise) {
  // Control characters other than tab and line breaks (which quoting carries) are escaped.
  const std::string s = util::escape_controls(neutralise ? formula_guard(text) : text, true);
  if (s.find_first_of(",\"\r\n") == std::string::npos && (s.empty() || (s.front() != ' ' && s.back() != ' '))) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"')
      out += "\"\"";
    else
      out += c;
  }
  return out + "\"";
}

std::string render(const Table& table, Format format, const RenderOptions& options) {
  switch (format) {
  case Format::table: return render_table(table, options);
  case Format::tsv: return render_separated(table, false);
  case Format::csv: return render_separated(table, true);
  case Format::markdown: return render_markdown(table);
  case Format::html: return html_page(options.title.empty() ? "echo" : options.title, html_table(table));
  case Format::xlsx: return render_xlsx({{options.title.empty() ? "echo" : options.title, &table}});
  case Format::json: {
    const auto cols = json_columns(table, options.fields);
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    for (const auto& row : table.rows) arr.push_back(row_object(table, row, cols));
    return arr.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
  }
  case Format::jsonl: {
    const auto cols = json_columns(table, options.fields);
    std::string out;
    for (const auto& row : table.rows)
      out += row_object(table, row, cols).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
    return out;
  }
  }
  return {};
}

std::string render(const Document& doc, Format format, const RenderOptions& options) {
  switch (format) {
  case Format::json:
    return selected(doc.json, options.fields).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) +
           "\n";
  case Format::jsonl:
    return selected(doc.json, options.fields).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) +
           "\n";
  case Format::xlsx: {
    std::vector<std::pair<std::string, const Table*>> sheets;
    for (const auto& [name, table] : doc.sections) sheets.emplace_back(name, &table);
    return render_xlsx(sheets);
  }
  case Format::html: {
    if (!doc.html.empty()) return doc.html;
    std::string body;
    for (const auto& [name, table] : doc.sections)
      body += "<h2>" + util::html_escape(name) + "</h2>\n" + html_table(table);
    return html_page(options.title.empty() ? "echo" : options.title, body);
  }
  default: {
    std::string out;
    for (std::size_t i = 0; i < doc.sections.size(); ++i) {
      const auto& [name, table] = doc.sections[i];
      if (format == Format::markdown)
        out += (i ? "\n" : "") + std::string("## ") + name + "\n\n";
      else if (format == Format::table && doc.sections.size() > 1)
        out += (i ? "\n" : "") + name + "\n";
      else if (i > 0)
        out += format == Format::csv ? "\r\n" : "\n";
      out += render(table, format, options);
    }
    return out;
  }
  }
}

void add_output_options(CLI::App& cmd, OutputOptions& options) {
  auto* format = cmd.add_option("--format", options.format,
                                "Output format: " + util::join(k_format_names, ", ") +
                                    " (default: table on a terminal, tsv otherwise)")
                     ->check(CLI::IsMember(k_format_names))
                     ->option_text("FORMAT");
  options.json_option =
      cmd.add_option("--json", options.json_fields,
                     "JSON output (--format json); with FIELD,... only those fields, in that order (an unknown "
                     "field lists the fields)")
          ->expected(0, 1)
          ->option_text("[FIELD,...]")
          ->excludes(format);
  cmd.add_flag("--bom", options.bom,
               "Start csv or tsv with a UTF-8 byte-order mark, so that Excel reads accented names right");
  cmd.add_option("-o,--output", options.output,
                 "Write to FILE (atomically; a pipe or device is written through, - is standard output); its "
                 "extension names the format (.csv, .tsv, .json, .jsonl, .md, .html, .xlsx) unless --format does")
      ->check(non_empty_file())
      ->option_text("FILE");
}

Format choose_format(Context& ctx, const OutputOptions& options) {
  if (options.json || (options.json_option && options.json_option->count() > 0)) return Format::json;
  if (!options.format.empty()) return *parse_format(options.format);
  if (!options.output.empty() && options.output != "-") {
    const auto dot = options.output.rfind('.');
    if (dot != std::string::npos) {
      const auto ext = util::ascii_lower(options.output.substr(dot + 1));
      if (ext == "md") return Format::markdown;
      if (ext == "htm") return Format::html;
      if (ext != "table")
        if (auto f = parse_format(ext)) return *f;
    }
    // A pipe or device (/dev/stdout, a FIFO) has no extension to go by: TSV, as a pipe gets.
    struct stat st {};
    if (::stat(options.output.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) return Format::tsv;
    throw Error(Exit::usage,
                fmt::format("-o {}: cannot tell the format from the file's extension; use .csv, .tsv, .json, .jsonl, "
                            ".md, .html or .xlsx, or name it with --format",
                            options.output));
  }
  return ctx.stdout_is_terminal() ? Format::table : Format::tsv;
}

namespace {

std::vector<std::string> fields_of(const Table& t) { return t.columns; }
std::vector<std::string> fields_of(const Document& d) {
  std::vector<std::string> out;
  if (d.json.is_object())
    for (const auto& item : d.json.items()) out.push_back(item.key());
  return out;
}

// --json FIELD,FIELD: each must be a field of the result; an unknown one is a usage error that
// lists them (gh's convention).
std::vector<std::string> chosen_fields(const OutputOptions& options, const std::vector<std::string>& available) {
  std::vector<std::string> fields;
  for (const auto& f : util::split(options.json_fields, ','))
    if (auto t = util::trim(f); !t.empty()) fields.push_back(t);
  for (const auto& f : fields)
    if (std::find(available.begin(), available.end(), f) == available.end()) {
      std::string message = fmt::format("--json: unknown field '{}'", f);
      if (auto m = util::closest_match(f, available)) message += fmt::format(" (did you mean '{}'?)", *m);
      throw Error(Exit::usage, message + "; fields: " + util::join(available, ", "));
    }
  return fields;
}

template <class T> void emit_any(Context& ctx, const OutputOptions& options, const T& value, const std::string& title) {
  const auto format = choose_format(ctx, options);
  if (options.bom && format != Format::csv && format != Format::tsv)
    throw Error(Exit::usage, "--bom applies to csv and tsv output only");
  if (format == Format::xlsx && (options.output.empty() || options.output == "-") && ctx.stdout_is_terminal())
    throw Error(Exit::usage, "xlsx is a binary file: write it with -o FILE.xlsx (or redirect standard output)");
  RenderOptions ro;
  ro.title = title;
  const bool to_stdout = options.output.empty() || options.output == "-";
  ro.color = to_stdout && format == Format::table && ctx.color_stdout();
  if (!options.json_fields.empty()) ro.fields = chosen_fields(options, fields_of(value));
  auto text = render(value, format, ro);
  if (options.bom) text.insert(0, "\xEF\xBB\xBF");
  if (to_stdout)
    ctx.out(text);
  else
    util::write_file_atomic(options.output, text, 0600);
}

} // namespace

namespace {

// Where streamed output goes: standard output or -o FILE (atomically), in chunks.
class Sink {
public:
  Sink(Context& ctx, const OutputOptions& options) : m_ctx(ctx) {
    if (!options.output.empty() && options.output != "-") m_file.emplace(options.output, 0600);
    m_buffer.reserve(k_chunk + 4096);
  }
  std::string& buffer() { return m_buffer; }
  void done_row() {
    if (m_buffer.size() >= k_chunk) flush();
  }
  void finish() {
    flush();
    if (m_file) m_file->commit();
  }

private:
  static constexpr std::size_t k_chunk = 1 << 16;
  void flush() {
    if (m_buffer.empty()) return;
    if (m_file)
      m_file->write(m_buffer);
    else
      m_ctx.out(m_buffer);
    m_buffer.clear();
  }
  Context& m_ctx;
  std::optional<util::AtomicFile> m_file;
  std::string m_buffer;
};

// JSON text as nlohmann's dump() writes it (ensure_ascii off, invalid UTF-8 replaced): plain
// printable ASCII directly, anything else through the library.
void json_string(std::string& out, const std::string& s) {
  bool plain = true;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
      plain = false;
      break;
    }
  }
  if (plain) {
    out += '"';
    out += s;
    out += '"';
    return;
  }
  out += nlohmann::ordered_json(s).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

// A cell as JSON; `indent` < 0 is compact (jsonl), else the nesting depth's indentation of the
// value (a list's items one level deeper), as dump(2) lays it out.
void json_cell(std::string& out, const Cell& cell, int indent) {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          out += "null";
        } else if constexpr (std::is_same_v<T, std::string>) {
          json_string(out, v);
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          fmt::format_to(std::back_inserter(out), "{}", v);
        } else if constexpr (std::is_same_v<T, double>) {
          if (std::isnan(v) || std::isinf(v))
            out += "null";
          else
            out += nlohmann::ordered_json(v).dump();
        } else if constexpr (std::is_same_v<T, bool>) {
          out += v ? "true" : "false";
        } else {
          if (v.empty()) {
            out += "[]";
            return;
          }
          out += indent < 0 ? "[" : "[\n";
          for (std::size_t i = 0; i < v.size(); ++i) {
            if (i > 0) out += indent < 0 ? "," : ",\n";
            if (indent >= 0) out.append(static_cast<std::size_t>(indent) + 2, ' ');
            json_string(out, v[i]);
          }
          if (indent >= 0) {
            out += '\n';
            out.append(static_cast<std::size_t>(indent), ' ');
          }
          out += ']';
        }
      },
      cell);
}

struct ColumnShape {
  std::vector<std::size_t> width;
  std::vector<bool> any;
  std::vector<bool> all_numeric;
};

} // namespace

void emit_rows(Context& ctx, const OutputOptions& options, const std::vector<std::string>& columns,
               const RowSource& source, const std::string& title) {
  const auto format = choose_format(ctx, options);
  if (options.bom && format != Format::csv && format != Format::tsv)
    throw Error(Exit::usage, "--bom applies to csv and tsv output only");
  if (format == Format::xlsx && (options.output.empty() || options.output == "-") && ctx.stdout_is_terminal())
    throw Error(Exit::usage, "xlsx is a binary file: write it with -o FILE.xlsx (or redirect standard output)");
  std::vector<std::string> fields;
  if (!options.json_fields.empty()) fields = chosen_fields(options, columns);
  const bool to_stdout = options.output.empty() || options.output == "-";
  const std::size_t n = columns.size();

  if (format == Format::xlsx) {
    // One row in memory at a time (libxlsxwriter's constant_memory mode), the workbook's bytes
    // then copied out in chunks.
    XlsxRowWriter book(title.empty() ? "echo" : title, columns);
    source([&](const std::vector<Cell>& row) { book.row(row); });
    Sink sink(ctx, options);
    book.finish([&](std::string_view bytes) {
      sink.buffer().append(bytes);
      sink.done_row();
    });
    sink.finish();
    return;
  }

  // Table and markdown: a first pass for the widths and the numeric (right-aligned) columns.
  ColumnShape shape{std::vector<std::size_t>(n, 0), std::vector<bool>(n, false), std::vector<bool>(n, true)};
  if (format == Format::table || format == Format::markdown) {
    for (std::size_t c = 0; c < n; ++c) shape.width[c] = util::display_width(columns[c]);
    source([&](const std::vector<Cell>& row) {
      for (std::size_t c = 0; c < n && c < row.size(); ++c) {
        if (!std::holds_alternative<std::monostate>(row[c])) {
          shape.any[c] = true;
          if (!is_numeric(row[c])) shape.all_numeric[c] = false;
        }
        if (format == Format::table)
          shape.width[c] = std::max(shape.width[c], util::display_width(one_line(cell_text(row[c]))));
      }
    });
  }
  std::vector<bool> right(n);
  for (std::size_t c = 0; c < n; ++c) right[c] = shape.any[c] && shape.all_numeric[c];

  Sink sink(ctx, options);
  auto& out = sink.buffer();
  auto pad = [&](const std::string& s, std::size_t w, bool right_aligned) {
    const auto dw = util::display_width(s);
    const std::size_t fill = w > dw ? w - dw : 0;
    if (right_aligned) out.append(fill, ' ');
    out += s;
    if (!right_aligned) out.append(fill, ' ');
  };
  auto trim_line = [&] {
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += '\n';
  };
  std::vector<std::size_t> json_cols;
  switch (format) {
  case Format::table: {
    const bool color = to_stdout && ctx.color_stdout();
    if (color) out += "\x1b[1m";
    for (std::size_t c = 0; c < n; ++c) {
      if (c) out += "  ";
      pad(columns[c], shape.width[c], right[c]);
    }
    trim_line();
    if (color) {
      out.pop_back();
      out += "\x1b[0m\n";
    }
    break;
  }
  case Format::tsv:
  case Format::csv: {
    if (options.bom) out += "\xEF\xBB\xBF";
    const bool csv = format == Format::csv;
    for (std::size_t c = 0; c < n; ++c) {
      if (c) out += csv ? "," : "\t";
      out += csv ? csv_field(columns[c], true) : tsv_escape(formula_guard(columns[c]));
    }
    out += csv ? "\r\n" : "\n";
    break;
  }
  case Format::markdown: {
    out += "|";
    for (const auto& c : columns) out += " " + md_escape(c) + " |";
    out += "\n|";
    for (std::size_t c = 0; c < n; ++c) out += right[c] ? " ---: |" : " --- |";
    out += "\n";
    break;
  }
  case Format::html: {
    out += html_head(title.empty() ? "echo" : title) + "<table>\n<thead><tr>";
    for (const auto& c : columns) out += "<th>" + util::html_escape(c) + "</th>";
    out += "</tr></thead>\n<tbody>\n";
    break;
  }
  case Format::json:
  case Format::jsonl: {
    Table shape_only;
    shape_only.columns = columns;
    for (auto c : json_columns(shape_only, fields))
      if (std::find(json_cols.begin(), json_cols.end(), c) == json_cols.end()) json_cols.push_back(c);
    break;
  }
  case Format::xlsx: break;
  }

  std::size_t count = 0;
  source([&](const std::vector<Cell>& row) {
    switch (format) {
    case Format::table:
      for (std::size_t c = 0; c < n; ++c) {
        if (c) out += "  ";
        pad(one_line(c < row.size() ? cell_text(row[c]) : ""), shape.width[c], right[c]);
      }
      trim_line();
      break;
    case Format::tsv:
    case Format::csv: {
      const bool csv = format == Format::csv;
      for (std::size_t c = 0; c < row.size(); ++c) {
        if (c) out += csv ? "," : "\t";
        const bool text_cell = !is_numeric(row[c]);
        const auto text = cell_text(row[c]);
        out += csv ? csv_field(text, text_cell) : tsv_escape(text_cell ? formula_guard(text) : text);
      }
      out += csv ? "\r\n" : "\n";
      break;
    }
    case Format::markdown:
      out += "|";
      for (const auto& cell : row) out += " " + md_escape(cell_text(cell)) + " |";
      out += "\n";
      break;
    case Format::html:
      out += "<tr>";
      for (const auto& cell : row) {
        out += is_numeric(cell) ? "<td class=\"num\">" : "<td>";
        out += util::html_escape(cell_text(cell));
        out += "</td>";
      }
      out += "</tr>\n";
      break;
    case Format::json: {
      out += count == 0 ? "[\n  {" : ",\n  {";
      bool first = true;
      for (auto c : json_cols) {
        if (c >= row.size()) continue;
        out += first ? "\n    " : ",\n    ";
        first = false;
        json_string(out, columns[c]);
        out += ": ";
        json_cell(out, row[c], 4);
      }
      out += first ? "}" : "\n  }";
      break;
    }
    case Format::jsonl: {
      out += '{';
      bool first = true;
      for (auto c : json_cols) {
        if (c >= row.size()) continue;
        if (!first) out += ',';
        first = false;
        json_string(out, columns[c]);
        out += ':';
        json_cell(out, row[c], -1);
      }
      out += "}\n";
      break;
    }
    case Format::xlsx: break;
    }
    ++count;
    sink.done_row();
  });

  if (format == Format::html) out += std::string("</tbody>\n</table>\n") + k_html_tail;
  if (format == Format::json) out += count == 0 ? "[]\n" : "\n]\n";
  sink.finish();
}

void emit(Context& ctx, const OutputOptions& options, const Table& table, const std::string& title) {
  emit_any(ctx, options, table, title);
}

void emit(Context& ctx, const OutputOptions& options, const Document& doc, const std::string& title) {
  emit_any(ctx, options, doc, title);
}

} // namespace echo::cli
