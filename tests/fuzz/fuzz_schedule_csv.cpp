// libFuzzer target: the schedule csv reader (session import, series create --file).
#include "fuzz_common.hpp"

#include "echo/schedule/schedule_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = echo::fuzz::as_text(data, size);
  echo::fuzz::expect_refusal_only([&] { (void)echo::schedule::parse_csv(text, "fuzz.csv"); });
  echo::fuzz::expect_refusal_only([&] {
    echo::util::Problems sink("fuzz.csv");
    (void)echo::schedule::parse_csv(text, "fuzz.csv", &sink);
    (void)sink.message();
  });
  return 0;
}
