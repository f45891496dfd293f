#pragma once
// Shared by the libFuzzer targets: a reader may refuse its input only with echo::Error (exit 65,
// 66, 78 ... with a message); anything else escaping (std::exception, a crash, a sanitizer
// report, a hang) is a finding.

#include "echo/error.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <unistd.h>

namespace echo::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Runs fn; echo::Error is the expected refusal. An internal error (exit 70) for bad input is a
// finding: abort so that libFuzzer keeps the input.
template <class F> void expect_refusal_only(F&& fn) {
  try {
    fn();
  } catch (const Error& e) {
    if (e.what()[0] == '\0') {
      std::fputs("echo::Error without a message\n", stderr);
      std::abort();
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "exception other than echo::Error (exit 70 for bad input): %s\n", e.what());
    std::abort();
  }
}

// A per-process scratch file holding the input, for readers that take a path.
inline std::filesystem::path scratch_file(std::string_view bytes, const char* extension) {
  static const auto dir = [] {
    auto d = std::filesystem::temp_directory_path() / ("echo-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  const auto path = dir / (std::string("input") + extension);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path;
}

} // namespace echo::fuzz
