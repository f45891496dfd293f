#include "echo/config/config.hpp"

#include "echo/error.hpp"
#include "echo/util/files.hpp"
#include "echo/util/problems.hpp"
#include "echo/util/text.hpp"
#include "echo/util/time.hpp"
#include "echo/util/toml_parse.hpp"
#include "echo/util/validate.hpp"

#include "echo/util/toml_text.hpp"
#include <fmt/format.h>

#include <toml++/toml.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <tuple>

namespace echo::config {

namespace fs = std::filesystem;

namespace {

std::optional<std::string> env_of(const LoadOptions& options, const char* name) {
  if (options.getenv) return options.getenv(name);
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

std::string toml_string(const std::string& s) {
  std::ostringstream out;
  out << toml::value<std::string>(s);
  return out.str();
}

std::string toml_number(double d) {
  std::ostringstream out;
  out << toml::value<double>(d);
  return out.str();
}

std::string toml_array(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + toml_string(items[i]);
  return out + "]";
}

std::string where(const fs::path& file, const toml::source_region& src) {
  return fmt::format("{}:{}:{}", file.string(), src.begin.line, src.begin.column);
}

using Fail = std::function<void(const std::string&)>;
using Setter = void (*)(Config&, const toml::node&, const Fail& fail);

// A certificate image: empty (none), or a path ending in .png or .svg.
std::optional<std::string> image_path_problem(const std::string& path) {
  if (path.empty()) return std::nullopt;
  const auto ext = util::ascii_lower(fs::path(path).extension().string());
  if (ext != ".png" && ext != ".svg")
    return fmt::format("must be a PNG or SVG file (ending in .png or .svg), not \"{}\"", path);
  return std::nullopt;
}

struct KeySpec {
  const char* key;
  Setter set;
};

std::optional<std::string> as_string(const toml::node& n, const std::function<void(const std::string&)>& fail) {
  if (const auto* v = n.as_string()) {
    if (auto problem = util::text_problem(v->get())) {
      fail(*problem);
      return std::nullopt;
    }
    return v->get();
  }
  fail(fmt::format("must be a string, not {}", util::toml_type_name(n)));
  return std::nullopt;
}

std::optional<std::int64_t> as_integer(const toml::node& n, const std::function<void(const std::string&)>& fail) {
  if (const auto* v = n.as_integer()) return v->get();
  fail(fmt::format("must be an integer, not {}", util::toml_type_name(n)));
  return std::nullopt;
}

std::optional<double> as_number(const toml::node& n, const std::function<void(const std::string&)>& fail) {
  if (const auto* v = n.as_floating_point()) {
    if (!std::isfinite(v->get())) {
      fail(fmt::format("must be a finite number, not {}", v->get()));
      return std::nullopt;
    }
    return v->get();
  }
  if (const auto* v = n.as_integer()) return static_cast<double>(v->get());
  fail(fmt::format("must be a number, not {}", util::toml_type_name(n)));
  return std::nullopt;
}

// A [certificates] image (PNG or SVG path; empty: none), one setter for logo and signature.
template <fs::path Config::*Field> void set_image(Config& c, const toml::node& n, const Fail& fail) {
  if (auto s = as_string(n, fail)) {
    if (auto problem = image_path_problem(*s)) return fail(*problem);
    c.*Field = s->empty() ? fs::path() : util::expand_home(*s);
  }
}

const KeySpec k_keys[] = {
    {"database.path",
     [](Config& c, const toml::node& n, const Fail& fail) {
       if (auto s = as_string(n, fail)) {
         if (s->empty()) return fail("must not be empty");
         c.database_path = util::expand_home(*s);
       }
     }},
    {"database.busy_timeout_ms",
     [](Config& c, const toml::node& n, const Fail& fail) {
       if (auto v = as_integer(n, fail)) {
         if (*v < 0 || *v > INT_MAX) return fail(fmt::format("must be between 0 and {}, not {}", INT_MAX, *v));
         c.busy_timeout_ms = static_cast<int>(*v);
       }
     }},
    {"hub.name",
     [](Config& c, const toml::node& n, const Fail& fail) {
       if (auto s = as_string(n, fail)) c.hub_name = *s;
     }},
    {"hub.timezone",
     [](Config& c, const toml::node& n, const Fail& fail) {
       if (auto s = as_string(n, fail)) {
         if (!util::zone_name_exists(*s))
           return fail(fmt::format("unknown time zone \"{}\" (use an IANA name such as \"America/Vancouver\")", *s));
         c.hub_timezone = *s;
       }
     }},
    {"defaults.session_minutes",
     [](Config& c, const toml::node& n, const Fail& fail) {
       if (auto v = as_integer(n, fail)) {
         if (*v < 1 || *v > 1440) return fail(fmt::format("must be between 1 and 1440 minutes, not {}", *v));
         c.session_minutes = static_cast<int>(*v);
       }
     }},
    {"defaults.credit_hours",
     [](Config& c, const toml::node& n, const Fail& fail) {
       if (auto v = as_number(n, fail)) {
         if (*v < 0 || *v > 100) return fail(fmt::format("must be between 0 and 100, not {}", *v));
         c.credit_hours = *v;
       }
     }},
    {"attendance.min_minutes",
     [](Config& c, const toml::node& n, const Fail& fail) {
       if (auto v = as_integer(n, fail)) {
         if (*v < 0 || *v > 1440) return fail(fmt::format("must be between 0 and 1440 minutes, not {}", *v));
         c.attendance_min_minutes = static_cast<int>(*v);
       }
     }},
    {"attendance.date_order",
     [](Config& c, const toml::node& n, const Fail& fail) {
       if (auto s = as_string(n, fail)) {
         if (*s != "auto" && *s != "mdy" && *s != "dmy")
           return fail(fmt::format("must be \"auto\", \"mdy\" or \"dmy\", not \"{}\"", *s));
         c.attendance_date_order = *s;
       }
     }},
    {"attendance.generic_names",
     [](Config& c, const toml::node& n, const Fail& fail) {
       const auto* arr = n.as_array();
       if (arr == nullptr) return fail(fmt::format("must be an array of strings, not {}", util::toml_type_name(n)));
       std::vector<std::string> out;
       for (const auto& item : *arr) {
         const auto* s = item.as_string();
         if (s == nullptr || util::trim(s->get()).empty()) return fail("must be an array of non-empty strings");
         for (char ch : s->get())
           if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f)
             return fail(fmt::format("name \"{}\" has a control character", util::trim(s->get())));
         out.push_back(util::trim(s->get()));
       }
       c.attendance_generic_names = std::move(out);
     }},
    {"certificates.min_percent",
     [](Config& c, const toml::node& n, const Fail& fail) {
       if (auto v = as_number(n, fail)) {
         if (*v < 0 || *v > 100) return fail(fmt::format("must be between 0 and 100, not {}", *v));
         c.certificate_min_percent = *v;
       }
     }},
    {"certificates.logo", set_image<&Config::certificate_logo>},
    {"certificates.statement",
     [](Config& c, const toml::node& n, const Fail& fail) {
       if (auto s = as_string(n, fail)) c.certificate_statement = *s;
     }},
    {"certificates.signatory",
     [](Config& c, const toml::node& n, const Fail& fail) {
       if (auto s = as_string(n, fail)) c.certificate_signatory = *s;
     }},
    {"certificates.signature", set_image<&Config::certificate_signature>},
    {"reach.gap_threshold",
     [](Config& c, const toml::node& n, const Fail& fail) {
       if (auto v = as_number(n, fail)) {
         if (*v < 0 || *v > 100000) return fail(fmt::format("must be between 0 and 100000 per 100,000, not {}", *v));
         c.reach_gap_threshold = *v;
       }
     }},
    {"proposals.criteria",
     [](Config& c, const toml::node& n, const Fail& fail) {
       const auto* arr = n.as_array();
       if (arr == nullptr) return fail(fmt::format("must be an array of strings, not {}", util::toml_type_name(n)));
       std::vector<std::string> out;
       for (const auto& item : *arr) {
         const auto* s = item.as_string();
         if (s == nullptr || s->get().empty()) return fail("must be an array of non-empty strings");
         for (char ch : s->get())
           if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-'))
             return fail(fmt::format("criterion \"{}\" must be lowercase letters, digits, '-' or '_'", s->get()));
         for (const auto& seen : out)
           if (seen == s->get()) return fail(fmt::format("criterion \"{}\" is listed twice", seen));
         out.push_back(s->get());
       }
       if (out.empty()) return fail("must name at least one criterion");
       c.proposal_criteria = std::move(out);
     }},
};

// The reference tables: [[regions]], [professions], [[competencies]]. Each problem is reported at
// the node it is about; `report` collects them in file order.
using Report = std::function<void(const toml::node&, const std::string&)>;

const char* const k_reference_tables[] = {"regions", "professions", "competencies"};

bool is_reference_table(const std::string& name) {
  return std::find_if(std::begin(k_reference_tables), std::end(k_reference_tables),
                      [&](const char* t) { return name == t; }) != std::end(k_reference_tables);
}

// A non-empty string without control characters, trimmed; nullopt (reported) otherwise.
std::optional<std::string> reference_text(const toml::node& n, const std::string& what, const Report& report) {
  const auto* v = n.as_string();
  if (v == nullptr) {
    report(n, fmt::format("{} must be a string, not {}", what, util::toml_type_name(n)));
    return std::nullopt;
  }
  if (auto problem = util::text_problem(v->get())) {
    report(n, fmt::format("{} {}", what, *problem));
    return std::nullopt;
  }
  auto text = util::trim(v->get());
  if (text.empty() || util::label_key(text).empty()) {
    report(n, fmt::format("{} must not be empty", what));
    return std::nullopt;
  }
  return text;
}

// Each element of an array of tables ([[name]]), or a report that it is not one.
template <class F> void each_table(const toml::node& node, const std::string& name, const Report& report, F&& fn) {
  const auto* arr = node.as_array();
  if (arr == nullptr || !arr->is_array_of_tables()) {
    report(node, fmt::format("'{}' must be an array of tables ([[{}]])", name, name));
    return;
  }
  for (const auto& item : *arr) fn(*item.as_table());
}

void read_regions(Config& c, const toml::node& node, const Report& report) {
  // name_key -> the region that spells it, to refuse one spelling for two regions.
  std::vector<std::pair<std::string, std::string>> seen;
  auto claim = [&](const toml::node& at, const std::string& spelling, const std::string& region) {
    const auto key = util::label_key(spelling);
    for (const auto& [k, owner] : seen)
      if (k == key) {
        report(at, owner == region
                       ? fmt::format("region \"{}\" lists \"{}\" twice", region, spelling)
                       : fmt::format("\"{}\" names both region \"{}\" and region \"{}\"", spelling, owner, region));
        return;
      }
    seen.emplace_back(key, region);
  };
  each_table(node, "regions", report, [&](const toml::table& t) {
    Region r;
    const auto* name = t.get("name");
    if (name == nullptr) return report(t, "a [[regions]] entry needs a name");
    auto text = reference_text(*name, "'regions.name'", report);
    if (!text) return;
    r.name = *text;
    claim(*name, r.name, r.name);
    for (const auto& [key_, value_] : t) {
      const std::string key(key_.str());
      const toml::node& value = value_; // clang 14 cannot capture a structured binding
      if (key == "name") continue;
      if (key == "aliases") {
        const auto* arr = value.as_array();
        if (arr == nullptr) {
          report(value, fmt::format("'regions.aliases' of \"{}\" must be an array of strings", r.name));
          continue;
        }
        for (const auto& a : *arr)
          if (auto alias = reference_text(a, fmt::format("an alias of region \"{}\"", r.name), report)) {
            claim(a, *alias, r.name);
            r.aliases.push_back(*alias);
          }
      } else if (key == "population" || key == "providers") {
        const auto* v = value.as_integer();
        if (v == nullptr || v->get() < 1) {
          report(value, fmt::format("'regions.{}' of \"{}\" must be a whole number above 0", key, r.name));
          continue;
        }
        (key == "population" ? r.population : r.providers) = v->get();
      } else if (key == "rural") {
        if (const auto* b = value.as_boolean())
          r.rural = b->get() ? 1.0 : 0.0;
        else if (const auto* d = value.as_floating_point(); d && d->get() >= 0 && d->get() <= 1)
          r.rural = d->get();
        else if (const auto* i = value.as_integer(); i && (i->get() == 0 || i->get() == 1))
          r.rural = static_cast<double>(i->get());
        else
          report(value, fmt::format("'regions.rural' of \"{}\" must be true, false or a share from 0 to 1", r.name));
      } else {
        std::string hint;
        if (auto m = util::closest_match(key, {"name", "aliases", "population", "providers", "rural"}))
          hint = fmt::format(" (did you mean '{}'?)", *m);
        report(value, fmt::format("unknown key 'regions.{}'{}", key, hint));
      }
    }
    c.regions.push_back(std::move(r));
  });
}

void read_professions(Config& c, const toml::node& node, const Report& report) {
  const auto* t = node.as_table();
  if (t == nullptr) return report(node, "'professions' must be a table ([professions])");
  // alias key -> profession; a canonical name also counts as its own spelling.
  std::vector<std::pair<std::string, std::string>> seen;
  auto claim = [&](const toml::node& at, const std::string& spelling, const std::string& profession) {
    const auto key = util::label_key(spelling);
    for (const auto& [k, owner] : seen)
      if (k == key) {
        if (owner != profession)
          report(at, fmt::format("\"{}\" counts as both \"{}\" and \"{}\"", spelling, owner, profession));
        return false;
      }
    seen.emplace_back(key, profession);
    return true;
  };
  for (const auto& [key_, value_] : util::in_file_order(*t)) {
    const std::string alias = util::trim(key_->str());
    const toml::node& value = *value_;
    auto profession = reference_text(value, fmt::format("'professions.{}'", alias), report);
    if (!profession) continue;
    if (alias.empty() || util::label_key(alias).empty()) {
      report(value, "a [professions] spelling must not be empty");
      continue;
    }
    if (!claim(value, alias, *profession)) continue;
    claim(value, *profession, *profession);
    c.professions.push_back({alias, *profession});
  }
}

void read_competencies(Config& c, const toml::node& node, const Report& report) {
  each_table(node, "competencies", report, [&](const toml::table& t) {
    Competency d;
    const auto* code = t.get("code");
    const auto* title = t.get("title");
    if (code == nullptr || title == nullptr) return report(t, "a [[competencies]] entry needs a code and a title");
    const auto* code_text = code->as_string();
    if (code_text == nullptr || code_text->get().empty() || code_text->get().size() > 32 ||
        !std::all_of(code_text->get().begin(), code_text->get().end(), [](char ch) {
          return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' ||
                 ch == '_';
        }))
      return report(*code, "'competencies.code' must be 1 to 32 letters, digits, '-' or '_'");
    d.code = code_text->get();
    for (const auto& other : c.competencies)
      if (util::ascii_lower(other.code) == util::ascii_lower(d.code))
        return report(*code, fmt::format("competency code \"{}\" is listed twice", d.code));
    auto title_text = reference_text(*title, fmt::format("'competencies.title' of \"{}\"", d.code), report);
    if (!title_text) return;
    d.title = *title_text;
    for (const auto& [key_, value_] : t) {
      const std::string key(key_.str());
      if (key != "code" && key != "title") report(value_, fmt::format("unknown key 'competencies.{}'", key));
    }
    c.competencies.push_back(std::move(d));
  });
}

std::vector<std::string> tables_of_known_keys() {
  std::vector<std::string> tables;
  for (const auto& k : k_keys) {
    std::string t = util::split(k.key, '.')[0];
    if (tables.empty() || tables.back() != t) tables.push_back(t);
  }
  return tables;
}

std::string suggestion(const std::string& key) {
  const auto& keys = known_keys();
  if (auto m = util::closest_match(key, keys)) return fmt::format(" (did you mean '{}'?)", *m);
  // A known leaf in the wrong place: "timezone" at the top level, "hub.min_minutes".
  const auto leaf = util::split(key, '.').back();
  for (const auto& k : keys)
    if (util::split(k, '.').back() == leaf) return fmt::format(" (did you mean '{}'?)", k);
  std::vector<std::string> leaves;
  for (const auto& k : keys) leaves.push_back(util::split(k, '.').back());
  if (auto m = util::closest_match(leaf, leaves))
    for (const auto& k : keys)
      if (util::split(k, '.').back() == *m) return fmt::format(" (did you mean '{}'?)", k);
  return {};
}

void set_entry(Config& c, const std::string& key, std::string value, std::string source) {
  for (auto& e : c.entries)
    if (e.key == key) {
      e.value = std::move(value);
      e.source = std::move(source);
      return;
    }
  c.entries.push_back({key, std::move(value), std::move(source), {}});
}

std::string value_text(const Config& c, const std::string& key) {
  if (key == "database.path") return toml_string(c.database_path.string());
  if (key == "database.busy_timeout_ms") return std::to_string(c.busy_timeout_ms);
  if (key == "hub.name") return toml_string(c.hub_name);
  if (key == "hub.timezone") return toml_string(c.hub_timezone);
  if (key == "defaults.session_minutes") return std::to_string(c.session_minutes);
  if (key == "defaults.credit_hours") return toml_number(c.credit_hours);
  if (key == "attendance.min_minutes") return std::to_string(c.attendance_min_minutes);
  if (key == "attendance.date_order") return toml_string(c.attendance_date_order);
  if (key == "attendance.generic_names") return toml_array(c.attendance_generic_names);
  if (key == "certificates.min_percent") return toml_number(c.certificate_min_percent);
  if (key == "certificates.logo") return toml_string(c.certificate_logo.string());
  if (key == "certificates.statement") return toml_string(c.certificate_statement);
  if (key == "certificates.signatory") return toml_string(c.certificate_signatory);
  if (key == "certificates.signature") return toml_string(c.certificate_signature.string());
  if (key == "proposals.criteria") return toml_array(c.proposal_criteria);
  if (key == "reach.gap_threshold") return toml_number(c.reach_gap_threshold);
  return {};
}

Config::Value value_typed(const Config& c, const std::string& key) {
  if (key == "database.path") return c.database_path.string();
  if (key == "database.busy_timeout_ms") return std::int64_t{c.busy_timeout_ms};
  if (key == "hub.name") return c.hub_name;
  if (key == "hub.timezone") return c.hub_timezone;
  if (key == "defaults.session_minutes") return std::int64_t{c.session_minutes};
  if (key == "defaults.credit_hours") return c.credit_hours;
  if (key == "attendance.min_minutes") return std::int64_t{c.attendance_min_minutes};
  if (key == "attendance.date_order") return c.attendance_date_order;
  if (key == "attendance.generic_names") return c.attendance_generic_names;
  if (key == "certificates.min_percent") return c.certificate_min_percent;
  if (key == "certificates.logo") return c.certificate_logo.string();
  if (key == "certificates.statement") return c.certificate_statement;
  if (key == "certificates.signatory") return c.certificate_signatory;
  if (key == "certificates.signature") return c.certificate_signature.string();
  if (key == "proposals.criteria") return c.proposal_criteria;
  if (key == "reach.gap_threshold") return c.reach_gap_threshold;
  if (key == "regions") {
    std::vector<std::string> names;
    for (const auto& r : c.regions) names.push_back(r.name);
    return names;
  }
  if (key == "professions") {
    std::vector<std::string> pairs;
    for (const auto& p : c.professions) pairs.push_back(p.alias + " = " + p.profession);
    return pairs;
  }
  if (key == "competencies") {
    std::vector<std::string> codes;
    for (const auto& d : c.competencies) codes.push_back(d.code + ": " + d.title);
    return codes;
  }
  return std::monostate{};
}

void fill_typed(Config& c) {
  for (auto& e : c.entries) {
    e.typed = value_typed(c, e.key);
    if (is_reference_table(e.key)) e.value = toml_array(std::get<std::vector<std::string>>(e.typed));
  }
}

Config defaults(const LoadOptions& options) {
  Config c;
  c.database_path = default_database_path(options);
  for (const auto& k : k_keys) c.entries.push_back({k.key, value_text(c, k.key), "default", {}});
  return c;
}

void apply_file(Config& c, const fs::path& path) {
  std::string text;
  try {
    text = util::read_file(path);
  } catch (const Error& e) {
    throw Error(Exit::config, fmt::format("config file {}", e.what()));
  }
  toml::table root;
  try {
    root = util::parse_toml(text, path.string());
  } catch (const toml::parse_error& e) {
    throw Error(Exit::config, fmt::format("{}: {}", where(path, e.source()), e.description()));
  }

  // Problems in file order, each at the key it is about (an unknown key) or at its value.
  std::vector<std::tuple<std::size_t, std::size_t, std::string>> found;
  auto report_at = [&](const toml::source_region& at, const std::string& message) {
    found.emplace_back(at.begin.line, at.begin.column, message);
  };
  auto report = [&](const toml::node& node, const std::string& message) { report_at(node.source(), message); };
  const auto tables = tables_of_known_keys();
  for (const auto& [table_key, table_node] : root) {
    const std::string table_name(table_key.str());
    if (is_reference_table(table_name)) {
      const toml::node& node = table_node; // clang 14 cannot capture a structured binding
      const auto before = found.size();
      if (table_name == "regions") read_regions(c, node, report);
      if (table_name == "professions") read_professions(c, node, report);
      if (table_name == "competencies") read_competencies(c, node, report);
      if (found.size() == before) c.entries.push_back({table_name, "", where(path, node.source()), {}});
      continue;
    }
    const auto* table = table_node.as_table();
    const bool known_table = std::find(tables.begin(), tables.end(), table_name) != tables.end();
    if (table == nullptr) {
      if (known_table)
        report(table_node, fmt::format("'{}' must be a table ([{}])", table_name, table_name));
      else
        report_at(table_key.source(), fmt::format("unknown key '{}'{}", table_name, suggestion(table_name)));
      continue;
    }
    if (!known_table) {
      std::string hint;
      auto candidates = tables;
      candidates.insert(candidates.end(), std::begin(k_reference_tables), std::end(k_reference_tables));
      if (auto m = util::closest_match(table_name, candidates)) hint = fmt::format(" (did you mean [{}]?)", *m);
      report(table_node, fmt::format("unknown table [{}]{}", table_name, hint));
      continue;
    }
    for (const auto& [key, node] : *table) {
      const std::string full = table_name + "." + std::string(key.str());
      const KeySpec* spec = nullptr;
      for (const auto& k : k_keys)
        if (full == k.key) spec = &k;
      if (spec == nullptr) {
        report_at(key.source(), fmt::format("unknown key '{}'{}", full, suggestion(full)));
        continue;
      }
      bool ok = true;
      const toml::node& value = node; // clang 14 cannot capture a structured binding
      spec->set(c, value, [&](const std::string& message) {
        ok = false;
        report(value, fmt::format("'{}' {}", full, message));
      });
      if (ok) set_entry(c, full, value_text(c, full), where(path, node.source()));
    }
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return std::tie(std::get<0>(a), std::get<1>(a)) < std::tie(std::get<0>(b), std::get<1>(b));
  });
  util::Problems problems(path.string());
  for (const auto& [line, column, message] : found) problems.add(line, message, column);
  problems.throw_if_any(Exit::config);

  // A relative database path is relative to the directory of the file that set it.
  if (const auto* e = c.entry("database.path"); e && e->source != "default" && c.database_path.is_relative()) {
    c.database_path = fs::absolute(path).parent_path() / c.database_path;
    set_entry(c, "database.path", toml_string(c.database_path.lexically_normal().string()), e->source);
    c.database_path = c.database_path.lexically_normal();
  }
  // So are the certificate's images.
  for (auto [key, image] : {std::pair{"certificates.logo", &c.certificate_logo},
                            std::pair{"certificates.signature", &c.certificate_signature}})
    if (const auto* e = c.entry(key); e && e->source != "default" && !image->empty() && image->is_relative()) {
      *image = (fs::absolute(path).parent_path() / *image).lexically_normal();
      set_entry(c, key, toml_string(image->string()), e->source);
    }
  c.file = path;
}

} // namespace

const Config::Entry* Config::entry(const std::string& key) const {
  for (const auto& e : entries)
    if (e.key == key) return &e;
  return nullptr;
}

std::string Config::import_date_order(const std::string& flag) const {
  if (!flag.empty()) return flag;
  return attendance_date_order == "auto" ? std::string() : attendance_date_order;
}

const std::vector<std::string>& known_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> out;
    for (const auto& k : k_keys) out.emplace_back(k.key);
    return out;
  }();
  return keys;
}

fs::path default_database_path(const LoadOptions& options) {
  if (auto xdg = env_of(options, "XDG_DATA_HOME"); xdg && fs::path(*xdg).is_absolute())
    return fs::path(*xdg) / "echo" / "echo.db";
  if (auto home = env_of(options, "HOME")) return fs::path(*home) / ".local" / "share" / "echo" / "echo.db";
  return fs::path("echo.db");
}

std::optional<Discovered> discover(const LoadOptions& options) {
  if (options.no_config) return std::nullopt;
  auto must_exist = [](const fs::path& p, const std::string& how) {
    std::error_code ec;
    if (!fs::is_regular_file(p, ec))
      throw Error(Exit::config,
                  fmt::format("config file {} (from {}) does not exist or is not a file", p.string(), how));
    return Discovered{p, how};
  };
  if (options.config_flag) return must_exist(*options.config_flag, "--config");
  if (auto env = env_of(options, "ECHO_CONFIG")) return must_exist(*env, "ECHO_CONFIG");

  std::vector<std::pair<fs::path, std::string>> candidates;
  candidates.emplace_back("echo.toml", "./echo.toml");
  if (auto xdg = env_of(options, "XDG_CONFIG_HOME"); xdg && fs::path(*xdg).is_absolute())
    candidates.emplace_back(fs::path(*xdg) / "echo" / "config.toml", "$XDG_CONFIG_HOME");
  else if (auto home = env_of(options, "HOME"))
    candidates.emplace_back(fs::path(*home) / ".config" / "echo" / "config.toml", "~/.config");
  candidates.emplace_back("/etc/echo/config.toml", "/etc/echo");
  for (const auto& [path, how] : candidates) {
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) return Discovered{path, how};
  }
  return std::nullopt;
}

Config load_file(const fs::path& path) {
  LoadOptions options;
  Config c = defaults(options);
  apply_file(c, path);
  fill_typed(c);
  return c;
}

Config load(const LoadOptions& options) {
  Config c = defaults(options);
  if (auto found = discover(options)) apply_file(c, found->path);
  if (options.database_flag) {
    c.database_path = util::expand_home(*options.database_flag);
    set_entry(c, "database.path", toml_string(c.database_path.string()), "flag --database");
  } else if (auto env = env_of(options, "ECHO_DATABASE")) {
    c.database_path = util::expand_home(*env);
    set_entry(c, "database.path", toml_string(c.database_path.string()), "env ECHO_DATABASE");
  }
  fill_typed(c);
  return c;
}

} // namespace echo::config
