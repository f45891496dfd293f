#include "echo/evaluation/service.hpp"

#include "echo/attendance/csv_stream.hpp"
#include "echo/db/evaluation_repo.hpp"
#include "echo/db/lookup.hpp"
#include "echo/error.hpp"
#include "echo/evaluation/map.hpp"
#include "echo/util/problems.hpp"
#include "echo/util/text.hpp"
#include "echo/util/time.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace echo::evaluation {

namespace {

struct Answer {
  std::size_t item = 0; // index in the map's items
  std::string text;
  std::optional<double> score; // nullopt: free text
};

struct Response {
  std::size_t line = 0;
  std::optional<std::string> email;
  std::optional<std::string> profession;
  std::vector<Answer> answers;
};

bool has(const std::vector<std::string>& header, std::string_view name) {
  return std::find(header.begin(), header.end(), name) != header.end();
}

// Reads the export: the header (and Qualtrics' two extra header rows), then every response,
// scored against the map. Problems are collected, not thrown.
class SurveyReader {
public:
  SurveyReader(const Map& map, const std::string& file, util::Problems& data, util::Problems& mapping)
      : m_map(map), m_file(file), m_data(data), m_mapping(mapping) {}

  bool on_record(const std::vector<std::string>& fields, std::size_t line) {
    if (!m_header_seen) {
      if (std::all_of(fields.begin(), fields.end(), [](const std::string& f) { return util::trim(f).empty(); }))
        return true;
      header(fields);
      m_header_seen = true;
      return m_columns_ok;
    }
    if (std::all_of(fields.begin(), fields.end(), [](const std::string& f) { return util::trim(f).empty(); }))
      return true;
    // Qualtrics writes the question texts and {"ImportId": ...} under the names.
    if (m_layout == "qualtrics" && m_extra_rows < 2 && is_qualtrics_header_row(fields)) {
      ++m_extra_rows;
      return true;
    }
    m_extra_rows = 2;
    row(fields, line);
    return true;
  }

  [[nodiscard]] const std::string& layout() const { return m_layout; }
  [[nodiscard]] bool header_seen() const { return m_header_seen; }
  [[nodiscard]] std::vector<Response>& responses() { return m_responses; }

private:
  void header(const std::vector<std::string>& fields) {
    for (const auto& f : fields) m_header.push_back(util::trim(f));
    m_layout = detect_layout(m_header);
    auto find = [&](const std::string& column, const std::string& where) -> std::optional<std::size_t> {
      std::optional<std::size_t> found;
      for (std::size_t i = 0; i < m_header.size(); ++i)
        if (m_header[i] == column) {
          if (found) {
            m_mapping.add_at(where, fmt::format("column \"{}\" appears twice in {}'s header", column, m_file));
            m_columns_ok = false;
            return std::nullopt;
          }
          found = i;
        }
      if (!found) {
        std::string hint;
        if (auto m = util::closest_match(column, m_header)) hint = fmt::format(" (did you mean \"{}\"?)", *m);
        m_mapping.add_at(where, fmt::format("no column \"{}\" in {}{}", column, m_file, hint));
        m_columns_ok = false;
      }
      return found;
    };
    if (m_map.email) m_email = find(*m_map.email, m_map.email_where);
    if (m_map.profession) m_profession = find(*m_map.profession, m_map.profession_where);
    for (const auto& item : m_map.items) m_items.push_back(find(item.column, item.column_where));
    if (m_layout == "qualtrics") m_response_id = find_plain("ResponseId");
  }

  std::optional<std::size_t> find_plain(std::string_view name) const {
    for (std::size_t i = 0; i < m_header.size(); ++i)
      if (m_header[i] == name) return i;
    return std::nullopt;
  }

  bool is_qualtrics_header_row(const std::vector<std::string>& fields) const {
    for (const auto& f : fields)
      if (util::trim(f).rfind("{\"ImportId\"", 0) == 0) return true;
    if (m_response_id && *m_response_id < fields.size()) {
      const auto id = util::trim(fields[*m_response_id]);
      return id == "Response ID" || id == "ResponseID" || id == "ResponseId";
    }
    return false;
  }

  void row(const std::vector<std::string>& fields, std::size_t line) {
    if (fields.size() > m_header.size()) {
      m_data.add(line, fmt::format("{} fields, the header has {}", fields.size(), m_header.size()));
      return;
    }
    auto cell = [&](std::size_t i) { return i < fields.size() ? util::trim(fields[i]) : std::string(); };
    Response r;
    r.line = line;
    if (m_email) {
      auto e = cell(*m_email);
      if (!e.empty() && util::ascii_lower(e) != "anonymous") r.email = e;
    }
    if (m_profession) {
      auto p = cell(*m_profession);
      if (!p.empty()) r.profession = p;
    }
    for (std::size_t k = 0; k < m_map.items.size(); ++k) {
      const auto& item = m_map.items[k];
      const auto text = cell(*m_items[k]);
      const auto s = score(item, text);
      switch (s.kind) {
      case AnswerKind::blank: break;
      case AnswerKind::text: r.answers.push_back({k, text, std::nullopt}); break;
      case AnswerKind::scored: r.answers.push_back({k, text, s.value}); break;
      case AnswerKind::invalid:
        m_data.add(line,
                   fmt::format("column \"{}\": \"{}\" is not an answer of item '{}' ({}): expected {} ({})",
                               item.column, text, item.id, scale_name(item.scale), expected_answers(item), item.where));
        break;
      }
    }
    m_responses.push_back(std::move(r));
  }

  const Map& m_map;
  const std::string& m_file;
  util::Problems& m_data;
  util::Problems& m_mapping;
  bool m_header_seen = false;
  bool m_columns_ok = true;
  std::vector<std::string> m_header;
  std::string m_layout = "csv";
  std::optional<std::size_t> m_email, m_profession, m_response_id;
  std::vector<std::optional<std::size_t>> m_items;
  int m_extra_rows = 0;
  std::vector<Response> m_responses;
};

struct DryRunDone {
  ImportResult result;
};

std::string labels_json(const Item& item) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& l : item.labels) j.push_back(l);
  return j.dump();
}

// The header of a file, for the message that asks for a map.
std::vector<std::string> read_header(const std::filesystem::path& file) {
  std::vector<std::string> header;
  attendance::stream_csv_file(
      file,
      [&](const std::vector<std::string>& fields, std::size_t) {
        header.clear();
        for (const auto& f : fields) header.push_back(util::trim(f));
        return std::all_of(header.begin(), header.end(), [](const std::string& f) { return f.empty(); });
      },
      nullptr, true);
  return header;
}

} // namespace

std::string detect_layout(const std::vector<std::string>& header) {
  if (has(header, "record_id") || has(header, "redcap_survey_identifier") || has(header, "Survey Identifier") ||
      (!header.empty() && header[0] == "Record ID"))
    return "redcap";
  if (has(header, "ResponseId") || has(header, "ResponseID") ||
      (has(header, "StartDate") && has(header, "EndDate") && has(header, "Status")))
    return "qualtrics";
  if (header.size() >= 3 && header[0] == "ID" && header[1] == "Start time" && header[2] == "Completion time")
    return "msforms";
  if (!header.empty() && header[0] == "Timestamp") return "googleforms";
  return "csv";
}

void check(const ImportRequest& request) {
  if (request.session_ref.empty() == request.series_code.empty())
    throw Error(Exit::usage, "evaluation import: give exactly one of --session REF and --series CODE");
  const auto file = request.file.string();
  if (request.map.empty()) {
    const auto header = read_header(request.file);
    std::vector<std::string> quoted;
    for (const auto& h : header) quoted.push_back("\"" + h + "\"");
    throw Error(Exit::usage,
                fmt::format("{}: --map MAP.toml is needed: it says which column is the email (if any) and which "
                            "are items with their level, scale and labels; the file's columns ({}): {}",
                            file, detect_layout(header), util::join(quoted, ", ")));
  }
  (void)read_map(request.map);
}

ImportResult import_evaluation(db::Database& db, const ImportRequest& request) {
  check(request);
  const auto file = request.file.string();
  const auto map = read_map(request.map);

  util::Problems mapping(map.file);
  util::Problems data(file);
  SurveyReader reader(map, file, data, mapping);
  const auto streamed = attendance::stream_csv_file(
      request.file,
      [&](const std::vector<std::string>& fields, std::size_t line) { return reader.on_record(fields, line); }, nullptr,
      true);
  if (streamed.error)
    data.add(streamed.error->line, streamed.error->message, streamed.error->column);
  else if (streamed.binary)
    data.add(streamed.binary_line, "binary content (a NUL byte): not a CSV text file");
  else if (!reader.header_seen())
    data.add(0, "no header row: the file is empty");
  if (!mapping.empty()) {
    mapping.merge(data);
    mapping.throw_if_any(Exit::data);
  }
  data.throw_if_any(Exit::data);

  ImportResult result;
  result.layout = reader.layout();
  result.encoding = std::string(attendance::encoding_name(streamed.encoding));
  result.delimiter = streamed.delimiter;
  result.items = map.items.size();
  result.dry_run = request.dry_run;
  auto& responses = reader.responses();
  if (responses.empty()) result.warnings.push_back(fmt::format("{}: no responses", file));
  if (!map.email) result.warnings.emplace_back("the map names no email column: the responses stay anonymous");

  try {
    // The import replaces its earlier import of the file and writes the new one: these four
    // tables only (an ON DELETE of an import reaches no other). The history loads only their
    // triggers, and refuses any other.
    const db::Database::WriteLimit limit(
        db, {"evaluation_import", "evaluation_item", "evaluation_response", "evaluation_answer"});
    return db.write([&] {
      std::optional<std::int64_t> session_id, series_id;
      std::string entity;
      if (!request.session_ref.empty()) {
        const auto s = db::find_session(db, request.session_ref);
        session_id = s.id;
        result.scope = s.ref();
        entity = "session";
      } else {
        const auto s = db::find_series(db, request.series_code);
        series_id = s.id;
        result.scope = s.code;
        entity = "series";
      }
      db::EvaluationRepo repo(db);
      const auto sha = attendance::hash_file(request.file);
      if (const auto earlier = repo.find_import(sha, session_id, series_id)) {
        repo.delete_import(*earlier);
        result.replaced = true;
      }
      const auto now = util::format_utc(util::now_utc());
      const auto import_id =
          repo.insert_import(request.file.filename().string(), sha, result.layout, session_id, series_id,
                             request.anonymise, static_cast<std::int64_t>(responses.size()), now, request.actor);
      std::vector<std::int64_t> item_ids;
      int position = 0;
      for (const auto& item : map.items)
        item_ids.push_back(repo.insert_item(
            import_id, position++,
            {item.id, item.column, item.level, std::string(scale_name(item.scale)), item.phase, labels_json(item)}));
      std::vector<std::string> unknown;
      std::set<std::string> invalid;
      for (auto& r : responses) {
        std::optional<std::int64_t> participant;
        if (r.email) {
          if (util::looks_like_email(*r.email)) {
            participant = db::participant_by_email(db, util::normalize_email(*r.email));
            if (participant) {
              ++result.matched;
            } else {
              ++result.unknown_emails;
              if (unknown.size() < 5) unknown.push_back(*r.email);
            }
          } else {
            ++result.unknown_emails;
            invalid.insert(fmt::format("{}:{}", file, r.line));
          }
        } else {
          ++result.anonymous;
        }
        auto profession = r.profession;
        auto email = r.email;
        if (request.anonymise) {
          if (participant)
            if (auto p = repo.participant_profession(*participant)) profession = p;
          participant.reset();
          email.reset();
        }
        if (participant) ++result.linked;
        const auto response_id =
            repo.insert_response(import_id, static_cast<std::int64_t>(r.line), participant, email, profession);
        for (const auto& a : r.answers) repo.insert_answer(response_id, item_ids[a.item], a.text, a.score);
      }
      result.responses = static_cast<std::int64_t>(responses.size());
      if (result.unknown_emails > static_cast<std::int64_t>(invalid.size()))
        result.warnings.push_back(
            fmt::format("{} response{} with an email no participant has (kept unlinked): {}{}",
                        result.unknown_emails - static_cast<std::int64_t>(invalid.size()),
                        result.unknown_emails - static_cast<std::int64_t>(invalid.size()) == 1 ? "" : "s",
                        util::join(unknown, ", "),
                        result.unknown_emails - static_cast<std::int64_t>(invalid.size()) > 5 ? ", ..." : ""));
      for (const auto& where : invalid)
        result.warnings.push_back(fmt::format("{}: the email is not an email address (kept unlinked)", where));
      nlohmann::ordered_json details{{"file", request.file.filename().string()},
                                     {"layout", result.layout},
                                     {"responses", result.responses},
                                     {"linked", result.linked},
                                     {"items", result.items},
                                     {"anonymised", request.anonymise},
                                     {"replaced", result.replaced}};
      db::audit(db, request.actor, "evaluation.import", entity, session_id ? *session_id : *series_id, "",
                details.dump());
      if (request.dry_run) throw DryRunDone{result};
      return result;
    });
  } catch (DryRunDone& done) {
    return done.result;
  }
}

std::string format_summary(const ImportResult& r, const std::string& file) {
  std::vector<std::string> parts;
  if (r.linked > 0 || r.matched > 0)
    parts.push_back(r.linked == r.matched ? fmt::format("{} linked", r.linked)
                                          : fmt::format("{} matched, then anonymised", r.matched));
  if (r.unknown_emails > 0)
    parts.push_back(fmt::format("{} unknown email{}", r.unknown_emails, r.unknown_emails == 1 ? "" : "s"));
  if (r.anonymous > 0) parts.push_back(fmt::format("{} anonymous", r.anonymous));
  return fmt::format("{}: {} response{}{}, {} item{} from {} ({}){}", r.scope, util::group_digits(r.responses),
                     r.responses == 1 ? "" : "s", parts.empty() ? "" : " (" + util::join(parts, ", ") + ")", r.items,
                     r.items == 1 ? "" : "s", file, r.layout,
                     r.replaced ? "; replaced the earlier import of this file" : "");
}

} // namespace echo::evaluation
