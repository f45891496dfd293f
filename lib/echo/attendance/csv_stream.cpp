#include "echo/attendance/csv_stream.hpp"

#include "echo/attendance/sha256.hpp"
#include "echo/error.hpp"

#include <csv.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <fstream>

namespace echo::attendance {

namespace {
constexpr std::string_view k_bom = "\xEF\xBB\xBF";
constexpr std::size_t k_block = 64 * 1024;
// libcsv's parser states "inside a field" and "between records" (libcsv.c FIELD_BEGUN; not exported by csv.h).
constexpr int k_field_begun = 2;
constexpr int k_row_not_begun = 0;

// Line feeds in text (memchr: far cheaper than a byte loop on long chunks).
std::size_t count_lines(std::string_view text) {
  std::size_t n = 0;
  for (auto at = text.find('\n'); at != std::string_view::npos; at = text.find('\n', at + 1)) ++n;
  return n;
}
} // namespace

CsvStream::CsvStream(RecordCallback callback, bool multiline)
    : m_callback(std::move(callback)), m_parser(new csv_parser), m_multiline(multiline) {
  if (csv_init(m_parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
    delete m_parser;
    throw Error(Exit::failure, "cannot initialise the CSV parser");
  }
}

CsvStream::~CsvStream() {
  csv_free(m_parser);
  delete m_parser;
}

void CsvStream::add_field(const char* data, std::size_t size) {
  if (m_count == 0) m_record_line = m_line;
  // The strings of earlier records are reused: their buffers stay allocated.
  if (m_count < m_fields.size()) {
    auto& value = m_fields[m_count];
    value.clear(); // then append: assign's overlap handling is not needed here
    value.append(data, size);
  } else {
    m_fields.emplace_back(data, size);
  }
  ++m_count;
}

void CsvStream::end_record() {
  if (m_stopped || m_count == 0) {
    m_count = 0;
    return;
  }
  m_fields.resize(m_count);
  m_count = 0;
  ++m_records;
  if (!m_callback(m_fields, m_record_line)) m_stopped = true;
}

void CsvStream::on_field(void* data, std::size_t size, void* self_ptr) {
  static_cast<CsvStream*>(self_ptr)->add_field(static_cast<const char*>(data), size);
}

void CsvStream::on_record(int /*terminator*/, void* self_ptr) { static_cast<CsvStream*>(self_ptr)->end_record(); }

void CsvStream::fail(std::size_t line, std::size_t column, std::string message) {
  m_error = CsvSyntaxError{line, column, std::move(message)};
  m_stopped = true;
  m_count = 0;
}

bool CsvStream::plain_line(std::string_view line) {
  // What libcsv does with a whole line that has no quote and no carriage return but at its end:
  // fields split at the separator, spaces (and tabs, unless tab separates) trimmed from both
  // ends of each, and no record for a line of nothing but spaces. Anything else goes to libcsv.
  if (line.find('"') != std::string_view::npos) return false;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.find('\r') != std::string_view::npos) return false;
  const bool tab_is_space = m_delimiter != '\t';
  const auto space = [tab_is_space](char c) { return c == ' ' || (tab_is_space && c == '\t'); };
  if (std::all_of(line.begin(), line.end(), space)) return true; // libcsv reports no empty rows
  while (true) {
    const auto end = line.find(m_delimiter);
    auto value = line.substr(0, end);
    while (!value.empty() && space(value.front())) value.remove_prefix(1);
    while (!value.empty() && space(value.back())) value.remove_suffix(1);
    add_field(value.data(), value.size());
    if (end == std::string_view::npos) break;
    line.remove_prefix(end + 1);
  }
  end_record();
  return true;
}

void CsvStream::parse(std::string_view bytes) {
  // Fed line by line so that the callbacks know which line they are on.
  while (!bytes.empty() && !m_stopped) {
    const auto nl = bytes.find('\n');
    const auto len = nl == std::string_view::npos ? bytes.size() : nl + 1;
    // A whole line at the start of a record without quotes is split here (libcsv costs ~40
    // instructions a byte); the outcome is the same.
    if (nl != std::string_view::npos && m_column == 0 && m_parser->pstate == k_row_not_begun &&
        plain_line(bytes.substr(0, nl))) {
      ++m_line;
      bytes.remove_prefix(len);
      continue;
    }
    const auto done = csv_parse(m_parser, bytes.data(), len, on_field, on_record, this);
    if (m_stopped) return;
    if (done < len) {
      if (csv_error(m_parser) != CSV_EPARSE) throw Error(Exit::failure, "out of memory while reading CSV");
      // libcsv stops on the offending byte.
      const bool quote = bytes[done] == '"';
      fail(m_line, m_column + done + 1,
           quote ? "bad quoting: a quote inside an unquoted field (quote the whole field and double the "
                   "quote: \"a \"\"b\"\" c\")"
                 : "bad quoting: text after a closing quote (quote the whole field and double a quote "
                   "inside it: \"a \"\"b\"\" c\")");
      return;
    }
    if (nl != std::string_view::npos) {
      // Records are one per line: a line break inside a quoted field is a quote left open.
      if (!m_multiline && m_parser->pstate == k_field_begun && m_parser->quoted != 0) {
        fail(m_line, 0,
             "bad quoting: a quoted field is not closed on its line (an unmatched '\"'; quote the whole "
             "field: \"a, b\")");
        return;
      }
      ++m_line;
      m_column = 0;
    } else {
      m_column += len;
    }
    bytes.remove_prefix(len);
  }
}

std::optional<char> sniff_delimiter(std::string_view text, bool at_end) {
  std::size_t comma = 0;
  std::size_t semicolon = 0;
  std::size_t tab = 0;
  bool quoted = false;
  for (const char c : text) {
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted) {
      if (c == ',') ++comma;
      if (c == ';') ++semicolon;
      if (c == '\t') ++tab;
      if (c == '\n') {
        if (comma + semicolon + tab > 0) {
          if (tab > comma && tab >= semicolon) return '\t';
          if (semicolon > comma && semicolon > tab) return ';';
          return ',';
        }
      }
    }
  }
  if (at_end || text.size() >= k_block) {
    if (tab > comma && tab >= semicolon) return '\t';
    if (semicolon > comma && semicolon > tab) return ';';
    return ',';
  }
  return std::nullopt;
}

namespace {
int space_only(unsigned char c) { return c == ' ' ? 1 : 0; }
} // namespace

void CsvStream::start() {
  std::string_view first(m_bom_buffer);
  if (first.starts_with(k_bom)) first.remove_prefix(k_bom.size());
  m_delimiter = sniff_delimiter(first, true).value_or(',');
  csv_set_delim(m_parser, static_cast<unsigned char>(m_delimiter));
  if (m_delimiter == '\t') csv_set_space_func(m_parser, space_only);
  m_started = true;
  parse(first);
  m_bom_buffer.clear();
}

void CsvStream::feed(std::string_view bytes) {
  if (!m_started) {
    m_bom_buffer.append(bytes);
    std::string_view first(m_bom_buffer);
    if (first.size() < k_bom.size() && k_bom.starts_with(first)) return;
    if (first.starts_with(k_bom)) first.remove_prefix(k_bom.size());
    if (!sniff_delimiter(first, false)) return; // no line with a separator yet
    start();
    return;
  }
  parse(bytes);
}

void CsvStream::finish() {
  if (!m_started) start();
  if (m_stopped) return;
  if (csv_fini(m_parser, on_field, on_record, this) != 0)
    fail(m_line, 0,
         "bad quoting: a quoted field is not closed at the end of the file (an unmatched '\"'; quote the whole "
         "field: \"a, b\")");
}

StreamedFile stream_csv_file(const std::filesystem::path& path, const RecordCallback& callback,
                             std::uint64_t* bytes_read, bool multiline) {
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  if (!in || std::filesystem::is_directory(path, ec))
    throw Error(Exit::no_input,
                fmt::format("cannot read {}: {}", path.string(),
                            std::filesystem::exists(path, ec) ? "not a readable file" : "no such file"));
  StreamedFile result;
  result.encoding = detect_encoding(path);
  Decoder decoder(result.encoding);
  std::string decoded;
  CsvStream stream(callback, multiline);
  std::string buffer(k_block, '\0');
  std::size_t line = 1;
  while (in && !stream.stopped()) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto n = static_cast<std::size_t>(in.gcount());
    if (n == 0) break;
    result.bytes += n;
    if (bytes_read != nullptr) *bytes_read = result.bytes;
    std::string_view chunk(buffer.data(), n);
    if (result.encoding != Encoding::utf8) {
      decoded.clear();
      decoder.decode(chunk, decoded);
      if (in.peek() == std::char_traits<char>::eof()) decoder.finish(decoded);
      chunk = decoded;
    }
    if (const auto nul = chunk.find('\0'); nul != std::string_view::npos) {
      result.binary = true;
      for (std::size_t i = 0; i < nul; ++i)
        if (chunk[i] == '\n') ++line;
      result.binary_line = line;
      break;
    }
    line += count_lines(chunk);
    stream.feed(chunk);
  }
  if (!result.binary && !stream.stopped()) stream.finish();
  result.error = stream.error();
  result.delimiter = stream.delimiter();
  if (in.bad()) throw Error(Exit::io, fmt::format("error reading {}", path.string()));
  return result;
}

std::string hash_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  if (!in || std::filesystem::is_directory(path, ec))
    throw Error(Exit::no_input,
                fmt::format("cannot read {}: {}", path.string(),
                            std::filesystem::exists(path, ec) ? "not a readable file" : "no such file"));
  Sha256 hash;
  std::string buffer(k_block, '\0');
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto n = static_cast<std::size_t>(in.gcount());
    if (n == 0) break;
    hash.update(std::string_view(buffer.data(), n));
  }
  if (in.bad()) throw Error(Exit::io, fmt::format("error reading {}", path.string()));
  return hash.hex();
}

} // namespace echo::attendance
