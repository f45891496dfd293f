#include "progress.hpp"

#include "echo/util/text.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace echo::cli {

namespace progress_detail {

constexpr std::chrono::milliseconds k_redraw{250}; // at most 4 drawings a second

std::string clock_text(std::int64_t seconds) {
  if (seconds >= 3600) return fmt::format("{}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
  return fmt::format("{}:{:02}", seconds / 60, seconds % 60);
}

void write_stderr(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

} // namespace progress_detail

TerminalProgress::TerminalProgress(const Context& ctx, std::string label, std::string unit)
    : m_label(std::move(label)), m_unit(std::move(unit)), m_enabled(!ctx.global.quiet && ::isatty(STDERR_FILENO) == 1),
      m_delay(delay()), m_start(std::chrono::steady_clock::now()) {}

TerminalProgress::~TerminalProgress() {
  if (m_open) progress_detail::write_stderr("\n");
}

util::ProgressCallback TerminalProgress::callback() {
  if (!m_enabled) return {};
  return [this](const util::ProgressTick& tick) { on_tick(tick); };
}

std::chrono::milliseconds TerminalProgress::delay() {
  const char* text = std::getenv("ECHO_PROGRESS_AFTER");
  if (text == nullptr || *text == '\0') return std::chrono::milliseconds(2000);
  char* end = nullptr;
  const double seconds = std::strtod(text, &end);
  if (end == text || *end != '\0' || !(seconds >= 0) || seconds > 86400) return std::chrono::milliseconds(2000);
  return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000));
}

std::string TerminalProgress::line(const std::string& label, const std::string& unit, const util::ProgressTick& tick,
                                   std::chrono::milliseconds elapsed) {
  const auto ms = std::max<std::int64_t>(elapsed.count(), 1);
  // No unit: work that has no rows to count (a report's SQL), shown by its elapsed time.
  if (unit.empty())
    return fmt::format("{}: {} {}", label, tick.final ? "done in" : "working,", progress_detail::clock_text(ms / 1000));
  const auto rows = static_cast<std::int64_t>(tick.rows);
  const auto rate = static_cast<std::int64_t>(static_cast<double>(rows) * 1000.0 / static_cast<double>(ms));
  std::string text = fmt::format("{}: {} {}", label, util::group_digits(rows), unit);
  if (tick.final)
    return text +
           fmt::format(" in {}, {} {}/s", progress_detail::clock_text(ms / 1000), util::group_digits(rate), unit);
  text += fmt::format(", {} {}/s", util::group_digits(rate), unit);
  if (tick.total != 0 && tick.done != 0) {
    const auto done = std::min(tick.done, tick.total);
    const auto share = static_cast<double>(done) / static_cast<double>(tick.total);
    const auto left = static_cast<double>(ms) / 1000.0 * (1.0 - share) / share;
    text += fmt::format(", {}%, ETA {}", static_cast<int>(share * 100.0),
                        progress_detail::clock_text(static_cast<std::int64_t>(left + 0.5)));
  }
  return text;
}

void TerminalProgress::on_tick(const util::ProgressTick& tick) {
  const auto now = std::chrono::steady_clock::now();
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(now - m_start);
  if (elapsed < m_delay) return; // short operations draw nothing
  if (!tick.final && m_open && now - m_last_draw < progress_detail::k_redraw) return;
  m_last_draw = now;
  // \r back to the line's start, the text, then erase what a longer earlier line left.
  auto text = "\r" + line(m_label, m_unit, tick, elapsed) + "\033[K";
  if (tick.final) text += "\n";
  progress_detail::write_stderr(text);
  m_open = !tick.final;
}

} // namespace echo::cli
