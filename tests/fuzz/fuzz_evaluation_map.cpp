// libFuzzer target: the mapping file reader (`evaluation import --map MAP.toml`).
#include "fuzz_common.hpp"

#include "echo/evaluation/map.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  echo::fuzz::expect_refusal_only(
      [&] { (void)echo::evaluation::parse_map(std::string(echo::fuzz::as_text(data, size)), "fuzz.toml"); });
  return 0;
}
