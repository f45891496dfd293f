#include "echo/proposal/file.hpp"

#include "echo/db/lookup.hpp"
#include "echo/domain/series.hpp"
#include "echo/error.hpp"
#include "echo/util/problems.hpp"
#include "echo/util/text.hpp"
#include "echo/util/time.hpp"
#include "echo/util/toml_parse.hpp"

#include "echo/util/toml_text.hpp"
#include "echo/util/validate.hpp"
#include <fmt/format.h>

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <tuple>

namespace echo::proposal {

namespace {

constexpr int k_max_sessions = 1000;
constexpr double k_max_credit_hours = 100.0;

bool contains(const std::vector<std::string>& list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

std::string date_text(const toml::date& d) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year), static_cast<unsigned>(d.month),
                     static_cast<unsigned>(d.day));
}

// Validation of one file: every problem goes to `problems` with the node's position.
class FileReader {
public:
  FileReader(util::Problems& problems, domain::ProposalDraft& draft) : m_problems(problems), m_draft(draft) {}

  void read(const toml::table& root) {
    for (const auto& [key, node] : root) {
      const std::string k(key.str());
      if (!contains(file_keys(), k)) {
        unknown(node, k, "", file_keys());
        continue;
      }
      if (k == "title") {
        if (auto s = text(node, k, true)) m_draft.title = *s;
      } else if (k == "summary") {
        if (auto s = text(node, k, false)) m_draft.summary = *s;
      } else if (k == "audience") {
        m_draft.audience = list(node, k);
      } else if (k == "objectives") {
        m_draft.objectives = list(node, k);
      } else if (k == "sessions") {
        if (const auto* v = node.as_integer()) {
          if (v->get() < 1 || v->get() > k_max_sessions)
            fail(node, fmt::format("'sessions' must be between 1 and {}, not {}", k_max_sessions, v->get()));
          else
            m_draft.sessions = static_cast<int>(v->get());
        } else {
          fail(node, fmt::format("'sessions' must be an integer, not {}", util::toml_type_name(node)));
        }
      } else if (k == "cadence") {
        if (auto s = text(node, k, true)) {
          if (contains(cadences(), *s))
            m_draft.cadence = *s;
          else
            fail(node, fmt::format("'cadence' must be one of {}, not \"{}\"{}", util::join(cadences(), ", "), *s,
                                   hint(*s, cadences())));
        }
      } else if (k == "start") {
        read_start(node);
      } else if (k == "credit_hours") {
        read_credit_hours(node);
      } else if (k == "lead") {
        read_lead(node);
      } else if (k == "team") {
        read_team(node);
      }
    }
  }

  // Where a table begins, for "missing key" problems.
  void missing(const toml::node* at, const std::string& key) {
    if (at != nullptr)
      fail(*at, fmt::format("missing required key '{}'", key));
    else
      m_found.push_back({0, 0, fmt::format("missing required key '{}'", key)});
  }

  // Hands the problems over in file order (toml++ keeps keys sorted by name, not by position).
  void flush() {
    std::stable_sort(m_found.begin(), m_found.end(), [](const Found& a, const Found& b) {
      return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    for (const auto& f : m_found) m_problems.add(f.line, f.message, f.column);
    m_found.clear();
  }

  const toml::node* lead_node = nullptr;

private:
  struct Found {
    std::size_t line;
    std::size_t column;
    std::string message;
  };

  void fail(const toml::node& node, const std::string& message) {
    m_found.push_back({node.source().begin.line, node.source().begin.column, message});
  }

  static std::string hint(const std::string& word, const std::vector<std::string>& candidates) {
    if (auto m = util::closest_match(word, candidates)) return fmt::format(" (did you mean '{}'?)", *m);
    return {};
  }

  void unknown(const toml::node& node, const std::string& key, const std::string& table,
               const std::vector<std::string>& known) {
    const std::string full = table.empty() ? key : table + "." + key;
    std::string suggestion = hint(key, known);
    if (suggestion.empty() && table.empty()) {
      // "lead_email" at the top level: the lead's keys live in [lead].
      for (const auto& lk : lead_keys())
        if (util::edit_distance(key, "lead_" + lk) <= 2)
          suggestion = fmt::format(" (did you mean '{}' in [lead]?)", lk);
    }
    if (suggestion.empty()) suggestion = fmt::format(" (known keys: {})", util::join(known, ", "));
    fail(node, fmt::format("unknown key '{}'{}", full, suggestion));
  }

  std::optional<std::string> text(const toml::node& node, const std::string& key, bool required_non_empty) {
    const auto* s = node.as_string();
    if (s == nullptr) {
      fail(node, fmt::format("'{}' must be a string, not {}", key, util::toml_type_name(node)));
      return std::nullopt;
    }
    auto value = util::trim(s->get());
    if (auto problem = util::text_problem(value, util::TextRule::multiline)) {
      fail(node, fmt::format("'{}' {}", key, *problem));
      return std::nullopt;
    }
    if (required_non_empty && value.empty()) {
      fail(node, fmt::format("'{}' must not be empty", key));
      return std::nullopt;
    }
    return value;
  }

  std::vector<std::string> list(const toml::node& node, const std::string& key) {
    std::vector<std::string> out;
    const auto* arr = node.as_array();
    if (arr == nullptr) {
      fail(node, fmt::format("'{}' must be an array of strings, not {}", key, util::toml_type_name(node)));
      return out;
    }
    std::size_t i = 0;
    for (const auto& item : *arr) {
      ++i;
      const auto* s = item.as_string();
      if (s == nullptr)
        fail(item, fmt::format("'{}' item {} must be a string, not {}", key, i, util::toml_type_name(item)));
      else if (util::trim(s->get()).empty())
        fail(item, fmt::format("'{}' item {} must not be empty", key, i));
      else if (auto problem = util::text_problem(s->get()))
        fail(item, fmt::format("'{}' item {} {}", key, i, *problem));
      else
        out.push_back(util::trim(s->get()));
    }
    return out;
  }

  void read_start(const toml::node& node) {
    std::optional<std::string> text_value;
    if (const auto* d = node.as_date()) text_value = date_text(d->get());
    if (const auto* s = node.as_string(); s && util::parse_date(util::trim(s->get())))
      text_value = util::trim(s->get());
    if (text_value) {
      if (const auto day = util::parse_date(*text_value); !day)
        fail(node, fmt::format("'start' {} is not a real day", *text_value));
      else if (auto problem = util::date_problem(*day))
        fail(node, fmt::format("'start' {}", *problem));
      else
        m_draft.start = *text_value;
    } else {
      fail(node,
           fmt::format("'start' must be a date such as 2026-03-05 (no quotes), not {}", util::toml_type_name(node)));
    }
  }

  void read_credit_hours(const toml::node& node) {
    std::optional<double> value;
    if (const auto* f = node.as_floating_point())
      value = f->get();
    else if (const auto* i = node.as_integer())
      value = static_cast<double>(i->get());
    if (!value) return fail(node, fmt::format("'credit_hours' must be a number, not {}", util::toml_type_name(node)));
    if (!std::isfinite(*value) || *value < 0 || *value > k_max_credit_hours)
      return fail(node, fmt::format("'credit_hours' must be between 0 and {}, not {}", k_max_credit_hours, *value));
    m_draft.credit_hours = *value;
  }

  void read_lead(const toml::node& node) {
    lead_node = &node;
    const auto* table = node.as_table();
    if (table == nullptr)
      return fail(node, fmt::format("'lead' must be a table ([lead]), not {}", util::toml_type_name(node)));
    for (const auto& [key, value] : *table) {
      const std::string k(key.str());
      if (!contains(lead_keys(), k)) {
        unknown(value, k, "lead", lead_keys());
        continue;
      }
      const auto s = text(value, "lead." + k, k != "organization");
      if (!s) continue;
      if (k == "name") {
        m_draft.lead_name = *s;
      } else if (k == "email") {
        if (util::looks_like_email(util::normalize_email(*s)))
          m_draft.lead_email = util::normalize_email(*s);
        else
          fail(value, fmt::format("'lead.email' \"{}\" is not an email address", *s));
      } else {
        m_draft.lead_organization = *s;
      }
    }
  }

  void read_team(const toml::node& node) {
    const auto* arr = node.as_array();
    if (arr == nullptr || !arr->is_array_of_tables()) {
      if (arr != nullptr && arr->empty()) return;
      return fail(node,
                  fmt::format("'team' must be an array of tables ([[team]]), not {}", util::toml_type_name(node)));
    }
    std::size_t i = 0;
    for (const auto& item : *arr) {
      ++i;
      const auto& table = *item.as_table();
      domain::TeamMember member;
      bool ok = true;
      for (const auto& [key, value] : table) {
        const std::string k(key.str());
        if (!contains(team_keys(), k)) {
          unknown(value, k, "team", team_keys());
          ok = false;
          continue;
        }
        const auto s = text(value, "team." + k, k == "name");
        if (!s) {
          ok = false;
          continue;
        }
        if (k == "name") {
          member.name = *s;
        } else if (k == "email") {
          if (s->empty()) continue;
          if (!util::looks_like_email(util::normalize_email(*s))) {
            fail(value, fmt::format("'team.email' \"{}\" is not an email address", *s));
            ok = false;
          } else {
            member.email = util::normalize_email(*s);
          }
        } else {
          member.role = *s;
        }
      }
      if (!table.contains("name")) {
        fail(item, fmt::format("team member {} has no 'name'", i));
        ok = false;
      }
      if (ok) m_draft.team.push_back(std::move(member));
    }
  }

  util::Problems& m_problems;
  domain::ProposalDraft& m_draft;
  std::vector<Found> m_found;
};

} // namespace

const std::vector<std::string>& file_keys() {
  static const std::vector<std::string> keys{"title",   "summary", "audience",     "objectives", "sessions",
                                             "cadence", "start",   "credit_hours", "lead",       "team"};
  return keys;
}

const std::vector<std::string>& lead_keys() {
  static const std::vector<std::string> keys{"name", "email", "organization"};
  return keys;
}

const std::vector<std::string>& team_keys() {
  static const std::vector<std::string> keys{"name", "email", "role"};
  return keys;
}

const std::vector<std::string>& cadences() {
  static const std::vector<std::string> names(domain::k_repeat_names.begin(), domain::k_repeat_names.end());
  return names;
}

domain::TeamMember parse_team_spec(std::string_view spec) {
  domain::TeamMember m;
  const auto open = spec.find('<');
  const auto bad = [&](const std::string& why) {
    return Error(Exit::data,
                 fmt::format("--team \"{}\": {} (use \"NAME <EMAIL> ROLE\"; email and role optional)", spec, why));
  };
  if (open == std::string_view::npos) {
    if (spec.find('>') != std::string_view::npos) throw bad("'>' without '<'");
    m.name = util::trim(spec);
  } else {
    const auto close = spec.find('>', open);
    if (close == std::string_view::npos) throw bad("'<' without '>'");
    m.name = util::trim(spec.substr(0, open));
    const auto email = util::trim(spec.substr(open + 1, close - open - 1));
    if (!email.empty()) {
      if (!util::looks_like_email(util::normalize_email(email)))
        throw bad(fmt::format("\"{}\" is not an email address", email));
      m.email = util::normalize_email(email);
    }
    m.role = util::trim(spec.substr(close + 1));
  }
  if (m.name.empty()) throw bad("the name is missing");
  return m;
}

domain::ProposalDraft read_submission(const std::optional<SourceText>& file, const SubmitFlags& flags) {
  domain::ProposalDraft draft;
  const std::string origin = file ? file->name : std::string("command line");
  util::Problems problems(origin);

  const toml::node* lead_node = nullptr;
  if (file) {
    toml::table root;
    try {
      root = util::parse_toml(file->text, file->name);
    } catch (const toml::parse_error& e) {
      problems.add(e.source().begin.line, std::string(e.description()), e.source().begin.column);
      problems.throw_if_any(Exit::data);
    }
    FileReader reader(problems, draft);
    reader.read(root);
    lead_node = reader.lead_node;
    // Required keys the flags do not supply; a missing lead key points at its [lead] table.
    if (!root.contains("title") && !flags.title) reader.missing(nullptr, "title");
    const auto* lead = lead_node != nullptr ? lead_node->as_table() : nullptr;
    const auto* lead_at = lead != nullptr ? lead_node : nullptr;
    const bool lead_wrong_type = lead_node != nullptr && lead == nullptr; // already reported
    if (!lead_wrong_type && (lead == nullptr || !lead->contains("name")) && !flags.lead_name)
      reader.missing(lead_at, "lead.name");
    if (!lead_wrong_type && (lead == nullptr || !lead->contains("email")) && !flags.lead_email)
      reader.missing(lead_at, "lead.email");
    reader.flush();
  } else {
    std::vector<std::string> missing;
    if (!flags.title) missing.emplace_back("--title");
    if (!flags.lead_name) missing.emplace_back("--lead-name");
    if (!flags.lead_email) missing.emplace_back("--lead-email");
    if (!missing.empty())
      throw Error(Exit::usage, fmt::format("proposal submit needs a FILE.toml or {} (missing {})",
                                           "--title, --lead-name and --lead-email", util::join(missing, ", ")));
  }

  auto flag_problem = [&](const std::string& message) { problems.add_at("command line", message); };
  auto non_empty = [&](const std::optional<std::string>& v, const char* flag, std::string& into) {
    if (!v) return;
    auto t = util::trim(*v);
    if (t.empty())
      flag_problem(fmt::format("{} must not be empty", flag));
    else
      into = t;
  };
  non_empty(flags.title, "--title", draft.title);
  if (flags.summary) draft.summary = util::trim(*flags.summary);
  non_empty(flags.lead_name, "--lead-name", draft.lead_name);
  if (flags.lead_email) {
    const auto e = util::normalize_email(*flags.lead_email);
    if (util::looks_like_email(e))
      draft.lead_email = e;
    else
      flag_problem(fmt::format("--lead-email \"{}\" is not an email address", *flags.lead_email));
  }
  if (flags.lead_organization) draft.lead_organization = util::trim(*flags.lead_organization);
  auto list = [&](const std::vector<std::string>& values, const char* flag, std::vector<std::string>& into) {
    if (values.empty()) return;
    into.clear();
    for (const auto& v : values) {
      if (util::trim(v).empty())
        flag_problem(fmt::format("{} must not be empty", flag));
      else
        into.push_back(util::trim(v));
    }
  };
  list(flags.audience, "--audience", draft.audience);
  list(flags.objectives, "--objective", draft.objectives);
  if (flags.sessions) {
    if (*flags.sessions < 1 || *flags.sessions > k_max_sessions)
      flag_problem(fmt::format("--sessions must be between 1 and {}, not {}", k_max_sessions, *flags.sessions));
    else
      draft.sessions = *flags.sessions;
  }
  if (flags.cadence) {
    if (contains(cadences(), *flags.cadence))
      draft.cadence = *flags.cadence;
    else
      flag_problem(
          fmt::format("--cadence must be one of {}, not \"{}\"", util::join(cadences(), ", "), *flags.cadence));
  }
  if (flags.start) {
    try {
      const auto day = util::date_option(*flags.start, "--start");
      if (auto problem = util::date_problem(day)) throw Error(Exit::data, fmt::format("--start {}", *problem));
      draft.start = util::format_date(day);
    } catch (const Error& e) {
      if (e.code() == Exit::usage) throw;
      flag_problem(e.what());
    }
  }
  if (flags.credit_hours) {
    const double v = *flags.credit_hours;
    if (!std::isfinite(v) || v < 0 || v > k_max_credit_hours)
      flag_problem(fmt::format("--credit-hours must be between 0 and {}, not {}", k_max_credit_hours, v));
    else
      draft.credit_hours = v;
  }
  if (!flags.team.empty()) {
    draft.team.clear();
    for (const auto& spec : flags.team) {
      try {
        draft.team.push_back(parse_team_spec(spec));
      } catch (const Error& e) {
        flag_problem(e.what());
      }
    }
  }
  problems.throw_if_any(Exit::data);
  return draft;
}

} // namespace echo::proposal
