#include "validators.hpp"

#include "echo/util/text.hpp"
#include "echo/util/validate.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <string>

namespace echo::cli {

CLI::Validator finite_number() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const std::string t(util::trim(text));
        // Decimal only: strtod would also read "0x10" (16), "inf" and "nan".
        if (util::parse_decimal(t)) return {};
        char* end = nullptr;
        std::strtod(t.c_str(), &end);
        if (!t.empty() && end == t.c_str() + t.size() && t.find_first_of("xX") == std::string::npos)
          return fmt::format("'{}' is not a finite number", text);
        return fmt::format("'{}' is not a decimal number (e.g. 1.5)", text);
      },
      "X");
}

CLI::Validator non_empty_file() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (text.empty()) return "an empty file name (use '-' or leave the option out for standard output)";
        return {};
      },
      "FILE");
}

} // namespace echo::cli
