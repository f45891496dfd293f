#include "echo/participant/import.hpp"

#include "echo/attendance/csv_stream.hpp"
#include "echo/attendance/export_reader.hpp"
#include "echo/db/participant_repo.hpp"
#include "echo/util/problems.hpp"
#include "echo/util/text.hpp"
#include "echo/util/validate.hpp"

#include <fmt/format.h>

#include <array>
#include <filesystem>
#include <string_view>
#include <unordered_map>

namespace echo::participant {

namespace {

constexpr std::array<const char*, 6> k_columns{"name", "email", "profession", "organization", "region", "rural"};

} // namespace

ImportResult import_participants(db::Database& db, const std::filesystem::path& file,
                                 const util::ProgressCallback& progress_callback) {
  util::Problems problems(file.string());
  ImportResult result;
  // The import inserts and updates participants only; with keys enforced the guard also wants
  // the tables an ON DELETE action of a participant row reaches (aliases, certificates,
  // registrations, evaluation responses and their answers): the history loads only these
  // tables' triggers, and refuses any other.
  const db::Database::WriteLimit limit(db, {"participant", "participant_alias", "certificate", "registration",
                                            "evaluation_response", "evaluation_answer"});
  return db.write([&] {
    db::ParticipantRepo repo(db);
    std::array<int, k_columns.size()> col{};
    col.fill(-1);
    bool header = false;
    std::size_t header_fields = 0; // named columns, trailing empty ones (a trailing comma) left out
    bool any_record = false;
    // Emails seen so far, for duplicates: a 64-bit hash of the email -> its line (about 40 bytes
    // a row instead of the email's text), so that memory stays small as the file streams.
    std::unordered_map<std::size_t, std::size_t> seen;
    std::error_code size_error;
    const auto size = std::filesystem::file_size(file, size_error);
    const std::uint64_t total = size_error ? 0 : static_cast<std::uint64_t>(size);
    std::uint64_t bytes_read = 0;
    util::Progress progress(progress_callback);
    const auto on_record = [&](const std::vector<std::string>& f, std::size_t line) {
      bool blank = true;
      for (const auto& x : f)
        if (!util::trim(x).empty()) blank = false;
      if (blank) return true;
      any_record = true;
      if (!header) {
        header = true;
        for (std::size_t i = 0; i < f.size(); ++i) {
          const auto key = util::ascii_lower(util::trim(f[i]));
          if (key.empty()) continue; // trailing comma
          bool known = false;
          for (std::size_t c = 0; c < k_columns.size(); ++c)
            if (key == k_columns[c]) {
              col[c] = static_cast<int>(i);
              known = true;
            }
          if (!known)
            problems.add(line,
                         fmt::format("unknown column '{}' (expected name,email,profession,organization,region,rural)",
                                     util::trim(f[i])));
        }
        header_fields = f.size();
        while (header_fields > 0 && util::trim(f[header_fields - 1]).empty()) --header_fields;
        if (col[0] < 0 || col[1] < 0) {
          problems.add(line, "the header needs the columns name and email");
          return false;
        }
        return problems.empty();
      }
      ++result.rows;
      progress.row(bytes_read, total);
      // A row with other fields than the header has lost or gained a comma: its cells would be
      // read under the wrong columns. Trailing empty fields (trailing commas) do not count.
      std::size_t fields = f.size();
      while (fields > header_fields && util::trim(f[fields - 1]).empty()) --fields;
      if (fields != header_fields) {
        problems.add(line, fmt::format("{} fields, the header has {}", fields, header_fields));
        return true;
      }
      auto cell = [&](std::size_t c) -> std::string {
        if (col[c] < 0 || static_cast<std::size_t>(col[c]) >= f.size()) return {};
        return util::trim(f[static_cast<std::size_t>(col[c])]);
      };
      const auto name = cell(0);
      const auto email = util::normalize_email(cell(1));
      const auto before = problems.count();
      if (name.empty()) problems.add(line, "no name");
      if (email.empty())
        problems.add(line, "no email (participants are matched by email)");
      else if (!util::looks_like_email(email))
        problems.add(line, fmt::format("'{}' is not an email address", email));
      else if (auto [it, fresh] = seen.try_emplace(std::hash<std::string_view>{}(email), line); !fresh)
        problems.add(line, fmt::format("{} is already on line {}", email, it->second));
      std::optional<bool> rural;
      if (const auto text = cell(5); !text.empty()) {
        rural = domain::parse_rural(text);
        if (!rural) problems.add(line, fmt::format("rural '{}' must be yes/no, true/false or 1/0", text));
      }
      if (!util::is_valid_utf8(name)) problems.add(line, "the name is not UTF-8 text (save the file as UTF-8)");
      for (std::size_t c = 0; c < k_columns.size(); ++c)
        if (auto problem = util::text_problem(cell(c)); problem && (c != 0 || util::is_valid_utf8(name)))
          problems.add(line, fmt::format("{} {}", k_columns[c], *problem));
      if (problems.count() != before || !problems.empty()) return true;

      auto set = [](std::optional<std::string>& field, const std::string& value) {
        if (!value.empty()) field = value;
      };
      if (auto id = repo.by_email(email)) {
        auto p = *repo.get(*id);
        const auto old = p;
        p.name = name;
        set(p.profession, cell(2));
        set(p.organization, cell(3));
        set(p.region, cell(4));
        if (rural) p.rural = *rural;
        if (p.name == old.name && p.profession == old.profession && p.organization == old.organization &&
            p.region == old.region && p.rural == old.rural) {
          ++result.unchanged;
        } else {
          repo.update(p);
          ++result.updated;
        }
      } else {
        domain::Participant p;
        p.name = name;
        p.email = email;
        set(p.profession, cell(2));
        set(p.organization, cell(3));
        set(p.region, cell(4));
        p.rural = rural.value_or(false);
        repo.insert(p);
        ++result.added;
      }
      return true;
    };
    const auto streamed = attendance::stream_csv_file(file, on_record, &bytes_read);
    progress.finish();
    if (streamed.error)
      problems.add(streamed.error->line, streamed.error->message, streamed.error->column);
    else if (streamed.binary)
      problems.add(streamed.binary_line, "binary content (a NUL byte): not a CSV text file");
    else if (!any_record)
      problems.add(0, "the file is empty");
    else if (problems.empty() && result.rows == 0)
      problems.add(1, "header only: the file has no participant rows");
    problems.throw_if_any(Exit::data);
    return result;
  });
}

} // namespace echo::participant
