#pragma once
// The one error type of echo: a message and the exit-code category the CLI maps it to.

#include <stdexcept>
#include <string>

namespace echo {

// Exit codes of the command contract (sysexits.h where one fits).
enum class Exit : int {
  ok = 0,
  failure = 1,      // request cannot be done: not found, exists, refused change, check failed
  usage = 2,        // unknown command/option, malformed option value
  data = 65,        // bad input data or an invalid well-formed value
  no_input = 66,    // input file (or database for a reader) missing or unreadable
  cant_create = 73, // output file cannot be created
  io = 74,          // I/O error or damaged database
  temp_fail = 75,   // database locked past the busy timeout
  config = 78,      // configuration error
};

class Error : public std::runtime_error {
public:
  Error(Exit code, const std::string& message) : std::runtime_error(message), m_code(code) {}
  [[nodiscard]] Exit code() const noexcept { return m_code; }
  [[nodiscard]] int exit_code() const noexcept { return static_cast<int>(m_code); }

private:
  Exit m_code;
};

} // namespace echo
