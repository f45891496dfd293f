#pragma once
// `report registrations`: the raw rows db/registration_repo reads (sessions of the period, one
// fact per person and session, who the people are) and the figures the report service makes of
// them. See man/echoctl-report.1, REPORT REGISTRATIONS.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace echo::domain {

// A session of the period, by start time.
struct RegistrationSession {
  std::string session; // CODE/N
  std::string series;
  std::string date; // local date
  bool held = false;
};

// A person registered for (the session or its series) or attending a session of the period.
struct RegistrationFact {
  std::size_t session = 0; // index in RegistrationRows::sessions
  std::int64_t person = 0; // participant id
  bool registered = false;
  bool came = false;        // attendance in any role (held sessions only)
  bool participant = false; // attendance in the participant role (held sessions only)
};

// Who a person of the facts is: profession and region canonical when the reference data is loaded
// (null: none recorded).
struct RegistrationPerson {
  std::int64_t id = 0;
  std::optional<std::string> email;
  std::string name;
  std::optional<std::string> profession;
  std::optional<std::string> region;
};

struct RegistrationRows {
  std::vector<RegistrationSession> sessions;
  std::vector<RegistrationFact> facts;
  std::vector<RegistrationPerson> people;
};

// One row of `report registrations`: a session of the period.
struct RegistrationReportRow {
  std::string session; // CODE/N
  std::string series;
  std::string date; // local date
  bool held = false;
  std::int64_t registered = 0;          // distinct participants registered for it or its series
  std::optional<std::int64_t> attended; // participant-role attendance (held sessions only)
  std::optional<std::int64_t> no_shows; // registered, no attendance in any role (held only)
  std::optional<std::int64_t> walk_ins; // participant-role attendance without registration (held only)
};

// A group (a series, a profession, a region) of the registrations at held sessions.
struct RegistrationGroupRow {
  std::string name;
  std::int64_t registered = 0; // registrations (person x held session)
  std::int64_t attended = 0;   // of them, attended
  std::int64_t no_shows = 0;
  std::int64_t walk_ins = 0; // participant-role attendance without registration
};

// Someone registered for two or more sessions of the period who attended none of the held ones.
struct NeverAttendedRow {
  std::optional<std::string> email;
  std::string name;
  std::int64_t registered_sessions = 0; // sessions of the period they were registered for
  std::int64_t held_sessions = 0;       // of them, held
};

struct RegistrationReport {
  std::vector<RegistrationReportRow> sessions;
  std::vector<RegistrationGroupRow> series, by_profession, by_region;
  std::vector<NeverAttendedRow> never_attended;
};

} // namespace echo::domain
