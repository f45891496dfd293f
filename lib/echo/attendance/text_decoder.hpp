#pragma once
// The encodings that spreadsheet programs save exports in, detected from the bytes and
// converted to UTF-8 block by block (streaming: memory stays bounded by the block size).
//
// Detection, for the whole file: a UTF-16 byte-order mark, or UTF-16 text without one (one NUL
// in every pair of bytes at the same place, as "Unicode Text" from Excel writes ASCII); else
// UTF-8 when every byte sequence of the file is valid UTF-8; else Windows-1252 (a superset of
// Latin-1 in its printable range, what Excel's "CSV" writes on Western Windows).

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace echo::attendance {

enum class Encoding { utf8, windows1252, utf16le, utf16be };

// "UTF-8", "Windows-1252", "UTF-16LE", "UTF-16BE"
std::string_view encoding_name(Encoding encoding);

// Detects the encoding of a file (reads it through once when it is not UTF-16).
// Error(no_input) when unreadable.
Encoding detect_encoding(const std::filesystem::path& path);
// The same for bytes in memory: the start of a file, or all of it.
Encoding detect_encoding(std::string_view bytes, bool whole);

// Converts one encoding to UTF-8 across arbitrary chunk boundaries.
class Decoder {
public:
  explicit Decoder(Encoding encoding) : m_encoding(encoding) {}
  // Appends the UTF-8 of `bytes` to `out` (UTF-8 input is copied as it is).
  void decode(std::string_view bytes, std::string& out);
  // Appends U+FFFD when the input ended inside a character.
  void finish(std::string& out);

private:
  Encoding m_encoding;
  std::uint8_t m_carry[3] = {0, 0, 0};
  unsigned m_carried = 0;
  std::uint32_t m_high = 0; // a UTF-16 high surrogate waiting for its low half
};

// Appends a code point as UTF-8.
void append_utf8(std::uint32_t cp, std::string& out);

} // namespace echo::attendance
