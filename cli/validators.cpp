#include "validators.hpp"
#include "context.hpp"

#include "echo/error.hpp"
#include "echo/schedule/service.hpp"

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

std::vector<std::string> competency_codes(Context& ctx) {
  std::vector<std::string> out;
  for (const auto& c : ctx.config().competencies) out.push_back(c.code);
  return out;
}

void add_export_time_options(CLI::App& cmd, std::string& timezone, std::string& date_order) {
  cmd.add_option("--timezone", timezone, "Zone of the file's times (default: hub.timezone)")->option_text("TZ");
  cmd.add_option("--date-order", date_order,
                 "mdy or dmy: how to read N/N/YYYY dates (default: [attendance] date_order, else decided from "
                 "the file)")
      ->check(CLI::IsMember({"mdy", "dmy"}));
}

void add_domain_options(CLI::App& cmd, std::vector<std::string>& values, bool& clear, bool replaces) {
  auto* domain = cmd.add_option("--domain", values,
                                replaces ? "Competency domain, a [[competencies]] code of the config (repeatable or "
                                           "comma-separated; replaces the set; '' clears it)"
                                         : "Competency domain, a [[competencies]] code of the config (repeatable or "
                                           "comma-separated)")
                     ->delimiter(',')
                     ->option_text("CODE");
  if (replaces) cmd.add_flag("--no-domain", clear, "Remove every competency domain")->excludes(domain);
}

std::optional<std::vector<std::string>> domains_given(Context& ctx, const CLI::App& cmd,
                                                      const std::vector<std::string>& values, bool clear) {
  if (clear) return std::vector<std::string>{};
  if (cmd.count("--domain") == 0) return std::nullopt;
  return schedule::resolve_domains(values, competency_codes(ctx), Exit::usage, "--domain: ");
}

} // namespace echo::cli
