#pragma once
// Progress of a long operation (an import): the library says how far it is, the front end
// decides whether and how to show it (cli/progress.hpp draws it on a terminal). The library
// never prints.

#include <cstdint>
#include <functional>
#include <utility>

namespace echo::util {

struct ProgressTick {
  std::uint64_t rows = 0;  // rows (records, sessions) handled so far
  std::uint64_t done = 0;  // units of `total` done: bytes read of a file, sessions of a schedule
  std::uint64_t total = 0; // 0 when unknown
  bool final = false;      // the last tick: the work is done
};

using ProgressCallback = std::function<void(const ProgressTick&)>;

// What an operation holds: calls the callback every `every` rows and once at the end; does
// nothing (and costs a counter) when there is no callback.
class Progress {
public:
  static constexpr std::uint64_t k_every = 1000;

  Progress() = default;
  explicit Progress(ProgressCallback callback, std::uint64_t every = k_every)
      : m_callback(std::move(callback)), m_every(every == 0 ? 1 : every) {}

  // One more row; `done` of `total` (0: unknown) of the work.
  void row(std::uint64_t done = 0, std::uint64_t total = 0) {
    ++m_tick.rows;
    m_tick.done = done;
    m_tick.total = total;
    if (m_callback && m_tick.rows % m_every == 0) m_callback(m_tick);
  }
  // The work is done (called once; later calls do nothing).
  void finish() {
    if (!m_callback || m_tick.final) return;
    m_tick.final = true;
    if (m_tick.total != 0) m_tick.done = m_tick.total;
    m_callback(m_tick);
  }
  [[nodiscard]] std::uint64_t rows() const { return m_tick.rows; }

private:
  ProgressCallback m_callback;
  std::uint64_t m_every = k_every;
  ProgressTick m_tick;
};

} // namespace echo::util
