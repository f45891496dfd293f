// libFuzzer target: the proposal file reader (`proposal submit FILE`).
#include "fuzz_common.hpp"

#include "echo/proposal/file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const echo::proposal::SourceText file{std::string(echo::fuzz::as_text(data, size)), "fuzz.toml"};
  echo::fuzz::expect_refusal_only([&] { (void)echo::proposal::read_submission(file, {}); });
  return 0;
}
