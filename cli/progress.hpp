#pragma once
// Draws a long operation's progress (util/progress.hpp) on stderr: rows, rate and, when the
// total is known, the share done and the time left, redrawn with \r at most 4 times a second,
// from when the operation has run ECHO_PROGRESS_AFTER seconds (default 2). Nothing when stderr
// is not a terminal or with -q. The library only reports; this is the one place that draws.

#include "context.hpp"

#include "echo/util/progress.hpp"

#include <chrono>
#include <string>

namespace echo::cli {

class TerminalProgress {
public:
  // `label` begins the line ("importing FILE"); `unit` names the rows ("rows", "sessions"); an
  // empty unit shows the elapsed time only ("Hub summary: working, 0:04").
  TerminalProgress(const Context& ctx, std::string label, std::string unit = "rows");
  ~TerminalProgress(); // ends a line left open (an operation that failed half way)
  TerminalProgress(const TerminalProgress&) = delete;
  TerminalProgress& operator=(const TerminalProgress&) = delete;

  // What to give the library: empty (no progress kept) when nothing is to be drawn.
  [[nodiscard]] util::ProgressCallback callback();

  // The delay before the first drawing: ECHO_PROGRESS_AFTER (seconds, a decimal number, 0 draws
  // from the first row), else 2 s.
  static std::chrono::milliseconds delay();
  // The line for a tick after `elapsed` (without \r), e.g.
  // "importing a.csv: 120,000 rows, 40,000 rows/s, 25%, ETA 0:09".
  static std::string line(const std::string& label, const std::string& unit, const util::ProgressTick& tick,
                          std::chrono::milliseconds elapsed);

private:
  void on_tick(const util::ProgressTick& tick);

  std::string m_label;
  std::string m_unit;
  bool m_enabled = false;
  bool m_open = false; // a line is drawn and not ended
  std::chrono::milliseconds m_delay{2000};
  std::chrono::steady_clock::time_point m_start;
  std::chrono::steady_clock::time_point m_last_draw;
};

} // namespace echo::cli
