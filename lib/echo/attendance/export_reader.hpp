#pragma once
// Recognises the layout of an attendance export from its header text and turns its records
// into meeting information and person rows. Pure: no database; problems are collected.
//
// Layouts: Zoom's older meeting export (`Meeting ID,Topic,Start Time,...` block, blank line,
// `Name (Original Name),User Email,Join Time,Leave Time,...`), the newer lowercase one
// (`Topic,ID,Host,...`, `Name (original name),Email,Join time,...`), participants-only files,
// the "unique users" variant (`Total Duration (Minutes)`, no times), the webinar attendee report
// (`Attendee Report`, `Host Details`, `Panelist Details`, `Attendee Details` sections) and the
// generic CSV `session,email,name,minutes` (or `join,leave` instead of `minutes`).

#include "echo/attendance/datetime.hpp"
#include "echo/util/problems.hpp"
#include "echo/util/time.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace echo::attendance {

enum class Layout {
  unknown,
  zoom_meeting,      // older export with the `Meeting ID,...` block
  zoom_meeting_new,  // newer lowercase export with the `Topic,ID,Host,...` block
  zoom_details,      // admin export: the meeting's columns repeated on every participant row
  zoom_participants, // participant rows only, no meeting block
  zoom_unique_users, // `Total Duration (Minutes)`, no join/leave times
  zoom_webinar,      // webinar attendee report
  generic_csv,       // session,email,name,minutes|join,leave
  teams,             // Microsoft Teams attendance report: 1. Summary, 2. Participants, 3. In-Meeting Activities
  teams_list,        // Microsoft Teams 2020 list: Full Name,User Action,Timestamp (joined/left rows)
  meet,              // Google Meet attendance CSV: First name,Last name,Email,Duration,Time joined,Time exited
};

// "zoom-meeting", "zoom-webinar", "csv", ...
std::string_view layout_name(Layout layout);

struct Meeting {
  std::size_t line = 0;
  std::string topic;
  std::string id;
  std::optional<util::LocalSeconds> start;
  std::string host_email; // lowercased; empty when the header names no email
  std::string host_name;
};

struct PersonRow {
  std::size_t line = 0;
  std::string name;     // display name as written (the part before "(Original Name)")
  std::string original; // the name in parentheses of "Display (Original)", empty when none
  std::string email;    // trimmed, lowercased; empty when none
  std::optional<util::LocalSeconds> join;
  std::optional<util::LocalSeconds> leave;
  std::optional<std::int64_t> minutes; // layouts with minutes instead of join/leave times
  bool hub = false;                    // webinar host or panelist
  bool ignored = false;                // waiting room, or webinar Attended = No: read but not recorded
  std::string session;                 // generic CSV: the session column
  bool registrant = false;             // webinar attendee with a Registration Time column: registered
};

// Splits "Dr. Lee (Alice Lee)" into {"Dr. Lee", "Alice Lee"}; a name without a trailing
// parenthesised part comes back as {name, ""}. Parenthesised pronouns and titles are dropped,
// never taken for the original name: "Sam Roy (they/them)" is {"Sam Roy", ""} and
// "Kit (he/him) (Christopher Lau)" is {"Kit", "Christopher Lau"}.
std::pair<std::string, std::string> split_display_name(std::string_view text);
// "he/him", "they/them", "any pronouns" (every word a pronoun).
bool is_pronouns(std::string_view text);
// "Dr.", "MD", "RN, BSN" (every word a title or credential).
bool is_title(std::string_view text);

class ExportReader {
public:
  enum class Event { none, meeting, row, stop };

  // forced: "zoom" or "csv" to insist on a source (--source); empty to detect.
  ExportReader(util::Problems& problems, std::string forced = "");

  // Reads one CSV record. `meeting` after a meeting block's values, `row` for a person row
  // (see row()), `stop` when the file cannot be read further (problem recorded).
  Event read(const std::vector<std::string>& fields, std::size_t line);
  // Records the problems of a file that ended early: empty, header only, no rows.
  void finish();
  // After the last record, for the 2020 Teams list: a person still in the meeting at the end
  // becomes a row (see row()) leaving at the list's last timestamp; false when none is left.
  bool flush_open();

  [[nodiscard]] Layout layout() const { return m_layout; }
  [[nodiscard]] bool generic() const { return m_layout == Layout::generic_csv; }
  // "zoom", "teams", "meet" or "csv": the attendance source and ledger kind of the layout.
  [[nodiscard]] std::string_view source() const {
    return m_layout == Layout::generic_csv                               ? "csv"
           : m_layout == Layout::teams || m_layout == Layout::teams_list ? "teams"
           : m_layout == Layout::meet                                    ? "meet"
                                                                         : "zoom";
  }
  [[nodiscard]] const Meeting& meeting() const { return m_meeting; }
  [[nodiscard]] bool has_meeting() const { return m_has_meeting; }
  // True once after the row that first set the meeting (details export): the caller handles the
  // meeting before that row.
  bool take_meeting_fresh() { return std::exchange(m_meeting_fresh, false); }
  [[nodiscard]] const PersonRow& row() const { return m_row; }
  [[nodiscard]] std::size_t rows_read() const { return m_rows; }

  // N/N/YYYY dates: the order, when known; otherwise `decide` is asked at the first such date
  // (it may throw). Without either, each date is read month first unless its first field is
  // above 12 (a survey of the file: see the evidence below).
  void set_date_order(DateOrder order) { m_order = order; }
  void set_date_order_decider(std::function<DateOrder()> decide) { m_decide = std::move(decide); }
  [[nodiscard]] std::optional<DateOrder> date_order() const { return m_order; }
  struct DateSeen {
    std::size_t line = 0; // 0: none seen
    std::string text;
  };
  // The first date whose first field is above 12 (day first), and whose second is (month first).
  [[nodiscard]] const DateSeen& day_first() const { return m_day_first; }
  [[nodiscard]] const DateSeen& month_first() const { return m_month_first; }
  // The meeting's start, else the first counted join: the time that finds the session.
  [[nodiscard]] const DateSeen& anchor() const { return m_anchor; }

private:
  enum class State { start, meeting_values, expect_header, rows, failed };
  struct Columns {
    int name = -1, email = -1, join = -1, leave = -1, minutes = -1, waiting = -1, attended = -1, session = -1,
        first = -1, last = -1, role = -1, joined = -1, action = -1, stamp = -1, registered = -1;
  };

  Event read_header_or_section(const std::vector<std::string>& f, std::size_t line);
  Event read_teams(const std::vector<std::string>& f, std::size_t line);
  Event read_list_row(const std::vector<std::string>& f, std::size_t line);
  bool take_participant_header(const std::vector<std::string>& f, std::size_t line, std::size_t from = 0);
  Meeting parse_meeting(const std::vector<std::string>& f, std::size_t line);
  std::optional<util::LocalSeconds> time(std::string_view text, std::size_t line);
  [[nodiscard]] std::string order_note() const;
  Event read_row(const std::vector<std::string>& f, std::size_t line);
  void read_meeting_values(const std::vector<std::string>& f, std::size_t line);

  util::Problems& m_problems;
  std::string m_forced;
  Layout m_layout = Layout::unknown;
  State m_state = State::start;
  std::vector<std::string> m_meeting_header;
  Meeting m_meeting;
  bool m_has_meeting = false;
  bool m_meeting_fresh = false;
  bool m_section_hub = false;
  bool m_seen_record = false;
  std::size_t m_header_line = 0;
  Columns m_cols;
  PersonRow m_row;
  std::size_t m_rows = 0;
  int m_teams_section = 0;
  struct OpenJoin {
    util::LocalSeconds at;
    std::size_t line = 0;
  };
  std::map<std::string, OpenJoin> m_open; // teams_list: joined, not yet left
  std::optional<util::LocalSeconds> m_last_stamp;
  bool m_teams_summary_rows = false;
  std::optional<DateOrder> m_order;
  std::function<DateOrder()> m_decide;
  DateSeen m_day_first, m_month_first, m_anchor;
};

} // namespace echo::attendance
