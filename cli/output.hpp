#pragma once
// The one output layer of echo: tables and documents rendered as table, tsv, csv, json, jsonl,
// markdown or html, written to stdout or atomically to -o FILE.

#include "echo/util/table.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace CLI {
class App;
class Option;
} // namespace CLI

namespace echo::cli {

class Context;

enum class Format { table, tsv, csv, json, jsonl, markdown, html, xlsx };

using Cell = util::Cell;
using Table = util::Table;

// An object-shaped result (e.g. `report series`): JSON as is for json/jsonl, and named tables
// for the other formats. `html`, when set, is a complete page used for --format html.
struct Document {
  nlohmann::ordered_json json; // keys in the documented order
  std::vector<std::pair<std::string, Table>> sections;
  std::string html;
};

struct OutputOptions {
  std::string format;      // empty: table on a terminal, tsv otherwise (or from -o FILE's extension)
  bool json = false;       // set by choose_format when --json was given
  std::string json_fields; // --json FIELD,FIELD: only these fields, in this order
  std::string output;      // -o FILE; "-" is standard output
  bool bom = false;        // --bom: csv/tsv start with a UTF-8 byte-order mark (for Excel)
  const CLI::Option* json_option = nullptr;
};

// Adds --format (every format, html included: one self-contained page; xlsx: an Excel workbook),
// --json [FIELD,...] (which excludes --format), --bom and -o/--output to a listing or report
// command.
void add_output_options(CLI::App& cmd, OutputOptions& options);

struct RenderOptions {
  bool color = false;
  std::string title;               // html page title
  std::vector<std::string> fields; // json/jsonl: only these fields, in this order (all when empty)
};

// Parses a format name; nullopt when unknown.
std::optional<Format> parse_format(const std::string& name);
std::string render(const Table& table, Format format, const RenderOptions& options = {});
std::string render(const Document& doc, Format format, const RenderOptions& options = {});

// Cell -> JSON value.
nlohmann::ordered_json to_json(const Cell& cell);
// Text of a cell in text formats (lists joined with ';', booleans yes/no, null empty).
std::string cell_text(const Cell& cell);
// CSV field with RFC 4180 quoting; text that a spreadsheet would run as a formula (=, +, -, @,
// tab, CR at the start) is prefixed with ' when neutralise is set.
std::string csv_field(const std::string& text, bool neutralise);

// Chooses the format (flags, -o extension, terminal) and writes the rendered result. Error(usage)
// for an -o FILE whose extension names no format (without --format), xlsx to a terminal, and
// --bom with a format other than csv or tsv.
void emit(Context& ctx, const OutputOptions& options, const Table& table, const std::string& title = "");
void emit(Context& ctx, const OutputOptions& options, const Document& doc, const std::string& title = "");
Format choose_format(Context& ctx, const OutputOptions& options);

// A result produced a row at a time (a report's statement stepping): the source calls the sink
// once per row, in order; the row is the sink's to read during the call only.
using RowSink = std::function<void(const std::vector<Cell>&)>;
using RowSource = std::function<void(const RowSink&)>;
// emit() of the table the source's rows make, byte for byte, without holding the rows: tsv, csv,
// json, jsonl and html are written as the rows come (JSON text written directly); table and
// markdown run the source twice (the first pass measures the columns' widths and alignment, the
// second prints); xlsx writes each row to libxlsxwriter's temporary file as it comes
// (constant_memory mode) and copies the finished workbook out in chunks. -o FILE is written
// atomically as ever (a temp file renamed at the end).
void emit_rows(Context& ctx, const OutputOptions& options, const std::vector<std::string>& columns,
               const RowSource& source, const std::string& title = "");

} // namespace echo::cli
