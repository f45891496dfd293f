#include "echo/attendance/text_decoder.hpp"

#include "echo/error.hpp"

#include <fmt/format.h>

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <fstream>

namespace echo::attendance {

namespace {

constexpr std::size_t k_block = 64 * 1024;

// Windows-1252 0x80..0x9F; the five unassigned bytes keep their Latin-1 (C1) value.
constexpr std::array<std::uint16_t, 32> k_cp1252{0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                                 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
                                                 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                                 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

// Validates UTF-8 across chunks: `need` continuation bytes still expected.
struct Utf8Check {
  int need = 0;
  bool ok = true;
  void feed(std::string_view bytes) {
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      // Between sequences, eight ASCII bytes at a time (a whole file is checked), then straight
      // to the first byte with its high bit set.
      while (need == 0 && i + 8 <= bytes.size()) {
        std::uint64_t word = 0;
        std::memcpy(&word, bytes.data() + i, sizeof word);
        const auto high = word & 0x8080808080808080ULL;
        if (high == 0) {
          i += 8;
          continue;
        }
        if constexpr (std::endian::native == std::endian::little)
          i += static_cast<std::size_t>(std::countr_zero(high)) / 8;
        break;
      }
      if (i == bytes.size()) return;
      const auto c = static_cast<unsigned char>(bytes[i]);
      if (need > 0) {
        if ((c & 0xC0) != 0x80) {
          ok = false;
          return;
        }
        --need;
      } else if (c < 0x80) {
        continue;
      } else if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
      } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
      } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
      } else {
        ok = false;
        return;
      }
    }
  }
};

} // namespace

std::string_view encoding_name(Encoding encoding) {
  switch (encoding) {
  case Encoding::utf8: return "UTF-8";
  case Encoding::windows1252: return "Windows-1252";
  case Encoding::utf16le: return "UTF-16LE";
  case Encoding::utf16be: return "UTF-16BE";
  }
  return "UTF-8";
}

Encoding detect_encoding(std::string_view bytes, bool whole) {
  if (bytes.starts_with("\xFF\xFE")) return Encoding::utf16le;
  if (bytes.starts_with("\xFE\xFF")) return Encoding::utf16be;
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  // UTF-16 without a mark: Latin text has a NUL in every second byte, on one side only.
  std::size_t even = 0;
  std::size_t odd = 0;
  const auto pairs = std::min<std::size_t>(bytes.size(), k_block) / 2;
  for (std::size_t i = 0; i < pairs; ++i) {
    even += bytes[2 * i] == '\0';
    odd += bytes[2 * i + 1] == '\0';
  }
  if (pairs >= 2) {
    if (odd * 2 >= pairs && even == 0) return Encoding::utf16le;
    if (even * 2 >= pairs && odd == 0) return Encoding::utf16be;
  }
  if (!whole) bytes = bytes.substr(0, std::min(bytes.size(), k_block));
  Utf8Check check;
  check.feed(bytes);
  // A sequence cut at the end of a block is not a fault of the text.
  return check.ok ? Encoding::utf8 : Encoding::windows1252;
}

Encoding detect_encoding(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  if (!in || std::filesystem::is_directory(path, ec))
    throw Error(Exit::no_input,
                fmt::format("cannot read {}: {}", path.string(),
                            std::filesystem::exists(path, ec) ? "not a readable file" : "no such file"));
  std::string buffer(k_block, '\0');
  in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  buffer.resize(static_cast<std::size_t>(in.gcount()));
  const auto first = detect_encoding(buffer, false);
  if (first != Encoding::utf8) return first;
  Utf8Check check;
  check.feed(buffer);
  buffer.resize(k_block);
  while (check.ok && in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto n = static_cast<std::size_t>(in.gcount());
    if (n == 0) break;
    check.feed(std::string_view(buffer.data(), n));
  }
  if (in.bad()) throw Error(Exit::io, fmt::format("error reading {}", path.string()));
  return check.ok ? Encoding::utf8 : Encoding::windows1252;
}

void append_utf8(std::uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

void Decoder::decode(std::string_view bytes, std::string& out) {
  switch (m_encoding) {
  case Encoding::utf8: out.append(bytes); return;
  case Encoding::windows1252:
    out.reserve(out.size() + bytes.size() + bytes.size() / 8);
    for (const char ch : bytes) {
      const auto c = static_cast<unsigned char>(ch);
      if (c < 0x80)
        out += ch;
      else
        append_utf8(c < 0xA0 ? k_cp1252[c - 0x80] : c, out);
    }
    return;
  case Encoding::utf16le:
  case Encoding::utf16be: {
    const bool le = m_encoding == Encoding::utf16le;
    out.reserve(out.size() + bytes.size() / 2 + 16);
    std::size_t i = 0;
    auto unit = [&](std::uint8_t a, std::uint8_t b) {
      const std::uint32_t lo = le ? a : b;
      const std::uint32_t hi = le ? b : a;
      const std::uint32_t u = lo | (hi << 8);
      if (m_high != 0) {
        if (u >= 0xDC00 && u <= 0xDFFF) {
          append_utf8(0x10000 + ((m_high - 0xD800) << 10) + (u - 0xDC00), out);
          m_high = 0;
          return;
        }
        append_utf8(0xFFFD, out);
        m_high = 0;
      }
      if (u >= 0xD800 && u <= 0xDBFF)
        m_high = u;
      else if (u >= 0xDC00 && u <= 0xDFFF)
        append_utf8(0xFFFD, out);
      else
        append_utf8(u, out);
    };
    if (m_carried == 1 && !bytes.empty()) {
      unit(m_carry[0], static_cast<std::uint8_t>(bytes[0]));
      m_carried = 0;
      i = 1;
    }
    for (; i + 1 < bytes.size(); i += 2) {
      const auto a = static_cast<std::uint8_t>(bytes[i]);
      const auto b = static_cast<std::uint8_t>(bytes[i + 1]);
      if (le && b == 0 && a != 0 && a < 0x80 && m_high == 0)
        out += static_cast<char>(a); // the common case: ASCII
      else if (!le && a == 0 && b != 0 && b < 0x80 && m_high == 0)
        out += static_cast<char>(b);
      else
        unit(a, b);
    }
    if (i < bytes.size()) {
      m_carry[0] = static_cast<std::uint8_t>(bytes[i]);
      m_carried = 1;
    }
    return;
  }
  }
}

void Decoder::finish(std::string& out) {
  if (m_carried != 0 || m_high != 0) append_utf8(0xFFFD, out);
  m_carried = 0;
  m_high = 0;
}

} // namespace echo::attendance
