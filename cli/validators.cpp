#include "validators.hpp"

#include "echo/util/text.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <string>

namespace echo::cli {

CLI::Validator finite_number() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const std::string t(util::trim(text));
        char* end = nullptr;
        const double v = std::strtod(t.c_str(), &end);
        if (t.empty() || end != t.c_str() + t.size()) return fmt::format("'{}' is not a number", text);
        if (!std::isfinite(v)) return fmt::format("'{}' is not a finite number", text);
        return {};
      },
      "X");
}

} // namespace echo::cli
