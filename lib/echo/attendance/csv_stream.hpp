#pragma once
// Streams CSV text through libcsv, record by record, with the 1-based line each record starts
// on. Memory stays bounded by the longest record, not the file size.

#include "echo/attendance/text_decoder.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct csv_parser;

namespace echo::attendance {

// A quoting error: the stream stops at the first one.
struct CsvSyntaxError {
  std::size_t line = 0;
  std::size_t column = 0; // 1-based byte column, 0 when unknown
  std::string message;
};

// Called once per record; return false to stop reading.
using RecordCallback = std::function<bool(const std::vector<std::string>& fields, std::size_t line)>;

class CsvStream {
public:
  // multiline: a quoted field may hold line breaks (survey answers do); attendance exports are
  // one record per line, and there an open quote at the end of a line is a quoting error.
  explicit CsvStream(RecordCallback callback, bool multiline = false);
  ~CsvStream();
  CsvStream(const CsvStream&) = delete;
  CsvStream& operator=(const CsvStream&) = delete;

  // Parses the next bytes (any chunking); a leading UTF-8 BOM is dropped. The separator is
  // sniffed from the first line that has one: comma, semicolon or tab, whichever that line has
  // most of outside quotes (Excel writes ';' where ',' is the decimal mark, "Unicode Text" tabs).
  void feed(std::string_view bytes);
  // The separator in use (',' until sniffed).
  [[nodiscard]] char delimiter() const { return m_delimiter; }
  // Flushes the last record (one without a final newline).
  void finish();
  [[nodiscard]] bool stopped() const { return m_stopped; }
  // The first quoting error (strict mode: a quote inside an unquoted field or text after a
  // closing quote, a line break inside a quoted field, a quote left open at the end).
  [[nodiscard]] const std::optional<CsvSyntaxError>& error() const { return m_error; }
  // Records delivered so far.
  [[nodiscard]] std::size_t records() const { return m_records; }

private:
  static void on_field(void* data, std::size_t size, void* self);
  static void on_record(int terminator, void* self);
  void parse(std::string_view bytes);
  void fail(std::size_t line, std::size_t column, std::string message);
  void add_field(const char* data, std::size_t size);
  void end_record();
  // Splits a whole line without quotes itself; false when libcsv must read it.
  bool plain_line(std::string_view line);

  RecordCallback m_callback;
  csv_parser* m_parser = nullptr;
  std::vector<std::string> m_fields; // the first m_count are the current record's
  std::size_t m_count = 0;
  std::size_t m_line = 1;   // line being fed
  std::size_t m_column = 0; // bytes of the current line fed so far
  std::optional<CsvSyntaxError> m_error;
  std::size_t m_record_line = 0; // line of the current record's first field
  std::size_t m_records = 0;
  bool m_started = false;
  std::string m_bom_buffer;
  bool m_stopped = false;
  char m_delimiter = ',';
  bool m_multiline = false;
  void start(); // sniffs the separator from the buffered start and parses it
};

// The separator of the first line of `text` that has one outside quotes; nullopt when no
// complete line has one yet (at_end: the text is all there is).
std::optional<char> sniff_delimiter(std::string_view text, bool at_end);

struct StreamedFile {
  std::string sha256; // hex digest of the whole file
  std::uint64_t bytes = 0;
  bool binary = false; // a NUL byte was seen (reading stopped there)
  std::size_t binary_line = 0;
  std::optional<CsvSyntaxError> error; // quoting error (reading stopped there)
  Encoding encoding = Encoding::utf8;  // what the bytes were converted from
  char delimiter = ',';
};

// Streams a file through a CsvStream in fixed-size blocks; `bytes_read`, when given, is kept at
// the bytes read so far (for progress: the callback can read it).
// Error(no_input) naming the path when it is missing or unreadable.
StreamedFile stream_csv_file(const std::filesystem::path& path, const RecordCallback& callback,
                             std::uint64_t* bytes_read = nullptr, bool multiline = false);
// Hashes a file (SHA-256 hex) in fixed-size blocks. Error(no_input) when unreadable.
std::string hash_file(const std::filesystem::path& path);

} // namespace echo::attendance
