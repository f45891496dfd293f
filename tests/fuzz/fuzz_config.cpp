// libFuzzer target: the config file reader (`config check FILE`, every command's start-up).
#include "fuzz_common.hpp"

#include "echo/config/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = echo::fuzz::scratch_file(echo::fuzz::as_text(data, size), ".toml");
  echo::fuzz::expect_refusal_only([&] { (void)echo::config::load_file(path); });
  return 0;
}
