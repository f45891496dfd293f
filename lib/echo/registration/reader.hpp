#pragma once
// Recognises a registration export from its header text and turns its records into registrant
// rows. Pure: no database; problems are collected with their lines. The bytes are decoded and
// split by the attendance reader's machinery (attendance/text_decoder, csv_stream), dates read
// by attendance/datetime.
//
// Layouts:
// - Zoom meeting and webinar registration reports: a preamble ("Registration Report", "Report
//   Generated:", a `Topic,ID,Scheduled Time,...` block, "Registrant Details"), then
//   `First Name,Last Name,Email,Registration Time,Approval Status,...` and the hub's custom
//   questions (profession, organization, region, ...).
// - Zoom webinar attendee reports (`Attended,User Name (Original Name),First Name,...,
//   Registration Time,Approval Status,Join Time,...`): every attendee row is a registrant.
// - The generic CSV `session|series,email,name,registered_at` (profession, organization and
//   region columns optional).

#include "echo/attendance/datetime.hpp"
#include "echo/util/problems.hpp"
#include "echo/util/time.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace echo::registration {

enum class Layout { unknown, zoom, generic_csv };

// "zoom-registration", "csv"
std::string layout_name(Layout layout);

struct Meeting {
  std::size_t line = 0;
  std::string topic;
  std::string id;
  std::optional<util::LocalSeconds> start; // the scheduled (or actual) start, when the block gives one
  std::string start_text;
};

struct Registrant {
  std::size_t line = 0;
  std::string target;     // generic CSV: the session (CODE/N or id) or series (CODE) column
  bool by_series = false; // generic CSV: the first column is `series`
  std::string name;       // "First Last", else the name column
  std::string email;      // trimmed, lowercased; empty when none
  std::optional<util::LocalSeconds> registered_at;
  std::string approval;   // lowercased; empty when the export has none
  bool declined = false;  // denied, rejected or cancelled: not a registration
  std::string profession; // custom questions, trimmed; empty when not asked or not answered
  std::string organization;
  std::string region;
};

class Reader {
public:
  enum class Event { none, meeting, row, stop };

  explicit Reader(util::Problems& problems) : m_problems(problems) {}

  // Reads one CSV record: `meeting` after a meeting block's values, `row` for a valid registrant
  // (see row()), `stop` when the file cannot be read further (problem recorded).
  Event read(const std::vector<std::string>& fields, std::size_t line);
  // Records the problems of a file that ended early: empty, no registrant header, no rows.
  void finish();

  [[nodiscard]] Layout layout() const { return m_layout; }
  [[nodiscard]] const Meeting& meeting() const { return m_meeting; }
  [[nodiscard]] bool has_meeting() const { return m_has_meeting; }
  [[nodiscard]] const Registrant& row() const { return m_row; }
  [[nodiscard]] std::size_t rows_read() const { return m_rows; }

  // N/N/YYYY dates: read in this order when set; otherwise a date whose first field is above 12
  // is day first, any other month first (the caller surveys the file first: see below).
  void set_date_order(attendance::DateOrder order) { m_order = order; }
  // Otherwise `decide` is asked at the first such date (it may throw): files with ISO dates
  // only are never surveyed.
  void set_date_order_decider(std::function<attendance::DateOrder()> decide) { m_decide = std::move(decide); }
  struct DateSeen {
    std::size_t line = 0; // 0: none seen
    std::string text;
  };
  // The first date whose first field is above 12 (day first), and whose second is (month first).
  [[nodiscard]] const DateSeen& day_first() const { return m_day_first; }
  [[nodiscard]] const DateSeen& month_first() const { return m_month_first; }

private:
  enum class State { start, meeting_values, preamble, rows, failed };
  struct Columns {
    int target = -1, name = -1, first = -1, last = -1, email = -1, registered = -1, approval = -1, profession = -1,
        organization = -1, region = -1;
  };
  bool take_header(const std::vector<std::string>& keys, std::size_t line);
  Event read_row(const std::vector<std::string>& f, std::size_t line);
  std::optional<util::LocalSeconds> time(std::string_view text, std::size_t line);

  util::Problems& m_problems;
  Layout m_layout = Layout::unknown;
  State m_state = State::start;
  std::vector<std::string> m_meeting_keys;
  Meeting m_meeting;
  bool m_has_meeting = false;
  bool m_seen_record = false;
  std::size_t m_header_line = 0;
  Columns m_cols;
  bool m_by_series = false;
  Registrant m_row;
  std::size_t m_rows = 0;
  std::optional<attendance::DateOrder> m_order;
  std::function<attendance::DateOrder()> m_decide;
  DateSeen m_day_first, m_month_first;
};

} // namespace echo::registration
