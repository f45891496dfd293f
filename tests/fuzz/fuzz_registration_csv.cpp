// libFuzzer target: Zoom registration reports, webinar attendee reports and the generic
// registration CSV, through the streaming CSV parser and the registration reader (the pure part
// of `registration import`).
#include "fuzz_common.hpp"

#include "echo/attendance/csv_stream.hpp"
#include "echo/registration/reader.hpp"
#include "echo/util/problems.hpp"

#include <algorithm>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = echo::fuzz::as_text(data, size);
  echo::fuzz::expect_refusal_only([&] {
    echo::util::Problems problems("fuzz.csv");
    echo::registration::Reader reader(problems);
    echo::attendance::CsvStream stream([&](const std::vector<std::string>& fields, std::size_t line) {
      return reader.read(fields, line) != echo::registration::Reader::Event::stop;
    });
    // Fed in uneven chunks, as a file is read in blocks.
    std::size_t at = 0;
    std::size_t chunk = 1;
    while (at < text.size() && !stream.stopped()) {
      const auto n = std::min(chunk, text.size() - at);
      stream.feed(text.substr(at, n));
      at += n;
      chunk = chunk * 3 + 1;
    }
    stream.finish();
    if (!stream.error()) reader.finish();
    (void)problems.message();
  });
  return 0;
}
