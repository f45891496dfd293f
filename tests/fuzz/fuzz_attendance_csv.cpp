// libFuzzer target: Zoom exports and the generic attendance CSV, through the streaming CSV
// parser and the layout reader (the pure part of `attendance import`). A first byte 0x01 or
// 0x02 stands for --source zoom or --source csv; any other input is read as a file, detected.
#include "fuzz_common.hpp"

#include "echo/attendance/csv_stream.hpp"
#include "echo/attendance/export_reader.hpp"
#include "echo/util/problems.hpp"

#include <algorithm>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string forced;
  if (size > 0 && (data[0] == 1 || data[0] == 2)) {
    forced = data[0] == 1 ? "zoom" : "csv";
    ++data;
    --size;
  }
  const auto text = echo::fuzz::as_text(data, size);
  echo::fuzz::expect_refusal_only([&] {
    echo::util::Problems problems("fuzz.csv");
    echo::attendance::ExportReader reader(problems, forced);
    echo::attendance::CsvStream stream([&](const std::vector<std::string>& fields, std::size_t line) {
      return reader.read(fields, line) != echo::attendance::ExportReader::Event::stop;
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
