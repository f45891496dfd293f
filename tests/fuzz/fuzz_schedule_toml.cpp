// libFuzzer target: the schedule toml reader (session import, series create --file).
#include "fuzz_common.hpp"

#include "echo/schedule/schedule_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = echo::fuzz::as_text(data, size);
  echo::fuzz::expect_refusal_only([&] { (void)echo::schedule::parse_toml(text, "fuzz.toml"); });
  echo::fuzz::expect_refusal_only([&] {
    echo::util::Problems sink("fuzz.toml");
    (void)echo::schedule::parse_toml(text, "fuzz.toml", &sink);
    (void)sink.message();
  });
  return 0;
}
